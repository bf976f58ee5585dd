// `npm run start:cluster`: the demo on three relay nodes sharing their rooms through Redis, on
// loopback. Starts Debian's redis-server (installing it if missing), three demo servers
// (demo-server/start.mjs with REDIS_URL) on PORT+1..PORT+3, and a round-robin TCP load
// balancer on PORT (default 8080) with no sticky sessions: every new connection goes to the
// next node, so two tabs of one room are on different nodes. Ctrl+C stops everything.
//   PORT: the balancer's port; REDIS_PORT: Redis's (default: a free one).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBalancer } from '../scripts/balancer.mjs';
import { ensureInstalled } from '../scripts/ensure-installed.mjs';
import { findRedisServer, startRedis } from '../scripts/redis.mjs';

const port = Number(process.env.PORT ?? 8080);
const host = '127.0.0.1';
const START = fileURLToPath(new URL('./start.mjs', import.meta.url));

ensureInstalled('redis-server', findRedisServer, ['redis-server'], 'REDIS_SERVER');
const redis = await startRedis({ port: process.env.REDIS_PORT ? Number(process.env.REDIS_PORT) : undefined });

/** One demo server, a cluster node on `nodePort`; resolves once it listens. */
function startNode(nodePort) {
  const child = spawn(process.execPath, [START], { env: { ...process.env, PORT: String(nodePort), HOST: host, REDIS_URL: redis.url }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      if (String(d).includes('meet-elements demo:')) resolve(child);
      process.stdout.write(`[node ${nodePort}] ${d}`);
    });
    child.once('exit', (code) => reject(new Error(`node on ${nodePort} exited (${code})`)));
  });
}

const nodePorts = [port + 1, port + 2, port + 3];
const children = [];
// The first builds if needed; the others start from its build.
children.push(await startNode(nodePorts[0]));
children.push(...(await Promise.all(nodePorts.slice(1).map(startNode))));

const balancer = await startBalancer({ port, host, targets: nodePorts });
console.log(`meet-elements cluster demo: http://${host}:${port}/ (3 relay nodes on ${nodePorts.join(', ')} behind a round-robin balancer; Redis ${redis.url})`);
console.log('Open it in two tabs, e.g. ?room=demo&name=Ada and ?room=demo&name=Linus: they land on different nodes.');

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    // The nodes first: each tells its clients it restarts (1012), through the balancer too.
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : (c.once('exit', r), c.kill('SIGTERM'))))));
    await balancer.close();
    await redis.stop();
    process.exit(0);
  });
}
