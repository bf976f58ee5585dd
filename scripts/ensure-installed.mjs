// What `npm test` and `npm run start:cluster` need from Debian, installed when missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let aptUpdated = false;

/**
 * Installs a missing program (a browser, redis-server) with apt-get when running as root on
 * Debian/Ubuntu; otherwise exits saying what to install (or which variable points to it).
 * `find()` says whether it is there.
 */
export function ensureInstalled(name, find, aptPackages, envVar) {
  if (find()) return;
  const isRoot = process.getuid?.() === 0;
  const list = aptPackages.join(' ');
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`No ${name} found: installing Debian's ${list} with apt-get...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
    execFileSync('apt-get', ['install', '-y', '-qq', ...aptPackages], { stdio: 'inherit', env });
    if (find()) return;
  }
  console.error(`No ${name} found: install it (Debian: \`sudo apt-get install ${list}\`)${envVar ? ` or set ${envVar}` : ''}, then try again.`);
  process.exit(1);
}
