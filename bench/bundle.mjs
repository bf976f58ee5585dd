// Bundle cost: min, gzip and brotli bytes of the script-tag bundle's two files (the first
// download, next to lit + @lit/context alone bundled the same way: the floor any Lit library
// pays; and the media file a first join loads).
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

/** Result rows for the bundle sizes: the first download (ratio to lit alone), and the media file a first join loads. */
export async function run() {
  const first = sizes(readFileSync('dist/cdn/meet-elements.js'));
  const media = sizes(readFileSync('dist/cdn/meet-elements-media.js'));
  const floor = sizes(await litFloor());
  const row = (name, value, ratio) => ({ name, unit: 'bytes', p50: value, p95: value, n: 1, ...(ratio !== undefined && { ratio }) });
  return ['min', 'gzip', 'brotli'].flatMap((k) => [
    row(`bundle ${k}: dist/cdn/meet-elements.js, the first download (lit + @lit/context alone: ${floor[k]})`, first[k], Math.round((first[k] / floor[k]) * 100) / 100),
    row(`bundle ${k}: dist/cdn/meet-elements-media.js, loaded at the first join`, media[k]),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
