import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const tsBase = { tsconfig: './tsconfig.build.json', sourceMap: true };

export default [
  // npm build: one ES module per source file with .d.ts; lit stays external so apps share one copy.
  {
    input: { index: 'src/index.ts', all: 'src/all.ts', 'protocol/index': 'src/protocol/index.ts' },
    external: [/^lit(\/|$)/, /^@lit\//],
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [typescript({ ...tsBase, outDir: 'dist', rootDir: 'src', declaration: true, declarationDir: 'dist' })],
  },
  // Script-tag build: ONE minified module with lit inside that registers every element.
  {
    input: 'src/all.ts',
    output: { file: 'dist/cdn/meet-elements.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      typescript({ ...tsBase, declaration: false, outDir: 'dist/cdn', rootDir: 'src' }),
      terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
  },
  // The relay for Node (`meet-elements/relay`): the protocol bundled in, ws and node: external.
  {
    input: 'demo-server/relay.ts',
    external: [/^node:/, 'ws'],
    output: { file: 'dist/relay/relay.js', format: 'es', sourcemap: true },
    plugins: [typescript({ ...tsBase, outDir: 'dist/relay', rootDir: '.', declaration: true, declarationDir: 'dist/relay' })],
  },
];
