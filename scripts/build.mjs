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

const bundle = readFileSync('dist/cdn/meet-elements.js');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `dist/cdn/meet-elements.js: ${kb(bundle.length)} min, ${kb(gzipSync(bundle, { level: 9 }).length)} gzip, ` +
    `${kb(brotliCompressSync(bundle).length)} brotli`,
);

// What `npm install meet-elements` downloads (the files package.json's "files" ships).
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
console.log(`npm tarball: ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.entryCount} files`);
