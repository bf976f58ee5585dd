// What a user of the published package gets. `npm pack` makes the tarball; each app in
// examples/ is copied into a fresh folder, its `meet-elements` dependency pointed at that
// tarball, installed with npm and built with its own toolchain, with no declarations of ours:
//   html     a script-tag page, its static server and the relay in one plain Node file
//   relay    a Node TypeScript relay on its own port (tsc, NodeNext resolution, strict)
//   vue      Vue 3 + Vite, type-checked by vue-tsc
//   react    React 19 + Vite TSX, strict tsc with skipLibCheck off (our .d.ts are checked too)
//   angular  Angular 21 CLI (zoneless, strict templates)
// Then, in Chromium with a fake camera and microphone, two people open each app and see each
// other's video; the frameworks' pages show what the elements' events told them.
//
// Needs `npm run build` first (npm test builds first). The npm registry (or npm's cache) must
// be reachable: the apps install their own dependencies, as a user's would.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../../scripts/browsers.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TIMEOUT = 20_000;
const ELEMENTS = ['meet-room', 'meet-tile', 'meet-controls'];
const APPS = ['html', 'relay', 'vue', 'react', 'angular'];
const BUILT = { vue: 'dist', react: 'dist', angular: 'dist' };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

let tmp;
let staticServer;
let staticOrigin;
const children = [];
let relayUrl;
let htmlOrigin;
let browser;

/** `npm <args>` in `cwd`; on failure, the error carries npm's output. */
async function npmIn(cwd, ...args) {
  try {
    return await run(npm, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
  } catch (e) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
}

/** Starts `node <file>` in `cwd` and resolves with the first URL it prints. */
function startNode(cwd, file, env) {
  const child = spawn(process.execPath, [file], { cwd, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const url = /(?:https?|wss?):\/\/[^\s)]+/.exec(output)?.[0];
      if (url) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`${file} in ${cwd} exited (${code}) before listening:\n${output}`)));
  });
}

/** Serves each URL prefix from a folder (nothing else). */
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
  assert.ok(existsSync(join(root, 'dist/index.js')), 'dist is missing: run `npm run build` first');
  const executablePath = findChromium();
  assert.ok(executablePath, 'No Chromium found: install it (Debian: apt-get install chromium) or set CHROME_PATH');
  tmp = mkdtempSync(join(tmpdir(), 'meet-consumer-'));

  const { stdout } = await npmIn(root, 'pack', '--json', '--ignore-scripts', '--pack-destination', tmp);
  const tarball = join(tmp, JSON.parse(stdout)[0].filename);
  for (const app of APPS) {
    const dir = join(tmp, app);
    cpSync(join(root, 'examples', app), dir, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|\.angular)$|package-lock\.json$/.test(src) });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['meet-elements'] = `file:${tarball}`;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  }
  // Installs are mostly waiting on the registry (or npm's cache): all at once.
  await Promise.all(APPS.map((app) => npmIn(join(tmp, app), 'install', '--no-audit', '--no-fund', '--prefer-offline')));
  await Promise.all(['relay', ...Object.keys(BUILT)].map((app) => npmIn(join(tmp, app), 'run', 'build')));

  const mounts = Object.fromEntries(Object.entries(BUILT).map(([app, out]) => [`/${app}/`, join(tmp, app, out)]));
  staticServer = serve(mounts);
  await new Promise((resolve) => staticServer.listen(0, '127.0.0.1', resolve));
  staticOrigin = `http://127.0.0.1:${staticServer.address().port}`;
  // The TypeScript relay admits only the pages' origin.
  relayUrl = await startNode(join(tmp, 'relay'), 'dist/server.js', { ALLOWED_ORIGINS: staticOrigin });
  htmlOrigin = (await startNode(join(tmp, 'html'), 'server.mjs')).replace(/\/$/, '');
  browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill();
  await new Promise((resolve) => (staticServer ? staticServer.close(resolve) : resolve()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** One participant: a page in its own browser context (own camera, own connection). */
async function participant(url, name) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const u = new URL(url);
  u.searchParams.set('name', name);
  await page.goto(u.href);
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
/** Whether the tile showing `name`, inside <meet-room>'s shadow root, is in `state`. */
const tileState = ([name, state]) => {
  const tile = [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])].find((t) => t.shown?.name === name);
  return tile?.getAttribute('state') === state;
};

/** `name`'s remote tile shows video whose time moves on by half a second. */
async function seesVideo(who, name) {
  await until(who, `${name}'s tile plays video`, tileState, [name, 'video']);
  const time = (n) =>
    [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])]
      .find((t) => t.shown?.name === n)
      ?.shadowRoot?.querySelector('video[part="video"]')?.currentTime ?? -1;
  const from = await who.page.evaluate(time, name);
  await until(who, `${name}'s video advances`, ([n, t]) => {
    const video = [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])]
      .find((tile) => tile.shown?.name === n)
      ?.shadowRoot?.querySelector('video[part="video"]');
    return (video?.currentTime ?? -1) > t + 0.5;
  }, [name, from]);
}

