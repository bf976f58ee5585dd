// `npm run build`: rollup (npm modules, script-tag bundle, relay), then the bundle's cost.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'], { stdio: 'inherit' });

const bundle = readFileSync('dist/cdn/meet-elements.js');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `dist/cdn/meet-elements.js: ${kb(bundle.length)} min, ${kb(gzipSync(bundle, { level: 9 }).length)} gzip, ` +
    `${kb(brotliCompressSync(bundle).length)} brotli`,
);
