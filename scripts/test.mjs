// `npm test`: the whole suite on a fresh machine. Installs Debian's Chromium when no
// browser is found (root with apt-get), then: build, typecheck, lint, a check that
// custom-elements.json and the README's API tables are current, relay tests with
// real sockets, browser tests in real Chromium with a fake camera and microphone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './browsers.mjs';

function ensureBrowser() {
  if (findChromium()) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('No Chromium found: installing Debian\'s chromium with apt-get...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (findChromium()) return;
  }
  console.error('No Chromium found: install it (Debian: `sudo apt-get install chromium`) or set CHROME_PATH, then run `npm test` again.');
  process.exit(1);
}

const steps = [
  ['build', ['run', 'build']],
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['docs are current', ['run', 'check:docs']],
  ['relay tests', ['run', 'test:relay']],
  ['browser tests', ['run', 'test:browser']],
  ['framework tests (Vue, React, plain HTML)', ['run', 'test:frameworks']],
  ['storybook build', ['run', 'build-storybook']],
  ['storybook tests', ['run', 'test:storybook']],
];

ensureBrowser();
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
