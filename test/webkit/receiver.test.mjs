// WebKit as a receiver: a Chromium participant (playwright-core, fake camera) publishes video
// into a room through the real relay; a WebKitGTK MiniBrowser page (W3C WebDriver, ./webdriver.mjs)
// joins with its camera off. Its tile for Chromium must say state="video" with the <video>'s
// currentTime advancing by 1 s; camera off on the Chromium side flips it to the avatar, camera
// on brings advancing video back; its colours match the sender's preview. Also reports whether ManagedMediaSource or MediaSource played.
// Then WebKit sends (VideoEncoder, AudioEncoder) to both Chromium renderers, and WebKit on
// renderer="webcodecs" plays a Chromium camera and microphone.
// Needs `npm run build` first (dist/cdn, dist/relay), /usr/bin/chromium and Debian's WebKit:
// WEBKIT_PACKAGES in scripts/browsers.mjs, which `npm test` installs with apt-get. Part of
// `npm run test:cross-browser`; alone: `npm run test:webkit` (5-10 s).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, seesAvatar, seesVideo, until } from '../cross-browser/browsers.mjs';
import { startServer } from '../cross-browser/server.mjs';
import { startWebKit } from './webdriver.mjs';

const WAIT = 30000;

let server;
let chromium;
let webkit;

before(async () => {
  server = await startServer();
  // Each assigned as soon as it is up, so `after` closes it even when the other fails.
  await Promise.all([launch('chromium').then((b) => (chromium = b)), startWebKit().then((w) => (webkit = w))]);
}, { timeout: 60000 });

after(async () => {
  await Promise.allSettled([chromium?.close(), webkit?.close()]);
  await server?.close();
});

const room = `webkit-${process.pid}`;
const url = (name, camera) => `${server.url}?room=${room}&name=${encodeURIComponent(name)}&camera=${camera ? 1 : 0}`;
const setCamera = (page, on) => page.evaluate((v) => window.meet.room.setCamera(v), on);

/**
 * `{state, time, picture}` of `name`'s tile: picture is a hash of the frame shown, drawn small
 * on a canvas (the fake camera's pattern moves, so a playing video changes it). WebKitGTK's
 * getVideoPlaybackQuality() is no use here: its totalVideoFrames goes down as well as up.
 */
function probe(name) {
  const seen = window.meet.look(name);
  const video = window.meet.tile(name)?.shadowRoot.querySelector('[part~="video"]');
  let picture = null;
  if (video && video.readyState >= 2) {
    const canvas = (window.probeCanvas ??= Object.assign(document.createElement('canvas'), { width: 32, height: 24 }));
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, 32, 24);
    picture = 0;
    for (const byte of ctx.getImageData(0, 0, 32, 24).data) picture = (picture * 31 + byte) | 0;
  }
  return { ...seen, picture };
}

/**
 * Waits for `name`'s tile to say state="video" and its video to start moving, then for its
 * currentTime to gain `seconds` more (counting from after the start, so the player's startup
 * jump to the live edge does not count), with the picture shown changing. Resolves with when
 * it started moving (Date.now()), how long the 1 s then took and the two samples.
 */
async function seesAdvancing(page, name, seconds = 1) {
  await until(page, `${name}'s tile to show video`, (n) => window.meet.look(n).state === 'video', name, WAIT);
  const first = await page.evaluate(probe, name);
  await until(page, `${name}'s video to start moving from ${first.time}`, ({ n, t }) => window.meet.look(n).time > t, { n: name, t: first.time }, WAIT);
  const movingAt = Date.now();
  const from = await page.evaluate(probe, name);
  await until(page, `${name}'s video to advance ${seconds} s from ${from.time}`, ({ n, t }) => {
    const seen = window.meet.look(n);
    return seen.state === 'video' && seen.time >= t;
  }, { n: name, t: from.time + seconds }, WAIT);
  const to = await page.evaluate(probe, name);
  assert.notEqual(to.picture, from.picture, `the picture did not change while currentTime went from ${from.time} to ${to.time}`);
  return { movingAt, ms: Date.now() - movingAt, from, to };
}

