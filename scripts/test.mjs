// `npm test`: the whole suite on a fresh machine. Installs Debian's Chromium, Firefox ESR,
// WebKitGTK and redis-server when missing (root with apt-get), then: build, typecheck, lint, a check that
// custom-elements.json and the README's API tables are current, relay tests with real
// sockets (and a real Redis for the cluster), browser tests in real Chromium and Firefox with a fake camera and microphone,
// a mixed Chromium + Firefox room and WebKit receiving and sending, the packed package in fresh apps
// (plain HTML, a TypeScript relay, Vue, React, Angular), and Storybook tests.
import { spawnSync } from 'node:child_process';
import { WEBKIT_PACKAGES, findChromium, findFirefox, webkitMissing } from './browsers.mjs';
import { findRedisServer } from './redis.mjs';
import { ensureInstalled } from './ensure-installed.mjs';

const steps = [
  ['build', ['run', 'build']],
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['docs are current', ['run', 'check:docs']],
  ['relay tests', ['run', 'test:relay']],
  ['browser tests (Chromium, then Firefox)', ['run', 'test:browser']],
  ['cross-browser tests (Chromium + Firefox room, WebKit receiving and sending)', ['run', 'test:cross-browser']],
  ['consumer tests (the packed package in fresh HTML, relay, Vue, React and Angular apps)', ['run', 'test:consumer']],
  ['storybook build', ['run', 'build-storybook']],
  ['storybook tests', ['run', 'test:storybook']],
];

ensureInstalled('Chromium', findChromium, ['chromium'], 'CHROME_PATH');
ensureInstalled('Firefox', findFirefox, ['firefox-esr'], 'FIREFOX_PATH');
ensureInstalled('WebKit', () => !webkitMissing(), WEBKIT_PACKAGES, 'WEBKIT_WEBDRIVER and WEBKIT_MINIBROWSER');
// The relay's cluster tests run a real Redis.
ensureInstalled('redis-server', findRedisServer, ['redis-server'], 'REDIS_SERVER');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const [name, args] of steps) {
  console.log(`\n== ${name} ==`);
  const started = Date.now();
  const { status } = spawnSync(npm, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`\nnpm test: ${name} failed (exit ${status}).`);
    process.exit(status ?? 1);
  }
  console.log(`== ${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s ==`);
}
