// A headless Chromium driven over a bare DevTools connection: Runtime.evaluate and nothing
// else. Playwright turns on the Network domain of every page it drives and forwards each
// WebSocket frame (payload included, base64) to the driver: with media flowing over a
// WebSocket that cost the browser process ~5 % CPU per person and the driver ~10 % of the
// machine, which only our system paid (WebRTC's media does not cross a WebSocket). A user's
// browser has no DevTools attached, so the meeting benchmark drives its browsers this way.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM_FLAGS, findChromium } from '../scripts/browsers.mjs';

/** What playwright adds to a headless launch that shapes timing (none of its automation hooks). */
const TIMING_FLAGS = [
  '--headless',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--no-default-browser-check',
  '--mute-audio',
];

/**
 * Launches Chromium at `url`; resolves with `{ pid, evaluate(fn, arg), waitFor(fn, timeout), close() }`.
 * `evaluate` runs `fn(arg)` in the page (awaiting a promise) and rejects after `timeout` ms.
 */
export async function launchBare(url, { width = 1000, height = 640, timeout = 60000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'meet-bench-'));
  const proc = spawn(findChromium(), [...CHROMIUM_FLAGS, ...TIMING_FLAGS, `--user-data-dir=${dir}`, '--remote-debugging-port=0', `--window-size=${width},${height}`, url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const close = async () => {
    ws?.close();
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    try {
      // The browser's helper processes may still be writing its profile for a moment.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // left in the temp dir
    }
  };
  let ws;
  try {
    const port = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address in 20 s: ${text.slice(-500)}`)), 20000);
      proc.stderr.on('data', (d) => {
        text += d;
        const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
        if (!m) return;
        clearTimeout(timer);
        resolve(Number(m[1]));
      });
      proc.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${text.slice(-500)}`)));
    });
    let target;
    for (let i = 0; i < 100 && !target; i++) {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      target = list.find((t) => t.type === 'page');
      if (!target) await new Promise((r) => setTimeout(r, 100));
    }
    if (!target) throw new Error('Chromium opened no page');
    ws = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  } catch (e) {
    await close();
    throw e;
  }
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data);
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(msg.error.message));
    else if (msg.result.exceptionDetails) p.reject(new Error(msg.result.exceptionDetails.exception?.description ?? msg.result.exceptionDetails.text));
    else p.resolve(msg.result.result.value);
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('the browser went away'));
    pending.clear();
  });
  const evaluate = (fn, arg, ms = timeout) =>
    new Promise((resolve, reject) => {
      const n = ++id;
      const timer = setTimeout(() => (pending.delete(n), reject(new Error(`page did not answer in ${ms} ms: ${String(fn).slice(0, 120)}`))), ms);
      pending.set(n, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) });
      const expression = `(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`;
      ws.send(JSON.stringify({ id: n, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }));
    });
  const waitFor = async (fn, ms = 20000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      if (await evaluate(fn).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${String(fn).slice(0, 120)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { pid: proc.pid, evaluate, waitFor, close };
}
