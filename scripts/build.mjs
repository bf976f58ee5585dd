// `npm run build`: rollup (npm modules, script-tag bundle, relay), then the bundle's cost.
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