/**
 * Records, every 20 ms, changes of `name`'s tile state, status text and video error, plus the
 * room's meet-error events, into `window.timeline` as `[ms since page start, what]`.
 */
function watch(name) {
  const timeline = (window.timeline = []);
  const at = () => Math.round(performance.now());
  window.meet.room.addEventListener('meet-error', (e) => timeline.push([at(), `meet-error ${e.code}: ${e.message}`]));
  let last = '';
  setInterval(() => {
    const tile = window.meet.tile(name);
    const video = tile?.shadowRoot.querySelector('[part~="video"]');
    const status = tile?.shadowRoot.querySelector('[part~="status"]')?.textContent;
    const error = video?.error && `video error ${video.error.code}: ${video.error.message}`;
    const now = [tile ? tile.getAttribute('state') : 'no tile', status, error].filter(Boolean).join(' | ');
    if (now !== last) timeline.push([at(), (last = now)]);
  }, 20);
}

/**
 * Mean colour, over `ms`, of the centre of a tile's video (the middle half of each side of its
 * 16:9 centre, as test/browser/colour.test.ts samples it): your own tile when `name` is
 * undefined (the sender's preview), else `name`'s. Drawn to a canvas as a screenshot sees it.
 */
async function meanColour({ name, ms }) {
  const tiles = [...window.meet.room.shadowRoot.querySelectorAll('meet-tile')];
  const tile = name === undefined ? tiles.find((t) => t.local) : window.meet.tile(name);
  const video = tile.shadowRoot.querySelector('video');
  const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 90 });
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (const end = performance.now() + ms; performance.now() < end; ) {
    const w = video.videoWidth;
    const h = Math.min(video.videoHeight, (w * 9) / 16);
    const top = (video.videoHeight - h) / 2;
    ctx.drawImage(video, w / 4, top + h / 4, w / 2, h / 2, 0, 0, 160, 90);
    const { data } = ctx.getImageData(0, 0, 160, 90);
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
    n += data.length / 4;
    await new Promise((r) => setTimeout(r, 25));
  }
  return sum.map((v) => v / n);
}

/** What plays the tile's video: MediaSource (blob: src) or ManagedMediaSource (srcObject). */
function mediaSourceOf(name) {
  const video = window.meet.tile(name)?.shadowRoot.querySelector('[part~="video"]');
  return {
    hasManagedMediaSource: 'ManagedMediaSource' in window,
    srcObject: video?.srcObject ? video.srcObject.constructor.name : null,
    src: video?.src || null,
    size: video ? `${video.videoWidth}x${video.videoHeight}` : null,
  };
}

