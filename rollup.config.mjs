import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// MEET_OUT lets scripts/build.mjs build into a temporary folder and swap it in at once.
const out = process.env.MEET_OUT ?? 'dist';
const tsBase = { tsconfig: './tsconfig.build.json', sourceMap: true };

export default [
  // npm build: one ES module per source file with .d.ts; lit stays external so apps share one copy.
  {
    input: { index: 'src/index.ts', all: 'src/all.ts', 'protocol/index': 'src/protocol/index.ts', 'simulation/index': 'src/simulation/index.ts' },
    external: [/^lit(\/|$)/, /^@lit\//],
    output: { dir: out, format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [typescript({ ...tsBase, outDir: out, rootDir: 'src', declaration: true, declarationDir: out })],
  },
  // Script-tag build: ONE minified module with lit inside that registers every element.
  {
    input: 'src/all.ts',
    output: { file: `${out}/cdn/meet-elements.js`, format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      typescript({ ...tsBase, declaration: false, outDir: `${out}/cdn`, rootDir: 'src' }),
      terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
  },
  // The relay for Node (`meet-elements/relay`): the protocol bundled in, ws and node: external.
  {
    input: 'demo-server/relay.ts',
    external: [/^node:/, 'ws'],
    output: { file: `${out}/relay/relay.js`, format: 'es', sourcemap: true },
    plugins: [typescript({ ...tsBase, outDir: `${out}/relay`, rootDir: '.', declaration: true, declarationDir: `${out}/relay` })],
  },
];
