// Fails when custom-elements.json, the README's API tables or the editor data are stale:
// regenerates the manifest into a temp folder and compares it with the committed one.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The analyzer writes its outdir relative to the working directory.
const out = '.tmp/cem-check';
try {
  execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', out], { stdio: 'ignore' });
  const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
  if (fresh !== readFileSync('custom-elements.json', 'utf8')) {
    console.error('custom-elements.json is stale: run `npm run analyze` and commit it.');
    process.exit(1);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
execFileSync(process.execPath, ['scripts/api-docs.mjs', '--check'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/editor-data.mjs', '--check'], { stdio: 'inherit' });
console.log('custom-elements.json, the README API tables and the editor data are current.');