test('WebKit receives a Chromium camera: video advances, camera off shows the avatar, on brings video back', { timeout: 120000 }, async (t) => {
  const chrome = await chromium.open(url('Chrome', true));
  await until(chrome, 'Chrome to join', () => window.meet.joinedAt !== undefined, undefined, WAIT);

  await webkit.goto(url('WebKit', false));
  const loaded = Date.now();
  await webkit.evaluate(watch, 'Chrome');
  try {
    const first = await seesAdvancing(webkit, 'Chrome');
    t.diagnostic(`after the WebKit page loaded: video moving in ${first.movingAt - loaded} ms, advanced 1 s in ${Date.now() - loaded} ms (${JSON.stringify(first)})`);
    const { created, firstVideo } = await webkit.evaluate(() => ({ created: window.meet.created, firstVideo: window.meet.firstVideo }));
    t.diagnostic(`tile said state="video" ${Math.round(firstVideo.Chrome - created)} ms after the page script ran`);
    const source = await webkit.evaluate(mediaSourceOf, 'Chrome');
    t.diagnostic(`media source: ${JSON.stringify(source)}`);
    // Our player attaches ManagedMediaSource as srcObject whenever the browser has it.
    if (source.hasManagedMediaSource) assert.equal(source.srcObject, 'ManagedMediaSource');
    else assert.match(source.src ?? '', /^blob:/);

    // Colour: the sender's preview and WebKit's remote video, sampled over the same 2 s. The
    // Chromium fake camera's picture keeps its colours, so the two means match within a few
    // levels unless a colour space is wrong (remote VP8 was once shown as BT.709, darker).
    const [preview, remote] = await Promise.all([chrome.evaluate(meanColour, { ms: 2000 }), webkit.evaluate(meanColour, { name: 'Chrome', ms: 2000 })]);
    const text = (c) => `rgb(${c.map((v) => v.toFixed(0)).join(', ')})`;
    const seen = `preview ${text(preview)}, WebKit ${text(remote)}`;
    t.diagnostic(`colour: ${seen}`);
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(preview[c] - remote[c]) < 8, `channel ${'rgb'[c]}: ${seen}`);

    const off = Date.now();
    await setCamera(chrome, false);
    await seesAvatar(webkit, 'Chrome', WAIT);
    t.diagnostic(`after camera off: avatar in ${Date.now() - off} ms`);

    const on = Date.now();
    await setCamera(chrome, true);
    const again = await seesAdvancing(webkit, 'Chrome');
    t.diagnostic(`after camera on: video moving in ${again.movingAt - on} ms, advanced 1 s in ${Date.now() - on} ms (${JSON.stringify(again)})`);
    t.diagnostic(`tile timeline: ${JSON.stringify(await webkit.evaluate(() => window.timeline))}`);
  } catch (e) {
    const state = await webkit.evaluate(mediaSourceOf, 'Chrome').catch((err) => String(err));
    t.diagnostic(`WebKit video: ${JSON.stringify(state)}`);
    const timeline = await webkit.evaluate(() => window.timeline).catch((err) => String(err));
    t.diagnostic(`tile timeline: ${JSON.stringify(timeline)}`);
    for (const line of webkit.log().slice(-4000).split('\n').filter(Boolean)) t.diagnostic(`WebKit log: ${line}`);
    throw e;
  }
});

/**
 * In a Chromium page: seconds of `name`'s sound played (this epoch), and how loud it is (the
 * largest RMS of 10 windows over 300 ms), from the renderer's sound output (WebCodecs) or its
 * `<audio>` element (MSE).
 */
async function hearing({ name, after = -1 }) {
  const p = window.meet.room.participants.find((x) => x.name === name);
  const media = p && window.meet.room.api.media(p.id);
  if (!media) return { time: 0, rms: 0 };
  const output = media.audioOutput;
  const context = output ? output.context : (window.levelContext ??= new AudioContext());
  const analyser = context.createAnalyser();
  const source = output ?? context.createMediaStreamSource(media.audio.captureStream());
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let rms = 0;
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 30));
    analyser.getFloatTimeDomainData(samples);
    rms = Math.max(rms, Math.sqrt(samples.reduce((a, v) => a + v * v, 0) / samples.length));
  }
  source.disconnect(analyser);
  const heard = { time: media.audioTime, rms };
  // With `after`: only a second or more past it, and not silent.
  return after < 0 || (heard.time > after + 1 && heard.rms > 0.01) ? heard : false;
}

/** Waits until `page` has played 1 s more of `name`'s sound, and it is not silent. */
async function hears(page, name) {
  const from = (await page.evaluate(hearing, { name })).time;
  return until(page, `${name}'s sound to play on from ${from.toFixed(2)} s, not silent`, hearing, { name, after: from }, WAIT);
}

