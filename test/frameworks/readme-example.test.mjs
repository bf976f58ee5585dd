// The README's script-tag example, copied into a fresh folder next to the built bundle,
// works: two people open it and see each other's video. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/browsers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir;
let server;
let relay;
let browser;

before(async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const snippet = /```html\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'README.md has an html example');
  assert.match(snippet, /src="\.\/meet-elements\.js"/, 'the example loads the bundle from beside the page');
  dir = mkdtempSync(join(tmpdir(), 'meet-readme-'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html>\n<meta charset="utf-8" />\n${snippet}`);
  copyFileSync(join(root, 'dist/cdn/meet-elements.js'), join(dir, 'meet-elements.js'));
  server = createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname === '/' ? 'index.html' : new URL(req.url, 'http://x').pathname.slice(1);
    if (!['index.html', 'meet-elements.js'].includes(name) || !existsSync(join(dir, name))) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': extname(name) === '.js' ? 'text/javascript' : 'text/html' });
    createReadStream(join(dir, name)).pipe(res);
  });
  ({ createRelay: relay } = await import('../../dist/relay/relay.js'));
  relay = relay({ server, path: '/ws' });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the README's plain-HTML example: two people see each other's video", async () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  const pages = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    await page.goto(url);
    pages.push(page);
  }
  for (const page of pages) {
    // Two tiles (you and the other person), and the other person's shows video.
    await page.waitForFunction(
      () => {
        const tiles = [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])];
        return tiles.length === 2 && tiles.some((t) => !t.hasAttribute('local') && t.getAttribute('state') === 'video');
      },
      undefined,
      { timeout: 20000 },
    );
  }
});