async function meeting(url, { latencyAsProperty }) {
  const room = `c-${Math.random().toString(36).slice(2, 10)}`;
  const withRoom = new URL(url);
  withRoom.searchParams.set('room', room);
  const ada = await participant(withRoom.href, 'Ada');
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

    bob = await participant(withRoom.href, 'Bob');
    await until(bob, 'meet-joined is shown', logHas, 'You joined as Bob');
    await until(bob, 'Ada (in the room before him) is listed with her camera on', listed, 'Ada: camera on');

    await until(ada, 'meet-participant-join for Bob is shown', logHas, 'Bob joined');
    await until(ada, "meet-camera-change for Bob's camera is shown", logHas, 'Bob turned their camera on');
    await until(ada, 'Bob is listed with his camera on', listed, 'Bob: camera on');
    await seesVideo(ada, 'Bob');
    await seesVideo(bob, 'Ada');

    // Bob turns his camera off through the framework (a button calling room.toggleCamera()).
    await bob.page.click('[data-testid="toggle-camera"]');
    await until(bob, 'his own camera is shown off', myCamera, 'off');
    await until(ada, 'meet-camera-change (off) for Bob is shown', logHas, 'Bob turned their camera off');
    await until(ada, 'Bob is listed with his camera off', listed, 'Bob: camera off');
    await until(ada, "Bob's tile shows his avatar", tileState, ['Bob', 'avatar']);

    assert.deepEqual(ada.errors, [], "no uncaught errors in Ada's page");
    assert.deepEqual(bob.errors, [], "no uncaught errors in Bob's page");
  } finally {
    await bob?.context.close();
    await ada.context.close();
  }
}

/** The fenced block of `lang` in the README that follows the line containing `marker`. */
function readmeBlock(marker, lang) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const from = readme.indexOf(marker);
  assert.ok(from >= 0, `README.md has "${marker}"`);
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(from))?.[1];
  assert.ok(block, `README.md has a ${lang} block after "${marker}"`);
  return block;
}

describe('the published package in fresh apps', () => {
  test('plain HTML with the script-tag bundle (examples/html: page, bundle and relay from server.mjs)', () =>
    meeting(`${htmlOrigin}/`, { latencyAsProperty: false }));

  test("the README's script-tag setup: its server is examples/html/server.mjs, and its page works", async () => {
    assert.equal(readmeBlock('<!-- readme:server.mjs -->', 'js'), readFileSync(join(root, 'examples/html/server.mjs'), 'utf8'));
    writeFileSync(join(tmp, 'html/public/readme.html'), `<!doctype html>\n<meta charset="utf-8" />\n${readmeBlock('<!-- readme:index.html -->', 'html')}`);
    const pages = [];
    try {
      for (const name of ['Ada', 'Bob']) pages.push(await participant(`${htmlOrigin}/readme.html`, name));
      for (const who of pages) {
        // Two tiles (you and the other person), and the other person's shows video.
        await until(who, 'two tiles, the other one playing video', () => {
          const tiles = [...(document.querySelector('meet-room')?.shadowRoot?.querySelectorAll('meet-tile') ?? [])];
          return tiles.length === 2 && tiles.some((t) => !t.hasAttribute('local') && t.getAttribute('state') === 'video');
        });
        // The media code came from the second file, served beside the first.
        const loaded = await who.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
        assert.ok(loaded.includes('/meet-elements-media.js'), `the page loaded the media file (it loaded ${loaded.join(', ')})`);
      }
    } finally {
      for (const who of pages) await who.context.close();
    }
  });

  test('the script-tag first download holds no media code: the media file does, and the first loads it from beside itself', () => {
    const cdn = join(tmp, 'html/node_modules/meet-elements/dist/cdn');
    const first = readFileSync(join(cdn, 'meet-elements.js'), 'utf8');
    const media = readFileSync(join(cdn, 'meet-elements-media.js'), 'utf8');
    for (const api of ['MediaRecorder', 'VideoDecoder', 'VideoEncoder', 'MediaSource']) {
      assert.ok(!first.includes(api), `meet-elements.js uses no ${api}`);
      assert.ok(media.includes(api), `meet-elements-media.js uses ${api}`);
    }
    assert.match(first, /import\("\.\/meet-elements-media\.js"\)/);
  });

  for (const app of Object.keys(BUILT)) {
    test(`${app}: attributes, property bindings and meet-* events (examples/${app}, relay from examples/relay)`, () =>
      meeting(`${staticOrigin}/${app}/?server=${encodeURIComponent(relayUrl)}`, { latencyAsProperty: true }));
  }

  test('the TypeScript relay refuses a page from another origin', async () => {
    const { default: WebSocket } = await import(pathToFileURL(join(tmp, 'relay/node_modules/ws/index.js')).href);
    const status = await new Promise((resolve) => {
      const ws = new WebSocket(relayUrl, { origin: 'http://evil.example' });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.once('open', () => resolve('open'));
    });
    assert.equal(status, 403);
  });

  test('per-element entry points register what the element renders, and only that', async () => {
    // A bundler in the installed React app (Vite), so the package's exports and sideEffects decide.
    const { build } = await import(pathToFileURL(join(tmp, 'react/node_modules/vite/dist/node/index.js')).href);
    const defined = async (source) => {
      const entry = 'virtual:meet-entry';
      const result = await build({
        configFile: false,
        root: join(tmp, 'react'),
        logLevel: 'silent',
        plugins: [{ name: 'entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? source : null) }],
        build: { write: false, minify: false, rollupOptions: { input: entry } },
      });
      const code = [result].flat().flatMap((r) => r.output).map((chunk) => chunk.code ?? '').join('\n');
      return ELEMENTS.filter((tag) => new RegExp(`customElements\\.define\\(\\s*[\`'"]${tag}[\`'"]`).test(code));
    };
    assert.deepEqual(await defined("import 'meet-elements/meet-room.js';"), ELEMENTS);
    assert.deepEqual(await defined("import 'meet-elements/meet-tile.js';"), ['meet-tile']);
    assert.deepEqual(await defined("import 'meet-elements/meet-controls.js';"), ['meet-controls']);
    assert.deepEqual(await defined("import 'meet-elements/all.js';"), ELEMENTS);
    assert.deepEqual(await defined("import { avatarColor } from 'meet-elements'; console.log(avatarColor('x'));"), [], 'the main entry registers nothing');
  });
});
