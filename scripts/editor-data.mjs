// Writes editor completion data from custom-elements.json: VS Code's HTML custom data
// (`vscode.html-custom-data.json`) and JetBrains' web-types (`web-types.json`). `--check`
// fails instead of writing when either is stale. Run by `npm run analyze`.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const docs = `${pkg.homepage ?? 'https://www.npmjs.com/package/meet-elements'}#api`;

const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
elements.sort((a, b) => a.tagName.localeCompare(b.tagName));

const text = (d) => [d.summary, d.description].filter(Boolean).join('\n\n');
const field = (d, name) => d.members?.find((m) => m.kind === 'field' && m.name === name);
/** Attributes an author writes: not the ones an element reflects from its own read-only state. */
const authored = (d) => (d.attributes ?? []).filter((a) => !(a.fieldName && field(d, a.fieldName)?.readonly));
/** `'light' | 'dark' | undefined` -> ['light', 'dark']; undefined when the type is not a list of strings. */
function literals(type) {
  const parts = (type ?? '').split('|').map((t) => t.trim()).filter((t) => t !== 'undefined');
  return parts.length && parts.every((t) => /^'[^']*'$/.test(t)) ? parts.map((t) => t.slice(1, -1)) : undefined;
}
const isBoolean = (type) => (type ?? '').replace(/\s*\|\s*undefined/, '') === 'boolean';

const vscode = {
  $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
  version: 1.1,
  tags: elements.map((d) => ({
    name: d.tagName,
    description: text(d),
    attributes: authored(d).map((a) => ({
      name: a.name,
      description: a.description ?? '',
      ...(isBoolean(a.type?.text) && { valueSet: 'v' }),
      ...(literals(a.type?.text) && { values: literals(a.type?.text).map((name) => ({ name })) }),
    })),
    references: [{ name: 'meet-elements API', url: docs }],
  })),
};

const webTypes = {
  $schema: 'https://json.schemastore.org/web-types',
  name: pkg.name,
  version: pkg.version,
  'description-markup': 'markdown',
  contributions: {
    html: {
      elements: elements.map((d) => ({
        name: d.tagName,
        description: text(d),
        'doc-url': docs,
        attributes: authored(d).map((a) => ({
          name: a.name,
          description: a.description ?? '',
          value: isBoolean(a.type?.text)
            ? { type: 'boolean', required: false }
            : { type: literals(a.type?.text) ?? a.type?.text ?? 'string', ...(a.default !== undefined && { default: a.default }) },
        })),
        slots: (d.slots ?? []).map((s) => ({ name: s.name, description: s.description ?? '' })),
        js: {
          properties: (d.members ?? [])
            .filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public')
            .map((m) => ({ name: m.name, description: m.description ?? '', type: m.type?.text ?? 'unknown', ...(m.readonly && { 'read-only': true }) })),
          events: (d.events ?? []).map((e) => ({ name: e.name, description: e.description ?? '', type: e.type?.text ?? 'Event' })),
        },
        css: {
          parts: (d.cssParts ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
          properties: (d.cssProperties ?? []).map((p) => ({ name: p.name, description: p.description ?? '', ...(p.default && { default: p.default }) })),
        },
      })),
    },
  },
};

const stale = [];
for (const [file, data] of [['vscode.html-custom-data.json', vscode], ['web-types.json', webTypes]]) {
  const next = `${JSON.stringify(data, null, 2)}\n`;
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (next === current) continue;
  if (process.argv.includes('--check')) stale.push(file);
  else writeFileSync(file, next);
}
if (stale.length) {
  console.error(`${stale.join(' and ')} stale: run \`npm run analyze\` and commit.`);
  process.exit(1);
}
