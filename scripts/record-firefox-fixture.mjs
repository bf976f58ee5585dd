// Records the Firefox MediaRecorder fixture used by test/browser/webm-normalizer.test.ts:
// VP8 + Opus WebM from Firefox's fake camera and microphone, timeslice 20 ms, with the exact
// chunk boundaries the recorder produced (Firefox cuts on element starts and emits empty
// chunks, unlike Chromium). Run by hand: `node scripts/record-firefox-fixture.mjs [seconds]`.
//
// Output: test/fixtures/firefox-vp8-opus-20ms.webm (the bytes) and .chunks.json (chunk lengths
// in order, empty ones included, plus how it was recorded).
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { findFirefox } from './browsers.mjs';

const SECONDS = Number(process.argv[2] ?? 9);
const TIMESLICE = 20;
const MIME = 'video/webm;codecs=vp8,opus';
// Keeps the fixture small enough to commit (~1 MB for 9 s).
const VIDEO_BPS = 800_000;
const OUT = new URL('../test/fixtures/firefox-vp8-opus-20ms', import.meta.url).pathname;

const PAGE = `<!doctype html><meta charset="utf-8"><title>record</title><script type="module">
window.record = async (seconds, timeslice, mimeType, videoBitsPerSecond) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond });
  const blobs = [];
  recorder.ondataavailable = (e) => blobs.push(e.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start(timeslice);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  recorder.stop();
  await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
  stream.getTracks().forEach((t) => t.stop());
  const lengths = blobs.map((b) => b.size);
  const body = await new Blob(blobs).arrayBuffer();
  const res = await fetch('/upload?lengths=' + encodeURIComponent(JSON.stringify(lengths)), { method: 'POST', body });
  return { status: res.status, chunks: lengths.length, bytes: body.byteLength, mimeType: recorder.mimeType };
};
</script>`;

let upload;
const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url?.startsWith('/upload')) {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => {
      const lengths = JSON.parse(new URL(req.url, 'http://x').searchParams.get('lengths') ?? '[]');
      upload = { bytes: Buffer.concat(parts), lengths };
      res.end('ok');
    });
    return;
  }
  res.setHeader('content-type', 'text/html');
  res.end(PAGE);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const executablePath = findFirefox();
if (!executablePath) throw new Error('No Firefox found (apt-get install firefox-esr, or set FIREFOX_PATH)');
// Firefox writes its profile and caches under HOME: keep them out of the real one.
const home = mkdtempSync(join(tmpdir(), 'ff-home-'));
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath,
  headless: true,
  env: { ...process.env, HOME: home },
  extraPrefsFirefox: {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'media.autoplay.default': 0,
    'media.autoplay.blocking_policy': 0,
  },
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(
    (s, t, m, b) => window.record(s, t, m, b),
    SECONDS,
    TIMESLICE,
    MIME,
    VIDEO_BPS,
  );
  if (!upload || result.status !== 200) throw new Error(`upload failed: ${JSON.stringify(result)}`);
  const sum = upload.lengths.reduce((a, b) => a + b, 0);
  if (sum !== upload.bytes.length) throw new Error(`chunk lengths add up to ${sum}, got ${upload.bytes.length} bytes`);
  writeFileSync(`${OUT}.webm`, upload.bytes);
  const meta = {
    recordedWith: `${await browser.version()} (scripts/record-firefox-fixture.mjs)`,
    mimeType: result.mimeType,
    timesliceMs: TIMESLICE,
    seconds: SECONDS,
    videoBitsPerSecond: VIDEO_BPS,
    chunkLengths: upload.lengths,
  };
  writeFileSync(`${OUT}.chunks.json`, JSON.stringify(meta) + '\n');
  console.log(`wrote ${OUT}.webm: ${upload.bytes.length} bytes in ${upload.lengths.length} chunks`);
} finally {
  await browser.close();
  server.close();
  rmSync(home, { recursive: true, force: true });
}
