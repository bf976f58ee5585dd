// Finds the browsers the tests drive. No test tool may download its own browser here,
// so we look for the system's (Debian's `chromium`, `firefox-esr`) or the one named
// by CHROME_PATH / FIREFOX_PATH.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

function firstExisting(envValue, candidates) {
  if (envValue) return existsSync(envValue) ? envValue : undefined;
  return candidates.find((p) => existsSync(p));
}

/** Path of a Chromium-family browser, or undefined. */
export function findChromium() {
  return firstExisting(process.env.CHROME_PATH, CHROMIUM_CANDIDATES);
}

/** Path of a Firefox browser, or undefined. */
export function findFirefox() {
  return firstExisting(process.env.FIREFOX_PATH, FIREFOX_CANDIDATES);
}

/** WebKitGTK's WebDriver, its MiniBrowser and the X server they run on (Debian paths). */
export const WEBKIT_PATHS = Object.freeze({
  driver: process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver',
  minibrowser: process.env.WEBKIT_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfb: '/usr/bin/Xvfb',
});

/** Debian packages for the WebKit receiver test: the driver and browser, Xvfb, GStreamer's WebM/VP8/Opus. */
export const WEBKIT_PACKAGES = ['webkit2gtk-driver', 'xvfb', 'gstreamer1.0-plugins-good', 'gstreamer1.0-plugins-bad', 'gstreamer1.0-libav'];

/** Why WebKit cannot run here, or undefined when the driver, browser and Xvfb are installed. */
export function webkitMissing() {
  const missing = Object.values(WEBKIT_PATHS).filter((p) => !existsSync(p));
  return missing.length ? `missing ${missing.join(', ')} (apt-get install ${WEBKIT_PACKAGES.join(' ')})` : undefined;
}

/** Flags that make Chromium run headless, quiet, as root, with a fake camera and microphone. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Three fake cameras (the second a depth camera) and microphones, so a device switch can be tested.
  '--use-fake-device-for-media-stream=device-count=3',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * puppeteer-core launch options for Firefox ESR (WebDriver BiDi): headless, a fake camera and
 * microphone without a prompt, autoplay with sound allowed. HOME is a fresh temp dir, so the
 * browser never writes into the real home.
 */
export function firefoxLaunchOptions(executablePath = findFirefox()) {
  const home = mkdtempSync(join(tmpdir(), 'meet-firefox-'));
  process.once('exit', () => rmSync(home, { recursive: true, force: true }));
  return {
    browser: 'firefox',
    executablePath,
    headless: true,
    env: { ...process.env, HOME: home },
    extraPrefsFirefox: FIREFOX_PREFS,
  };
}

/** Firefox prefs for headless media tests. */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // A mock audio backend: this headless machine has no sound device, and without it Firefox
  // fails audio playback ("OnMediaSinkAudioError") and never runs an AudioContext.
  'media.cubeb.force_mock_context': true,
};
