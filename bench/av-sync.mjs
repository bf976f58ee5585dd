// A/V sync: how far a remote person's sound lags their picture, per browser and renderer, with
// WebRTC (an RTCPeerConnection pair in one page) in each browser as the reference. The sender
// is a Chromium (`auto`) whose camera paints the clock and whose microphone beeps at every
// whole second (pages/sync.js); each viewer measures every presented frame's latency and every
// beep's. Lip sync is felt past about 45 ms of sound ahead or 125 ms behind (ITU-R BT.1359).
import { chromiumPerson, clockOffset, launchFirefox } from './firefox.mjs';
import { percentile } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (v) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null);

/** A row: sound latency minus video latency (p50s), and both latencies. */
function row(name, { video, audio }, offset = 0) {
  const v = video.map((ms) => ms - offset);
  const a = audio.map((ms) => ms - offset);
  const vp = percentile(v, 50);
  const ap = percentile(a, 50);
  return {
    name,
    unit: 'ms',
    'sound behind picture p50': round(ap - vp),
    'picture latency p50': round(vp),
    'sound latency p50': round(ap),
    'sound latency p95': round(percentile(a, 95)),
    beeps: a.length,
    frames: v.length,
  };
}

async function webrtcIn(open, label, seconds) {
  const page = await open('webrtc.html');
  try {
    return row(`A/V sync, WebRTC reference inside ${label}`, await page.evaluate((s) => window.runWebRtcSync(s), seconds));
  } finally {
    await page.close();
  }
}

/** In a viewer's page: the sync of participant `id`, from whichever renderer plays them. */
function measureIn(page, id, seconds) {
  return page.evaluate(
    async ({ id, seconds }) => {
      const { measureSync } = await import('./sync.js');
      const media = window.room.api.media(id);
      const el = media.audio;
      const sound = media.audioOutput ?? (el.captureStream ? el.captureStream() : el.mozCaptureStream());
      return measureSync(media.video, sound, seconds, window.now);
    },
    { id, seconds },
  );
}

/** Rows: WebRTC in Chromium and Firefox, then ours for each viewer browser and renderer. */
export async function run(url, { seconds = 10, sender: senderQuery = '', log = () => undefined } = {}) {
  const firefox = await launchFirefox();
  const rows = [];
  try {
    const chromiumOpen = async (page) => {
      const p = await chromiumPerson(url, page);
      return { evaluate: p.evaluate, close: p.close, waitFor: p.waitFor };
    };
    log('WebRTC references');
    rows.push(await webrtcIn(chromiumOpen, 'Chromium', seconds));
    rows.push(await webrtcIn((page) => firefox.open(`${url}/${page}`), 'Firefox', seconds));

    const room = `sync-${Date.now()}`;
    const sender = await chromiumPerson(url, `room.html?clock&beep${senderQuery}`);
    try {
      await sender.evaluate((a) => window.joinRoom(a), { room, name: 'Clock', camera: true, mic: true });
      const id = await sender.evaluate(() => window.room.self.id);
      const viewers = [
        ['Chromium', 'webcodecs', () => chromiumOpen('room.html?renderer=webcodecs')],
        ['Chromium', 'mse', () => chromiumOpen('room.html?renderer=mse')],
        ['Firefox', 'mse', () => firefox.open(`${url}/room.html?renderer=mse`)],
        ['Firefox', 'webcodecs', () => firefox.open(`${url}/room.html?renderer=webcodecs`)],
      ];
      for (const [browser, renderer, open] of viewers) {
        log(`${browser} viewer, renderer=${renderer}`);
        const viewer = await open();
        try {
          await viewer.evaluate((room) => window.joinRoom({ room, name: 'Viewer' }), room);
          await viewer.waitFor(new Function(`const m = window.room.api.media(${id}); return m && m.videoState === 'playing' && m.audioTime > 1;`), 20000);
          await sleep(1500);
          const clock = await clockOffset(sender, viewer);
          const r = row(`A/V sync, Chromium sender -> ${browser} viewer, renderer=${renderer}`, await measureIn(viewer, id, seconds), clock.offset);
          r.clock = `${round(clock.offset)} ± ${round(clock.uncertainty)} ms`;
          rows.push(r);
        } finally {
          await viewer.close();
        }
      }
    } finally {
      await sender.close();
    }
  } finally {
    await firefox.close();
  }
  return rows;
}

// `node bench/av-sync.mjs [seconds]`: this benchmark alone (npm run build first).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchServer } = await import('./server.mjs');
  const server = await startBenchServer();
  try {
    console.table(await run(server.url, { seconds: Number(process.argv[2] ?? 10), sender: process.argv[3] ?? '', log: (m) => console.error(m) }));
  } finally {
    await server.close();
  }
}
