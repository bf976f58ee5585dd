// A relay restart, as a new user meets it (issue 18, part 5): `npm start` (demo-server/start.mjs)
// serving two people, one browser each, in a room with their cameras on; the server is killed
// (SIGKILL), started again on the same port 1.5 s later, and each viewer's first new frame of
// the other person is timed from the moment the server listens again. Also counted: anyone
// seen leaving (they must not: the demo keeps its resume secret across restarts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/free-port.mjs';
import { launchChromium } from './browser.mjs';
import { watchPeer } from './peer-watch.mjs';
import { summarize } from './stats.mjs';

const START = fileURLToPath(new URL('../demo-server/start.mjs', import.meta.url));
const DOWN_MS = 1500;

/** The demo server on `port`; resolves with the process and the wall-clock time it listened. */
async function startDemo(port, secretFile) {
  const child = spawn(process.execPath, [START], { env: { PATH: process.env.PATH, PORT: String(port), RESUME_SECRET_FILE: secretFile }, stdio: ['ignore', 'pipe', 'inherit'] });
  const listening = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('meet-elements demo:')) resolve(Date.now());
    });
    child.once('exit', (code) => reject(new Error(`demo server exited (${code})`)));
  });
  return { child, listening };
}

export async function run({ restarts = 10 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'meet-restart-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/?room=restart-${Date.now()}`;
  let demo = await startDemo(port, join(dir, 'secret'));
  const people = [];
  try {
    for (const name of ['Ada', 'Linus']) {
      const { browser, context } = await launchChromium();
      const page = await context.newPage();
      await page.goto(`${url}&name=${name}`);
      await page.waitForFunction(() => document.getElementById('meeting').self);
      people.push({ browser, page, name });
    }
    const [a, b] = people;
    for (const [viewer, other] of [[a, b], [b, a]]) await viewer.page.evaluate(watchPeer, other.name);
    const presentedSince = (p, t) => p.page.evaluate((t) => window.presented.filter((f) => f > t).length, t);
    const waitVideo = async (since, timeout) => {
      const end = Date.now() + timeout;
      while (Date.now() < end) {
        if ((await presentedSince(a, since)) > 3 && (await presentedSince(b, since)) > 3) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    if (!(await waitVideo(0, 30000))) throw new Error('restart bench: no video before the first restart');
    const videoBack = [];
    const openBack = [];
    let missing = 0;
    for (let i = 0; i < restarts; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      demo.child.kill('SIGKILL');
      await new Promise((r) => demo.child.once('exit', r));
      await new Promise((r) => setTimeout(r, DOWN_MS));
      demo = await startDemo(port, join(dir, 'secret'));
      const back = demo.listening;
      if (!(await waitVideo(back, 20000))) missing += 1;
      for (const p of people) {
        const first = await p.page.evaluate((t) => window.presented.find((f) => f > t), back);
        if (first !== undefined) videoBack.push(first - back);
      }
      for (const p of people) {
        const open = await p.page.evaluate((t) => window.opened.find((o) => o > t), back);
        if (open !== undefined) openBack.push(open - back);
      }
    }
    const leaves = (await Promise.all(people.map((p) => p.page.evaluate(() => window.leaves.length)))).reduce((x, y) => x + y, 0);
    return [
      summarize(`relay restart (npm start killed, back after ${DOWN_MS} ms) -> the other person's first new frame, from the relay listening again`, 'ms', videoBack, { expected: restarts * 2, missing, leaves }),
      summarize('relay restart: joined again (connection open), from the relay listening', 'ms', openBack, { expected: restarts * 2 }),
    ];
  } finally {
    demo.child.kill('SIGKILL');
    for (const p of people) await p.browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/restart.mjs [restarts]`: this benchmark alone (npm run bench runs it with the others).
if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  console.table(await run({ restarts: Number(process.argv[2] ?? 10) }));
}
