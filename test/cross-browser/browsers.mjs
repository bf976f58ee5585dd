// Two drivers, one API: Chromium through playwright-core, Firefox through puppeteer-core
// (WebDriver BiDi; Playwright cannot drive stock Firefox). Both pages expose `window.meet`
// (page.html); `evaluate` is the same call in both libraries.
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, findChromium, firefoxLaunchOptions } from '../../scripts/browsers.mjs';

export async function launch(kind) {
  if (kind === 'chromium') {
    const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_FLAGS });
    return {
      kind,
      // One context per participant: its own camera and storage.
      async open(url) {
        const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
        const page = await context.newPage();
        await page.goto(url);
        return page;
      },
      close: () => browser.close(),
    };
  }
  const browser = await puppeteer.launch({ ...firefoxLaunchOptions(), protocolTimeout: 30000 });
  return {
    kind,
    async open(url) {
      // A window each, not a tab: a background tab's timers and video are throttled.
      const page = await browser.newPage({ type: 'window' });
      await page.goto(url);
      return page;
    },
    close: () => browser.close(),
  };
}

/** Polls `fn(arg)` in the page every 50 ms until it returns truthy; fails with `what` after `timeout`. */
export async function until(page, what, fn, arg, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await page.evaluate(fn, arg);
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until `page` shows `name`'s tile as video, with the video's time advancing by 0.5 s
 * and 5 more frames presented (a live stream's time advances without frames).
 */
export async function seesVideo(page, name, timeout = 20000) {
  await until(page, `${name}'s tile to show video`, (n) => window.meet.look(n).state === 'video', name, timeout);
  const from = await page.evaluate((n) => window.meet.look(n), name);
  await until(
    page,
    `${name}'s video to advance`,
    ({ n, from }) => {
      const now = window.meet.look(n);
      return now.time > from.time + 0.5 && now.frames >= from.frames + 5;
    },
    { n: name, from },
    timeout,
  );
}

/** Waits until `page` shows `name`'s tile as the avatar. */
export function seesAvatar(page, name, timeout = 10000) {
  return until(page, `${name}'s tile to show the avatar`, (n) => window.meet.look(n).state === 'avatar', name, timeout);
}
