// One room over three relay nodes (createRelay({ cluster }) through a real redis-server), in
// real Chromium: two people on different nodes see each other's video; the node of one is
// killed (SIGKILL) and she comes back through the load balancer on another node, resumed:
// the other sees her video again and never sees her leave. Needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBalancer } from '../../scripts/balancer.mjs';
import { startRedis } from '../../scripts/redis.mjs';
import { launch, seesVideo, until } from './browsers.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
let redis;
let balancer;
let chromium;
const nodes = [];

/** A cluster node (page + relay) in a process of its own; resolves once it listens. */
function startNode(redisUrl) {
  const child = spawn(process.execPath, [SERVER, '0', redisUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve({ child, port: Number(m[1]), url: `http://127.0.0.1:${m[1]}/` });
    });
    child.once('exit', (code) => reject(new Error(`cluster node exited (${code})`)));
  });
}

before(async () => {
  redis = await startRedis();
  for (let i = 0; i < 3; i++) nodes.push(await startNode(redis.url));
  // Only the WebSockets go through the balancer (the pages come from a node directly), so the
  // first socket lands on the first node and the second on the second.
  balancer = await startBalancer({ targets: nodes.map((n) => n.port) });
  chromium = await launch('chromium');
});

after(async () => {
  await chromium?.close();
  await balancer?.close();
  for (const n of nodes) n.child.kill('SIGKILL');
  await redis?.stop();
});

test('a room over three nodes: video across nodes; a node killed, its person resumes on another (same id, no leave) and plays again', { timeout: 120000 }, async () => {
  const relay = `ws://127.0.0.1:${balancer.port}/ws`;
  const page = (name) => `${nodes[0].url}?room=cluster&name=${name}&camera=1&relay=${encodeURIComponent(relay)}`;
  const ada = await chromium.open(page('Ada'));
  await until(ada, 'Ada joined', () => window.meet.room.self);
  const bob = await chromium.open(page('Bob'));
  await Promise.all([seesVideo(ada, 'Bob'), seesVideo(bob, 'Ada')]);
  const adaId = await ada.evaluate(() => window.meet.room.self.id);
  await bob.evaluate(() => {
    window.leaves = [];
    window.meet.room.addEventListener('meet-participant-leave', (e) => window.leaves.push(e.participant.name));
  });

  // Ada's socket was the balancer's first: node 0. It dies.
  nodes[0].child.kill('SIGKILL');
  const killed = Date.now();
  await until(ada, "Ada's room reconnecting", () => window.meet.room.connection !== 'open', undefined, 10000);
  await until(ada, "Ada's room open again", () => window.meet.room.connection === 'open', undefined, 20000);
  assert.equal(await ada.evaluate(() => window.meet.room.self.id), adaId, 'Ada resumed with her id on another node');
  await seesVideo(bob, 'Ada', 20000);
  console.log(`node killed: Ada's video advancing at Bob again ${Date.now() - killed} ms later`);
  await seesVideo(ada, 'Bob');
  assert.deepEqual(await bob.evaluate(() => window.leaves), [], 'Bob never saw Ada leave');
});
