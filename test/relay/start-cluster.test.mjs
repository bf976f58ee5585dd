// `npm run start:cluster` as a user starts it: Redis, three demo nodes and a round-robin load
// balancer on loopback; people on different nodes meet in one room; Ctrl+C stops it all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TestClient } from './helpers.mjs';

const START = fileURLToPath(new URL('../../demo-server/start-cluster.mjs', import.meta.url));

/** A port with the three after it free too (the balancer, then the nodes). */
async function freePorts() {
  for (;;) {
    const servers = [];
    try {
      const first = createServer();
      await new Promise((r, e) => first.once('error', e).listen(0, '127.0.0.1', r));
      servers.push(first);
      const base = first.address().port;
      for (let i = 1; i <= 3; i++) {
        const s = createServer();
        await new Promise((r, e) => s.once('error', e).listen(base + i, '127.0.0.1', r));
        servers.push(s);
      }
      return base;
    } catch {
      // taken: try another
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  }
}

test('npm run start:cluster: three nodes behind a balancer share a room; Ctrl+C stops them and Redis', async (t) => {
  const port = await freePorts();
  const child = spawn(process.execPath, [START], { env: { PATH: process.env.PATH, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += d;
      if (output.includes('meet-elements cluster demo:')) resolve();
    });
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`start:cluster exited (${code}): ${output}`)));
  });
  const redisPort = Number(output.match(/Redis redis:\/\/127\.0\.0\.1:(\d+)/)[1]);

  // Ada on the first node, Bob on the second, Cy through the balancer (the first connection: a node of its own choice).
  const ada = await TestClient.connect(`ws://127.0.0.1:${port + 1}/ws`);
  await ada.join('cluster-demo', 'Ada', { camera: true });
  const bob = await TestClient.connect(`ws://127.0.0.1:${port + 2}/ws`);
  await bob.join('cluster-demo', 'Bob');
  const cy = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
  await cy.join('cluster-demo', 'Cy');
  assert.deepEqual(cy.welcome.participants.map((p) => p.name).sort(), ['Ada', 'Bob']);
  ada.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false }, 'init');
  for (const c of [bob, cy]) await c.waitFor(() => c.frames.some((f) => f.sender === ada.id && f.payload === 'init'), "Ada's frame");
  // The demo page itself, through the balancer.
  const page = await fetch(`http://127.0.0.1:${port}/?room=cluster-demo&name=Dee`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<meet-room/);

  child.kill('SIGINT');
  assert.deepEqual(await exited, { code: 0, signal: null });
  for (const c of [ada, bob, cy]) assert.equal((await c.closed).code, 1012, 'told the relay restarts');
  // Redis went with it: its port takes a new server.
  const probe = createServer();
  await new Promise((r, e) => probe.once('error', e).listen(redisPort, '127.0.0.1', r));
  await new Promise((r) => probe.close(r));
});
