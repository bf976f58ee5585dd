// Plugins of @custom-elements-manifest/analyzer for `npm run analyze`:
// - modules in path order, so the manifest is the same bytes whatever order the file system
//   lists the sources in (the analyzer's glob does not sort);
// - every module path is the shipped file (`dist/…/x.js`), not the TypeScript source;
// - attributes the elements reflect themselves (`@attr` on the class: `state`, `local`...)
//   are linked to their read-only field, like those Lit declares.

/** `src/a/b.ts` (or `.js`, as imports name it) -> `dist/a/b.js`: the npm build keeps src/'s layout. */
export const shippedPath = (path) => path.replace(/^\/?src\/(.*)\.[jt]s$/, 'dist/$1.js');

const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

function rewritePaths(value) {
  if (Array.isArray(value)) return value.forEach(rewritePaths);
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'path' || key === 'module') && typeof v === 'string') value[key] = shippedPath(v);
    else rewritePaths(v);
  }
}

function linkReflected(declaration) {
  for (const attribute of declaration.attributes ?? []) {
    if (attribute.fieldName) continue;
    const field = declaration.members?.find((m) => m.kind === 'field' && m.name === camel(attribute.name));
    if (!field) continue;
    attribute.fieldName = field.name;
    attribute.type ??= field.type;
  }
}

/** @returns {import('@custom-elements-manifest/analyzer').Plugin} */
export function shippedManifest() {
  return {
    name: 'meet-elements/shipped-manifest',
    packageLinkPhase({ customElementsManifest }) {
      const manifest = customElementsManifest;
      manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const module of manifest.modules) for (const declaration of module.declarations ?? []) linkReflected(declaration);
      rewritePaths(manifest.modules);
    },
  };
}
