// Bundle cost: min, gzip and brotli bytes of the script-tag bundle, next to lit +
// @lit/context alone bundled the same way (the floor any Lit library pays).
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';

function sizes(bytes) {
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
}

async function litFloor() {
  const dir = mkdtempSync(join(tmpdir(), 'lit-floor-'));
  const entry = join(dir, 'entry.js');
  // What every Lit element library needs: LitElement, html/css, decorators and context.
  writeFileSync(entry, "export * from 'lit'; export * from 'lit/decorators.js'; export * from '@lit/context';\n");
  try {
    const build = await rollup({ input: entry, plugins: [nodeResolve({ browser: true, exportConditions: ['production'], rootDir: process.cwd(), modulePaths: [join(process.cwd(), 'node_modules')] }), terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } })] });
    const { output } = await build.generate({ format: 'es' });
    return Buffer.from(output[0].code);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Result rows for the bundle sizes. */
export async function run() {
  const ours = sizes(readFileSync('dist/cdn/meet-elements.js'));
  const floor = sizes(await litFloor());
  return ['min', 'gzip', 'brotli'].map((k) => ({
    name: `bundle ${k}: dist/cdn/meet-elements.js (lit + @lit/context alone: ${floor[k]})`,
    unit: 'bytes',
    p50: ours[k],
    p95: ours[k],
    n: 1,
    ratio: Math.round((ours[k] / floor[k]) * 100) / 100,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
