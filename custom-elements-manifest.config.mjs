// @custom-elements-manifest/analyzer settings for `npm run analyze` and the staleness check.
import { shippedManifest } from './scripts/cem-plugins.mjs';

export default {
  globs: ['src/**/*.ts'],
  // The relay is Node code, the simulation a demo helper: neither has elements to document.
  exclude: ['src/simulation/**', 'src/relay/**'],
  litelement: true,
  // Keep package.json's `customElements` field as written (the analyzer would point it at its outdir).
  packagejson: false,
  plugins: [shippedManifest()],
};
