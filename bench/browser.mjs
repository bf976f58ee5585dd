// Launches Debian's Chromium with playwright-core (no downloaded browser), fake media.
import { chromium } from 'playwright-core';
import { findChromium, CHROMIUM_FLAGS } from '../scripts/browsers.mjs';

/** A Chromium browser context with camera and microphone granted. */
export async function launchChromium({ extraArgs = [] } = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: install Debian\'s chromium or set CHROME_PATH.');
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs] });
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  return { browser, context };
}
