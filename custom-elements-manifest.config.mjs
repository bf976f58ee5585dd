// @custom-elements-manifest/analyzer settings for `npm run analyze` and the staleness check.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/simulation/**'],
  litelement: true,
  // Keep package.json's `customElements` field as written (the analyzer would point it at its outdir).
  packagejson: false,
};
