// Framework embedding, tested as a user would see it: the Vue 3 and React 19 examples are
// built with Vite (their own vite.config.ts), the plain-HTML example loads the script-tag
// bundle, and each is served next to the real relay at /ws. Two Chromium contexts (fake
// camera and microphone) join the same room; we check the framework's state shown from
// the elements' events, a property binding, and the remote tile's video.
//
// Needs `npm run build` first (the relay and the CDN bundle come from dist/).
import assert from 'node:assert/strict';
import { existsSync, createReadStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/browsers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT = 15_000;
const ELEMENTS = ['meet-room', 'meet-tile', 'meet-controls'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

let tmp;
let server;
let relay;
let browser;
let origin;

/** Serves each URL prefix from a folder (nothing else), with the relay on the same server. */
function serve(mounts) {
  return createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://test').pathname);
    const prefix = Object.keys(mounts).find((p) => pathname.startsWith(p));
    if (!prefix) return res.writeHead(404).end();
    const base = mounts[prefix];
    let file = normalize(join(base, pathname.slice(prefix.length)));
    if (!file.startsWith(base + sep) && file !== base) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
}

before(async () => {
  for (const file of ['dist/relay/relay.js', 'dist/cdn/meet-elements.js']) {
    assert.ok(existsSync(join(root, file)), `${file} is missing: run \`npm run build\` first`);
  }
  const executablePath = findChromium();
  assert.ok(executablePath, 'No Chromium found: install it (Debian: apt-get install chromium) or set CHROME_PATH');

  tmp = await mkdtemp(join(tmpdir(), 'meet-frameworks-'));
  const mounts = { '/examples/html/': join(root, 'examples/html'), '/dist/cdn/': join(root, 'dist/cdn') };
  // Production builds, as users ship them (tree-shaking included).
  await Promise.all(
    ['vue', 'react'].map(async (name) => {
      const outDir = join(tmp, name);
      await build({ root: join(root, 'examples', name), base: `/${name}/`, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      mounts[`/${name}/`] = outDir;
    }),
  );

  server = serve(mounts);
  const { createRelay } = await import('../../dist/relay/relay.js');
  relay = createRelay({ server, path: '/ws' });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** One participant: a page in its own browser context (own camera, own connection). */
async function participant(path, room, name) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}${path}?${new URLSearchParams({ room, name })}`);
  return { name, page, context, errors };
}

/** Waits until `fn(arg)` is truthy in the page; on timeout, says what and shows the page's state. */
async function until(who, what, fn, arg) {
  try {
    await who.page.waitForFunction(fn, arg, { timeout: TIMEOUT });
  } catch (e) {
    const shown = await who.page
      .evaluate(() => document.querySelector('aside')?.innerText ?? document.body.innerText)
      .catch(() => '(page gone)');
    throw new Error(`${who.name}: ${what} (not within ${TIMEOUT / 1000} s). The page shows:\n${shown}\nPage errors: ${who.errors.join('; ') || 'none'}\n${e.message}`);
  }
}

/** What the example shows from the events: the log, the list of others, your camera. */
const logHas = (line) => [...document.querySelectorAll('[data-testid="log"] li')].some((li) => li.textContent.trim() === line);
const listed = (text) => [...document.querySelectorAll('[data-testid="people"] li')].some((li) => li.textContent.trim() === text);
const myCamera = (onOff) => document.querySelector('[data-testid="my-camera"]')?.textContent === onOff;
/** The state attribute of the tile showing `name`, inside <meet-room>'s shadow root. */
const tileState = ([name, state]) =>
  [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])].some(
    (tile) => tile.participant?.name === name && tile.getAttribute('state') === state,
  );

async function meeting(path, { latencyAsProperty }) {
  const room = `fw-${Math.random().toString(36).slice(2, 10)}`;
  const ada = await participant(path, room, 'Ada');
  let bob;
  try {
    // Module scripts have run by the load event: the elements must be defined by now.
    const undefinedTags = await ada.page.evaluate((tags) => tags.filter((tag) => !customElements.get(tag)), ELEMENTS);
    assert.deepEqual(undefinedTags, [], 'elements not registered: did the bundler drop their modules? (package.json "sideEffects")');
    await until(ada, 'meet-joined is shown', logHas, 'You joined as Ada');
    await until(ada, 'her own meet-camera-change (local) is shown', myCamera, 'on');

    // The latency binding reached the element as the number 0.3 (a property, in the frameworks).
    const latency = await ada.page.evaluate(() => {
      const el = document.querySelector('meet-room');
      return { value: el.latency, attribute: el.getAttribute('latency') };
    });
    assert.equal(latency.value, 0.3);
    if (latencyAsProperty) assert.equal(latency.attribute, null, 'latency was set as a property, not an attribute');

    bob = await participant(path, room, 'Bob');
    await until(bob, 'meet-joined is shown', logHas, 'You joined as Bob');
    await until(bob, 'Ada (in the room before him) is listed with her camera on', listed, 'Ada: camera on');

    await until(ada, 'meet-participant-join for Bob is shown', logHas, 'Bob joined');
    await until(ada, "meet-camera-change for Bob's camera is shown", logHas, 'Bob turned their camera on');
    await until(ada, 'Bob is listed with his camera on', listed, 'Bob: camera on');
    await until(ada, "Bob's tile plays his video", tileState, ['Bob', 'video']);
    await until(bob, "Ada's tile plays her video", tileState, ['Ada', 'video']);

    // Bob turns his camera off through the framework (a button calling room.toggleCamera()).
    await bob.page.click('[data-testid="toggle-camera"]');
    await until(bob, 'his own camera is shown off', myCamera, 'off');
    await until(ada, 'meet-camera-change (off) for Bob is shown', logHas, 'Bob turned their camera off');
    await until(ada, 'Bob is listed with his camera off', listed, 'Bob: camera off');
    await until(ada, "Bob's tile shows his avatar", tileState, ['Bob', 'avatar']);

    assert.deepEqual(ada.errors, [], 'no uncaught errors in Ada\'s page');
    assert.deepEqual(bob.errors, [], 'no uncaught errors in Bob\'s page');
  } finally {
    await bob?.context.close();
    await ada.context.close();
  }
}

describe('framework embedding', () => {
  // What an app that installed the package gets: `import 'meet-elements/all.js'` resolves to
  // dist/all.js, and the bundler reads this package.json's "sideEffects" to decide which of
  // its modules it may drop. The element modules define the tags, so they must stay.
  test('a bundler keeps the element definitions of meet-elements/all.js (dist)', async () => {
    const entry = 'virtual:meet-entry';
    const result = await build({
      configFile: false,
      root: tmp,
      logLevel: 'silent',
      resolve: { alias: [{ find: /^meet-elements\/all\.js$/, replacement: join(root, 'dist/all.js') }] },
      plugins: [{ name: 'entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? "import 'meet-elements/all.js';" : null) }],
      build: { write: false, rollupOptions: { input: entry } },
    });
    const code = [result].flat().flatMap((r) => r.output).map((chunk) => chunk.code ?? '').join('\n');
    const dropped = ELEMENTS.filter((tag) => !new RegExp(`customElements\\.define\\(\\s*[\`'"]${tag}[\`'"]`).test(code));
    assert.deepEqual(dropped, [], `the bundle lost customElements.define() of these tags: add their modules to package.json "sideEffects"`);
  });

  test('Vue 3: attributes, .prop binding, @meet-* listeners (examples/vue)', () =>
    meeting('/vue/', { latencyAsProperty: true }));

  test('React 19: props, properties and onmeet-* events (examples/react)', () =>
    meeting('/react/', { latencyAsProperty: true }));

  test('plain HTML with the script-tag bundle (examples/html)', () =>
    meeting('/examples/html/index.html', { latencyAsProperty: false }));
});
