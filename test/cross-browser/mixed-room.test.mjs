// A mixed room: a Chromium participant (playwright-core) and a Firefox participant
// (puppeteer-core) meet through the real relay. Each sees the other's video advance; camera
// off flips to the avatar on the other side, camera on brings video back; a late joiner in
// each browser sees both. Needs `npm run build` first (it serves dist/cdn/meet-elements.js).
// Run with `npm run test:cross-browser` (part of `npm test`). Chromium's participants encode
// with WebCodecs and play with WebCodecs (`auto`), except the late Chromium viewer, which plays
// with MSE: every renderer sees both encoders. Firefox records with MediaRecorder; its first
// participant plays with MSE (\`auto\`), its late viewer with WebCodecs (a canvas and an
// AudioWorklet): one viewer per renderer in each browser. Then a Chromium screen share seen by
// a Firefox MSE viewer and a late Firefox WebCodecs viewer, and its tile gone on stop.
import { after, before, test } from 'node:test';
import { launch, seesAvatar, seesVideo, until } from './browsers.mjs';
import { startServer } from './server.mjs';

let server;
let chromium;
let firefox;

before(async () => {
  server = await startServer();
  [chromium, firefox] = await Promise.all([launch('chromium'), launch('firefox')]);
});

after(async () => {
  await Promise.allSettled([chromium?.close(), firefox?.close()]);
  await server?.close();
});

const url = (name, camera, renderer, room = 'mixed') => `${server.url}?room=${room}&name=${encodeURIComponent(name)}&camera=${camera ? 1 : 0}${renderer ? `&renderer=${renderer}` : ''}`;
const setCamera = (page, on) => page.evaluate((v) => window.meet.room.setCamera(v), on);

test('Chromium and Firefox in one room: video both ways, camera off and on, late joiners in each', { timeout: 120000 }, async () => {
  const [chrome, fox] = await Promise.all([chromium.open(url('Chrome', true)), firefox.open(url('Firefox', true))]);
  await Promise.all([seesVideo(chrome, 'Firefox'), seesVideo(fox, 'Chrome')]);

  await setCamera(chrome, false);
  await seesAvatar(fox, 'Chrome');
  await setCamera(fox, false);
  await seesAvatar(chrome, 'Firefox');

  await Promise.all([setCamera(chrome, true), setCamera(fox, true)]);
  await Promise.all([seesVideo(chrome, 'Firefox'), seesVideo(fox, 'Chrome')]);

  // Late joiners, camera off: Firefox's recorder has made no keyframe since it started, so
  // the late joiners' video depends on the keyframe request and the recorder restart.
  const [lateChrome, lateFox] = await Promise.all([chromium.open(url('Late Chrome', false, 'mse')), firefox.open(url('Late Firefox', false, 'webcodecs'))]);
  await Promise.all([
    seesVideo(lateChrome, 'Chrome'),
    seesVideo(lateChrome, 'Firefox'),
    seesVideo(lateFox, 'Chrome'),
    seesVideo(lateFox, 'Firefox'),
  ]);
  // The first two still see each other after the restarts the late joiners asked for.
  await Promise.all([seesVideo(chrome, 'Firefox'), seesVideo(fox, 'Chrome')]);
});

test('Firefox viewers (MSE and WebCodecs) see a Chromium screen share: its tile plays, a late joiner gets it, it goes on stop', { timeout: 120000 }, async () => {
  const room = 'mixed-screen';
  const [chrome, fox] = await Promise.all([chromium.open(url('Chrome', true, undefined, room)), firefox.open(url('Firefox', false, undefined, room))]);
  await seesVideo(fox, 'Chrome');
  // Headless Chromium shares its fake screen without a picker.
  await chrome.evaluate(() => window.meet.room.shareScreen());
  await seesVideo(fox, "Chrome's screen");
  const lateFox = await firefox.open(url('Late Firefox', false, 'webcodecs', room));
  await Promise.all([seesVideo(lateFox, "Chrome's screen"), seesVideo(lateFox, 'Chrome')]);
  await chrome.evaluate(() => window.meet.room.stopScreenShare());
  await Promise.all(
    [fox, lateFox].map((page) => until(page, "Chrome's screen tile to go", (n) => !window.meet.tile(n), "Chrome's screen", 10000)),
  );
  await seesVideo(fox, 'Chrome');
});
