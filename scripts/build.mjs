// `npm run build`: rollup (npm modules with the relay, script-tag bundle), then what users pay:
// the script-tag bundle's size and the npm tarball's.
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';

// Build beside dist and swap it in, so a running demo, test or benchmark never sees a half-built dist.
const tmp = `dist-build-${process.pid}`; // same depth as dist, so source map paths stay right
rmSync(tmp, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'], { stdio: 'inherit', env: { ...process.env, MEET_OUT: tmp } });
rmSync('dist', { recursive: true, force: true });
renameSync(tmp, 'dist');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
// The first download of a script-tag page, then what its first join loads.
for (const [file, what] of [
  ['dist/cdn/meet-elements.js', 'first download: elements, lit'],
  ['dist/cdn/meet-elements-media.js', 'loaded at the first join: media code'],
  ['dist/cdn/meet-elements-prejoin.js', 'loaded by <meet-room prejoin>: the pre-join screen'],
]) {
  const bytes = readFileSync(file);
  console.log(`${file} (${what}): ${kb(bytes.length)} min, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip, ${kb(brotliCompressSync(bytes).length)} brotli`);
}

// What `npm install meet-elements` downloads (the files package.json's "files" ships).
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
console.log(`npm tarball: ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.entryCount} files`);