test('WebKit sends its camera and microphone (VideoEncoder, AudioEncoder): both Chromium renderers see the video advance and hear the sound, off and on', { timeout: 120000 }, async (t) => {
  const sendRoom = `${room}-send`;
  const at = (name, camera, renderer) => `${server.url}?room=${sendRoom}&name=${encodeURIComponent(name)}&camera=${camera ? 1 : 0}${renderer ? `&renderer=${renderer}` : ''}`;
  await webkit.goto(`${at('WebKit', true)}&mic=1`);
  const [viewer, mseViewer] = await Promise.all([chromium.open(at('Viewer', false)), chromium.open(at('MSE viewer', false, 'mse'))]);
  try {
    const started = Date.now();
    await Promise.all([seesVideo(viewer, 'WebKit', WAIT), seesVideo(mseViewer, 'WebKit', WAIT)]);
    t.diagnostic(`both Chromium viewers saw WebKit's video advance ${Date.now() - started} ms after they opened`);
    const [heard, heardMse] = await Promise.all([hears(viewer, 'WebKit'), hears(mseViewer, 'WebKit')]);
    t.diagnostic(`WebKit's sound: WebCodecs viewer ${JSON.stringify(heard)}, MSE viewer ${JSON.stringify(heardMse)}`);
    // The picture moves too (the mock camera's pattern changes), not only the clock.
    for (const page of [viewer, mseViewer]) {
      const a = await page.evaluate(probe, 'WebKit');
      await new Promise((r) => setTimeout(r, 500));
      const b = await page.evaluate(probe, 'WebKit');
      assert.notEqual(b.picture, a.picture, 'the picture of WebKit\'s video changed over 0.5 s');
    }
    // Colours: WebKit's own preview against what the viewer shows.
    const [preview, remote] = await Promise.all([webkit.evaluate(meanColour, { ms: 2000 }), viewer.evaluate(meanColour, { name: 'WebKit', ms: 2000 })]);
    const text = (c) => `rgb(${c.map((v) => v.toFixed(0)).join(', ')})`;
    const seen = `WebKit preview ${text(preview)}, Chromium ${text(remote)}`;
    t.diagnostic(`colour: ${seen}`);
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(preview[c] - remote[c]) < 8, `channel ${'rgb'[c]}: ${seen}`);

    await setCamera(webkit, false);
    await Promise.all([seesAvatar(viewer, 'WebKit', WAIT), seesAvatar(mseViewer, 'WebKit', WAIT)]);
    await setCamera(webkit, true);
    await Promise.all([seesVideo(viewer, 'WebKit', WAIT), seesVideo(mseViewer, 'WebKit', WAIT)]);
  } catch (e) {
    for (const line of webkit.log().slice(-4000).split('\n').filter(Boolean)) t.diagnostic(`WebKit log: ${line}`);
    throw e;
  } finally {
    await Promise.allSettled([viewer.close(), mseViewer.close()]);
  }
});

test('WebKit on renderer="webcodecs" (VideoDecoder, AudioDecoder) plays a Chromium camera and microphone: video advances, the sound is heard', { timeout: 120000 }, async (t) => {
  const wcRoom = `${room}-wc`;
  const at = (name, camera) => `${server.url}?room=${wcRoom}&name=${encodeURIComponent(name)}&camera=${camera ? 1 : 0}&mic=${camera ? 1 : 0}`;
  const chrome = await chromium.open(at('Chrome', true));
  try {
    await until(chrome, 'Chrome to join', () => window.meet.joinedAt !== undefined, undefined, WAIT);
    // Before the fix, WebKitGTK's page died here, at the first decoded sound (a mono copyTo).
    await webkit.goto(`${at('WebKit', false)}&renderer=webcodecs`);
    await seesVideo(webkit, 'Chrome', WAIT);
    const heard = await hears(webkit, 'Chrome');
    t.diagnostic(`Chrome's sound in WebKit's WebCodecs renderer: ${JSON.stringify(heard)}`);
    const a = await webkit.evaluate(probe, 'Chrome');
    await new Promise((r) => setTimeout(r, 500));
    const b = await webkit.evaluate(probe, 'Chrome');
    assert.notEqual(b.picture, a.picture, 'the picture of Chrome\'s video changed over 0.5 s');
    assert.equal(await webkit.evaluate((name) => {
      const p = window.meet.room.participants.find((x) => x.name === name);
      return !!window.meet.room.api.media(p.id).audioOutput;
    }, 'Chrome'), true, 'the sound plays through the WebCodecs renderer\'s node');
  } catch (e) {
    for (const line of webkit.log().slice(-4000).split('\n').filter(Boolean)) t.diagnostic(`WebKit log: ${line}`);
    throw e;
  } finally {
    await chrome.close();
  }
});
