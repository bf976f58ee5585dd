// Layouts (issue 17): a pin in a 9-person room must show its final layout in the very next
// frame (no layout thrash: tiles moved once, never measured and moved again), and a 25-person
// room must scroll at the display's rate while only the tiles in view decode. A simulated room:
// every remote camera is a canvas stream the room's own players decode, as a relay's would be.
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { summarize } from './stats.mjs';

/** Bundles the elements and the simulated room with lit for the bench page (dist/bench/layout.js). */
async function bundle() {
  const build = await rollup({ input: 'bench/pages/layout-entry.js', plugins: [nodeResolve()], logLevel: 'silent' });
  await build.write({ file: 'dist/bench/layout.js', format: 'es' });
  await build.close();
}

/** A row of frame times, with the frame rate they make. */
function frameRow(name, times) {
  const row = summarize(name, 'ms', times);
  row.fps = Math.round((times.length / times.reduce((a, b) => a + b, 0)) * 1000 * 10) / 10;
  return row;
}

/** Runs `fn(page)` in a fresh bench page of its own, closed afterwards. */
async function inPage(context, url, fn) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1024, height: 700 });
  try {
    await page.goto(`${url}/layout.html`);
    await page.waitForFunction(() => window.benchReady);
    return await fn(page);
  } finally {
    await page.close();
  }
}

export async function run(context, url, { pins = 20, seconds = 8 } = {}) {
  await bundle();
  const rows = [];
  await inPage(context, url, async (page) => {
    // What this headless browser's frames are with nothing on the page: the ceiling.
    const blank = await page.evaluate(async () => {
      const times = [];
      let last = await new Promise((r) => requestAnimationFrame(r));
      while (times.length < 120) {
        const t = await new Promise((r) => requestAnimationFrame(r));
        times.push(t - last);
        last = t;
      }
      return times;
    });
    rows.push(frameRow('empty page: frame time (this browser\'s own rate)', blank));
    await page.evaluate(() => window.openRoom(9));
    const pinned = await page.evaluate((n) => window.pins(n), pins);
    rows.push(summarize('pin (9 people): frames until the layout is final (1 = the next frame)', 'frames', pinned.map((p) => p.settled), { expected: pins }));
    rows.push(summarize('pin (9 people): the update, pin() to rendered', 'ms', pinned.map((p) => p.update)));
    rows.push(summarize('pin (9 people): longest frame after it', 'ms', pinned.map((p) => p.longest)));
  });
  // A room that shows about a third of them (three columns of the 160 px minimum): it scrolls.
  // Then the same room with every camera off (avatars): the layout's and the scroll's own cost,
  // without the simulation's encoders and the players' decoders.
  // The baseline in the same run: 24 plain videos, each decoding a VP8 file, scrolled the same
  // way, no meet-elements. This headless Chromium (software compositing) presents any page with
  // more than one playing video at 30-40 fps, whoever plays it: that is the ceiling to compare
  // with, not the empty page's 60.
  let plainFps;
  await inPage(context, url, async (page) => {
    await page.evaluate(() => window.openPlain(25, { width: 640, height: 400 }));
    const { times } = await page.evaluate((s) => window.scroll(s), seconds);
    const row = frameRow('baseline: 24 plain <video>s decoding a VP8 file, 640x400 box, scrolling: frame time', times);
    plainFps = row.fps;
    rows.push(row);
  });
  for (const cameras of [true, false]) {
    await inPage(context, url, async (page) => {
      await page.evaluate((cameras) => window.openRoom(25, { width: 640, height: 400 }, cameras), cameras);
      const { times, decoding } = await page.evaluate((s) => window.scroll(s), seconds);
      const who = cameras ? '25 people' : '25 people, cameras off (avatars)';
      const row = frameRow(`${who}, scrolling: frame time`, times);
      rows.push(row);
      if (!cameras) return;
      row.ratio = Math.round((row.fps / plainFps) * 100) / 100;
      rows.push(summarize(`${who}, scrolling: remote videos decoding`, 'videos', decoding.map((d) => d.decoding)));
      rows.push(summarize(`${who}, scrolling: tiles in view`, 'tiles', decoding.map((d) => d.visible)));
    });
  }
  return rows;
}

// `node bench/layout.mjs`: this benchmark alone (npm run bench runs it with the others).
if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const { startBenchServer } = await import('./server.mjs');
  const { launchChromium } = await import('./browser.mjs');
  const server = await startBenchServer();
  const { browser, context } = await launchChromium();
  try {
    console.table(await run(context, server.url));
  } finally {
    await browser.close();
    await server.close();
  }
}
