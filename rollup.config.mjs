import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyCss } from './scripts/minify-css.mjs';

// MEET_OUT lets scripts/build.mjs build into a temporary folder and swap it in at once.
const out = process.env.MEET_OUT ?? 'dist';
// inlineSources: the maps carry the TypeScript itself, since src/ is not shipped.
const tsBase = { tsconfig: './tsconfig.build.json', sourceMap: true, inlineSources: true };

export default [
  // npm build: one ES module per source file with .d.ts (one tree for browser and relay);
  // lit (and its @lit, @lit-labs packages) stays external so apps share one copy, ws, @redis/client and node: are the relay's.
  {
    input: {
      index: 'src/index.ts',
      all: 'src/all.ts',
      'meet-room/meet-room': 'src/meet-room/meet-room.ts',
      'meet-tile/meet-tile': 'src/meet-tile/meet-tile.ts',
      'meet-controls/meet-controls': 'src/meet-controls/meet-controls.ts',
      'meet-prejoin/meet-prejoin': 'src/meet-prejoin/meet-prejoin.ts',
      react: 'src/react.ts',
      vue: 'src/vue.ts',
      'protocol/index': 'src/protocol/index.ts',
      'simulation/index': 'src/simulation/index.ts',
      'relay/relay': 'src/relay/relay.ts',
    },
    external: [/^lit(\/|$)/, /^@lit(-labs)?\//, /^node:/, 'ws', '@redis/client'],
    output: { dir: out, format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [typescript({ ...tsBase, outDir: out, rootDir: 'src', declaration: true, declarationDir: out })],
  },
  // Script-tag build: a minified module with lit inside that registers every element
  // (meet-elements.js), and the media code it loads at the first join (meet-elements-media.js).
  {
    input: { 'meet-elements': 'src/cdn.ts' },
    // The media file imports lit and shared code from the entry file: two files, not a third shared chunk.
    preserveEntrySignatures: 'allow-extension',
    output: { dir: `${out}/cdn`, format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'meet-elements-[name].js' },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      typescript({ ...tsBase, declaration: false, outDir: `${out}/cdn`, rootDir: 'src' }),
      minifyCss(),
      terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
  },
];
