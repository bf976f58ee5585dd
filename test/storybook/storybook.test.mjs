// Opens the BUILT Storybook (storybook-static/, from `npm run build-storybook`) in Chromium and
// checks that one story per element shows what it promises, with no server but a static one:
// the stories' rooms are simulated, their video recorded and played in the page.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/browsers.mjs';

const ROOT = fileURLToPath(new URL('../../storybook-static/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
/** Waits inside the page: video needs a recorder, a normalizer and MSE to get going. */
const WAIT = 30000;

/** Serves storybook-static/ on a free loopback port. */
function serve() {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.join(ROOT, decodeURIComponent(pathname).replace(/\/$/, '/index.html'));
    if (!file.startsWith(ROOT)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server;
let browser;
let base;

before(async () => {
  assert.ok(existsSync(path.join(ROOT, 'iframe.html')), 'storybook-static/ is missing: run `npm run build-storybook` first');
  const executablePath = findChromium();
  assert.ok(executablePath, 'No Chromium found: install it or set CHROME_PATH');
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Opens one story alone (the preview iframe); fails the test on any page error. */
async function openStory(t, id) {
  const index = JSON.parse(await readFile(path.join(ROOT, 'index.json'), 'utf8'));
  assert.ok(index.entries[id], `story ${id} is in the built Storybook`);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], 'no errors in the page');
  });
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  return page;
}

describe('the built Storybook', () => {
  test('meet-tile "Video": the tile plays the simulated camera through the player (WebCodecs in Chromium)', { timeout: 90000 }, async (t) => {
    const page = await openStory(t, 'meet-tile--video');
    await page.waitForFunction(() => document.querySelector('meet-tile')?.getAttribute('state') === 'video', null, { timeout: WAIT });
    const video = await page.evaluate(() => {
      const v = document.querySelector('meet-tile').shadowRoot.querySelector('[part~="video"]');
      const track = v.srcObject?.getVideoTracks?.()[0];
      return { src: v.src, generator: track?.constructor.name, width: v.videoWidth, time: v.currentTime, name: document.querySelector('meet-tile').shadowRoot.querySelector('[part~="name"]').textContent };
    });
    // renderer="auto" in Chromium: decoded with WebCodecs into a generated track, not MSE.
    assert.equal(video.generator, 'MediaStreamTrackGenerator', 'the video plays the WebCodecs player\'s track');
    assert.equal(video.src, '');
    assert.equal(video.width, 640);
    assert.equal(video.name, 'Ada Lovelace');
    await page.waitForFunction(
      (from) => document.querySelector('meet-tile').shadowRoot.querySelector('[part~="video"]').currentTime > from + 0.5,
      video.time,
      { timeout: WAIT },
    );
  });

  test('meet-tile "Loading" and "Error": a spinner while no video comes, the player\'s reason when it cannot play', { timeout: 90000 }, async (t) => {
    const loading = await openStory(t, 'meet-tile--loading');
    await loading.waitForFunction(() => document.querySelector('meet-tile')?.getAttribute('state') === 'loading', null, { timeout: WAIT });
    assert.equal(await loading.locator('meet-tile [part~="spinner"]').isVisible(), true);

    const failed = await openStory(t, 'meet-tile--video-error');
    await failed.waitForFunction(() => document.querySelector('meet-tile')?.getAttribute('state') === 'error', null, { timeout: WAIT });
    assert.match(await failed.locator('meet-tile [part~="status"]').innerText(), /unsupported video format/);
  });

  test('meet-room "Four": four tiles in a 2x2 grid, cameras on playing, the camera that is off showing its avatar', { timeout: 90000 }, async (t) => {
    const page = await openStory(t, 'meet-room--four');
    await page.waitForFunction(
      () => {
        const tiles = [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])];
        return tiles.map((tile) => tile.getAttribute('state')).join() === 'video,video,video,avatar';
      },
      null,
      { timeout: WAIT },
    );
    const boxes = await page.evaluate(() =>
      [...document.querySelector('meet-room').shadowRoot.querySelectorAll('meet-tile')].map((tile) => {
        const r = tile.getBoundingClientRect();
        return { x: Math.round(r.x), y: Math.round(r.y), width: r.width };
      }),
    );
    assert.equal(boxes.length, 4);
    assert.equal(new Set(boxes.map((b) => b.x)).size, 2, 'two columns');
    assert.equal(new Set(boxes.map((b) => b.y)).size, 2, 'two rows');
    assert.ok(boxes.every((b) => b.width > 300), 'tiles fill the 960x540 room');
  });

  test('meet-room "Screen share": the shared screen plays in the large spot above the three people\'s tiles', { timeout: 90000 }, async (t) => {
    const page = await openStory(t, 'meet-room--screen-share');
    await page.waitForFunction(
      () => document.querySelector('meet-room')?.shadowRoot?.querySelector('meet-tile[kind="screen"]')?.getAttribute('state') === 'video',
      null,
      { timeout: WAIT },
    );
    const boxes = await page.evaluate(() =>
      [...document.querySelector('meet-room').shadowRoot.querySelectorAll('meet-tile')].map((tile) => {
        const r = tile.getBoundingClientRect();
        return { kind: tile.getAttribute('kind') ?? 'camera', top: r.top, bottom: r.bottom, area: r.width * r.height };
      }),
    );
    const [screen, ...people] = boxes;
    assert.equal(screen.kind, 'screen');
    assert.equal(people.length, 3);
    for (const p of people) {
      assert.ok(screen.area > p.area * 2, 'the screen tile is the large one');
      assert.ok(screen.bottom <= p.top + 1, 'above everyone');
    }
  });

  test('meet-controls "Camera off": camera not pressed, microphone pressed; a click turns the camera on after it is pending', { timeout: 90000 }, async (t) => {
    const page = await openStory(t, 'meet-controls--camera-off');
    const camera = page.locator('meet-controls [part~="camera-button"]');
    const mic = page.locator('meet-controls [part~="mic-button"]');
    await camera.waitFor({ timeout: WAIT });
    assert.equal(await camera.getAttribute('aria-pressed'), 'false');
    assert.equal(await mic.getAttribute('aria-pressed'), 'true');
    assert.equal(await camera.isEnabled(), true);
    await camera.click();
    await page.waitForFunction(() => document.querySelector('meet-controls').shadowRoot.querySelector('[part~="camera-button"]').disabled, null, {
      timeout: WAIT,
    });
    await page.waitForFunction(
      () => {
        const b = document.querySelector('meet-controls').shadowRoot.querySelector('[part~="camera-button"]');
        return b.getAttribute('aria-pressed') === 'true' && !b.disabled;
      },
      null,
      { timeout: WAIT },
    );
  });

  test('meet-controls "Camera pending" and "Disabled": the pending button, then every button, disabled', { timeout: 90000 }, async (t) => {
    const pending = await openStory(t, 'meet-controls--camera-pending');
    await pending.locator('meet-controls [part~="camera-button"]').waitFor({ timeout: WAIT });
    assert.equal(await pending.locator('meet-controls [part~="camera-button"]').isDisabled(), true);
    assert.equal(await pending.locator('meet-controls [part~="mic-button"]').isEnabled(), true);

    const left = await openStory(t, 'meet-controls--disabled');
    await left.locator('meet-controls [part~="leave-button"]').waitFor({ timeout: WAIT });
    for (const name of ['camera-button', 'mic-button', 'leave-button']) {
      assert.equal(await left.locator(`meet-controls [part~="${name}"]`).isDisabled(), true, `${name} disabled`);
    }
  });
  test('meet-controls "Device menu": the menu lists the room\'s devices; a choice shows once the room took it', { timeout: 90000 }, async (t) => {
    const page = await openStory(t, 'meet-controls--device-menu');
    const camera = page.locator('meet-controls [part~="device-select"][data-kind="camera"]');
    await camera.waitFor({ timeout: WAIT });
    assert.deepEqual(await camera.locator('option').allTextContents(), ['Built-in Camera', 'USB Webcam']);
    assert.equal(await camera.inputValue(), 'sim-camera-1');
    assert.equal(await page.locator('meet-controls [part~="settings-button"]').getAttribute('aria-expanded'), 'true');
    await camera.selectOption('sim-camera-2');
    await page.waitForFunction(() => document.querySelector('meet-controls').room.activeDevices.camera === 'sim-camera-2', null, { timeout: WAIT });
    assert.equal(await camera.inputValue(), 'sim-camera-2');
    await page.keyboard.press('Escape');
    await page.locator('meet-controls [part~="settings"]').waitFor({ state: 'detached', timeout: WAIT });
  });

  test('meet-prejoin "Ready" and "Camera error": the camera preview plays; a camera that is gone says what to do', { timeout: 90000 }, async (t) => {
    const ready = await openStory(t, 'meet-prejoin--ready');
    await ready.waitForFunction(() => {
      const video = document.querySelector('meet-prejoin')?.shadowRoot?.querySelector('[part~="video"]');
      return video && !video.hidden && video.currentTime > 0.5;
    }, null, { timeout: WAIT });
    assert.equal(await ready.locator('meet-prejoin [part~="join-button"]').isEnabled(), true);
    assert.equal(await ready.locator('meet-prejoin [part~="name-input"]').inputValue(), 'Ada Lovelace');

    const failed = await openStory(t, 'meet-prejoin--camera-error');
    const error = failed.locator('meet-prejoin [part~="error"]');
    await error.waitFor({ timeout: WAIT });
    assert.match(await error.innerText(), /No camera found\..*plug one in or pick another below/s);
    assert.equal(await failed.locator('meet-prejoin [part~="retry-button"]').isVisible(), true);
  });
  test('meet-room "Screen hidden": a Watch button in place of the screen; Watch brings the screen back playing', { timeout: 90000 }, async (t) => {
    const page = await openStory(t, 'meet-room--screen-hidden');
    const watch = page.locator('meet-room [part~="screen-watch-button"]');
    await watch.waitFor({ timeout: WAIT });
    assert.match(await watch.innerText(), /^Watch .+'s screen$/);
    assert.equal(await page.locator('meet-room meet-tile[kind="screen"]').count(), 0);
    await watch.click();
    await page.waitForFunction(
      () => document.querySelector('meet-room')?.shadowRoot?.querySelector('meet-tile[kind="screen"]')?.getAttribute('state') === 'video',
      null,
      { timeout: WAIT },
    );
    assert.equal(await watch.count(), 0);
  });
});
