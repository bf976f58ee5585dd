// WebKitGTK's MiniBrowser driven over W3C WebDriver HTTP with plain fetch: starts Xvfb on a
// free display and WebKitWebDriver on a free 127.0.0.1 port, opens one session, and gives a
// page object whose `evaluate(fn, arg)` works like Playwright's (so the helpers of
// ../cross-browser/browsers.mjs accept it). Needs Debian's webkit2gtk-driver, xvfb and the
// GStreamer plugins (WEBKIT_PACKAGES in scripts/browsers.mjs; `npm test` installs them).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEBKIT_PATHS, webkitMissing } from '../../scripts/browsers.mjs';

const { driver: DRIVER, minibrowser: MINIBROWSER, xvfb: XVFB } = WEBKIT_PATHS;

/** MiniBrowser flags: mock camera without a prompt, MSE, autoplay without a gesture. */
export const MINIBROWSER_ARGS = [
  '--automation',
  '--enable-media-stream=true',
  '--enable-mock-capture-devices=true',
  '--enable-mediasource=true',
  '--autoplay-policy=allow',
  '--media-playback-requires-user-gesture=false',
  '--features=+MockCaptureDevices,-MockCaptureDevicesPrompt,-GetUserMediaRequiresFocus',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Keeps the last `max` characters a child wrote, for error messages. */
function tail(child, max = 20000) {
  const log = { text: '' };
  const add = (b) => {
    log.text = (log.text + b.toString()).slice(-max);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return log;
}

/** A child in its own process group, so killing the group also ends what it started. */
function startChild(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  child.exited = new Promise((r) => child.once('exit', r));
  return child;
}

async function stopChild(child, grace = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), grace);
  await child.exited;
  clearTimeout(timer);
  kill('SIGKILL'); // anything left in the group (MiniBrowser's web processes)
}

/** Starts Xvfb with `-displayfd` (it picks a free display and tells us which). */
async function startXvfb() {
  const child = startChild(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const log = tail(child);
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${log.text}`)), 10000);
    child.stdio[3].on('data', (b) => {
      out += b.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${log.text}`));
    });
  });
  return { child, display };
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.value?.error) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? JSON.stringify(json)}`);
  }
  return json.value;
}

/**
 * Starts Xvfb, WebKitWebDriver and a MiniBrowser session. Resolves with
 * `{ goto(url), evaluate(fn, arg), log(), close() }`; `close()` ends the session and both
 * processes, and is safe to call twice or after a failed start.
 */
export async function startWebKit({ scriptTimeout = 30000 } = {}) {
  const why = webkitMissing();
  if (why) throw new Error(`WebKit is not installed: ${why}`);
  const home = mkdtempSync(join(tmpdir(), 'meet-webkit-'));
  let xvfb;
  let driver;
  let base;
  let session;
  let driverLog = { text: '' };
  const killNow = () => {
    for (const c of [driver, xvfb]) {
      try {
        if (c && c.exitCode === null && c.signalCode === null) process.kill(-c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // If the test process dies without `close()`, take the children with it.
  process.once('exit', killNow);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (session) await request(base, 'DELETE', `/session/${session}`).catch(() => {});
    await stopChild(driver);
    await stopChild(xvfb);
    process.removeListener('exit', killNow);
    rmSync(home, { recursive: true, force: true });
  };

  try {
    const x = await startXvfb();
    xvfb = x.child;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    driver = startChild(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DISPLAY: x.display,
        HOME: home,
        // A shared GStreamer plugin cache: a fresh one per run costs seconds.
        GST_REGISTRY: join(tmpdir(), 'meet-webkit-gst-registry.bin'),
        // No accessibility bus on this display.
        NO_AT_BRIDGE: '1',
      },
    });
    driverLog = tail(driver);
    const end = Date.now() + 10000;
    for (;;) {
      const ready = await request(base, 'GET', '/status').then((v) => v.ready, () => false);
      if (ready) break;
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${driver.exitCode}: ${driverLog.text}`);
      if (Date.now() > end) throw new Error(`WebKitWebDriver not ready in 10 s: ${driverLog.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const created = await request(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          timeouts: { script: scriptTimeout, pageLoad: 30000 },
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: MINIBROWSER_ARGS },
        },
      },
    });
    session = created.sessionId;
  } catch (e) {
    await close();
    throw e;
  }

  const call = (method, path, body) => request(base, method, `/session/${session}${path}`, body);
  return {
    kind: 'webkit',
    /** Navigates and waits for the load event. */
    goto: (url) => call('POST', '/url', { url }),
    /** Runs `fn(arg)` in the page (a function's source plus a JSON argument); awaits promises. */
    async evaluate(fn, arg) {
      const script = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then(
          (value) => done({ returned: value === undefined ? null : value }),
          (e) => done({ thrown: e instanceof Error ? \`\${e.name}: \${e.message}\\n\${e.stack}\` : String(e) }));`;
      const r = await call('POST', '/execute/async', { script, args: [arg === undefined ? null : arg] });
      if (r && 'thrown' in r) throw new Error(`in WebKit page: ${r.thrown}`);
      return r?.returned ?? undefined;
    },
    /** The driver's and MiniBrowser's recent stdout and stderr (not the page's console). */
    log: () => driverLog.text,
    close,
  };
}
