// `npm start` killed and started again on the same port: its relay keeps its resume secret, so
// the people of a meeting resume where they were (same ids) and nobody sees anyone leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/free-port.mjs';
import { TestClient, settle } from './helpers.mjs';

const START = fileURLToPath(new URL('../../demo-server/start.mjs', import.meta.url));

/** `npm start`'s server on `port` with `env`; resolves once it listens. */
async function startDemo(t, port, env) {
  const child = spawn(process.execPath, [START], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += d;
      if (output.includes('meet-elements demo:')) resolve();
    });
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`demo server exited (${code}): ${output}`)));
  });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, url: `ws://127.0.0.1:${port}/ws` };
}

/** Two people in a room on the demo at `url`, A with its camera on. */
async function meeting(url) {
  const a = await TestClient.connect(url);
  await a.join('restart', 'Ada', { camera: true });
  const b = await TestClient.connect(url);
  await b.join('restart', 'Bob');
  return { a, b };
}

/** Both back on the restarted demo with their tokens: same ids, each sees the other, no `left`. */
async function resumeBoth(url, a, b) {
  const a2 = await TestClient.connect(url);
  await a2.join('restart', 'Ada', { camera: true, resume: a.welcome.resume });
  const b2 = await TestClient.connect(url);
  await b2.join('restart', 'Bob', { resume: b.welcome.resume });
  assert.equal(a2.welcome.resumed, true, "Ada's token still holds after the restart");
  assert.equal(a2.id, a.id);
  assert.equal(b2.welcome.resumed, true);
  assert.equal(b2.id, b.id);
  assert.deepEqual(b2.welcome.participants.map((p) => [p.id, p.camera]), [[a.id, true]]);
  await settle(200);
  for (const c of [a2, b2]) assert.ok(!c.messages.some((m) => m.type === 'left'), 'nobody left');
  await Promise.all([a2.close(), b2.close()]);
}

test('npm start killed and started again: its relay keeps the resume secret (a file it makes), everyone resumes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meet-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { RESUME_SECRET_FILE: join(dir, 'secret') };
  const port = await freePort();
  const first = await startDemo(t, port, env);
  const secret = readFileSync(env.RESUME_SECRET_FILE, 'utf8').trim();
  assert.ok(secret.length >= 32, 'a random secret was made');
  assert.equal(statSync(env.RESUME_SECRET_FILE).mode & 0o777, 0o600, 'readable by its owner only');
  const { a, b } = await meeting(first.url);

  first.child.kill('SIGKILL');
  await first.exited;
  const second = await startDemo(t, port, env);
  assert.equal(readFileSync(env.RESUME_SECRET_FILE, 'utf8').trim(), secret, 'the same secret, not a new one');
  await resumeBoth(second.url, a, b);

  // Another file: another secret, and the old tokens are just joins.
  second.child.kill('SIGKILL');
  await second.exited;
  const third = await startDemo(t, port, { RESUME_SECRET_FILE: join(dir, 'other') });
  const fresh = await TestClient.connect(third.url);
  await fresh.join('restart', 'Ada', { resume: a.welcome.resume });
  assert.equal(fresh.welcome.resumed, false);
  await fresh.close();
});

test('npm start with RESUME_SECRET uses it; stopped with SIGTERM it tells everyone it restarts (1012)', async (t) => {
  const env = { RESUME_SECRET: 'a deployment secret of some length' };
  const port = await freePort();
  const first = await startDemo(t, port, env);
  const { a, b } = await meeting(first.url);
  first.child.kill('SIGTERM');
  assert.equal((await a.closed).code, 1012);
  assert.equal((await b.closed).code, 1012);
  assert.deepEqual(await first.exited, { code: 0, signal: null });
  const second = await startDemo(t, port, env);
  await resumeBoth(second.url, a, b);
});

test('npm start refuses a resume secret file too short to be a secret, saying which file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meet-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'secret');
  (await import('node:fs')).writeFileSync(file, 'short\n');
  await assert.rejects(startDemo(t, await freePort(), { RESUME_SECRET_FILE: file }), (e) => e.message.includes(file) && e.message.includes('shorter than 16'));
});
