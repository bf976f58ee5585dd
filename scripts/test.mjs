// `npm test`: the whole suite on a fresh machine. Installs Debian's Chromium and Firefox ESR
// when missing (root with apt-get), then: build, typecheck, lint, a check that
// custom-elements.json and the README's API tables are current, relay tests with
// real sockets, browser tests in real Chromium and Firefox with a fake camera and microphone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium, findFirefox } from './browsers.mjs';

/** Installs a missing browser with apt-get (root on Debian/Ubuntu), or exits with what to do. */
function ensureBrowser(name, find, aptPackage, envVar) {
  if (find()) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`No ${name} found: installing Debian's ${aptPackage} with apt-get...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', aptPackage], { stdio: 'inherit', env });
    if (find()) return;
  }
  console.error(`No ${name} found: install it (Debian: \`sudo apt-get install ${aptPackage}\`) or set ${envVar}, then run \`npm test\` again.`);
  process.exit(1);
}

const steps = [
  ['build', ['run', 'build']],
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['docs are current', ['run', 'check:docs']],
  ['relay tests', ['run', 'test:relay']],
  ['browser tests (Chromium, then Firefox)', ['run', 'test:browser']],
  ['framework tests (Vue, React, plain HTML)', ['run', 'test:frameworks']],
  ['storybook build', ['run', 'build-storybook']],
  ['storybook tests', ['run', 'test:storybook']],
];

ensureBrowser('Chromium', findChromium, 'chromium', 'CHROME_PATH');
ensureBrowser('Firefox', findFirefox, 'firefox-esr', 'FIREFOX_PATH');
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
