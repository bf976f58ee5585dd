// Relay fan-out: ours against a naive ws broadcast (the floor) and a minimal Socket.IO room
// relay, on the same load, in the same run. Relay and load generator are separate processes
// pinned to different cores with taskset where available.
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
let hasTaskset = false;
try {
  execFileSync('taskset', ['-c', '0', 'true']);
  hasTaskset = true;
} catch {
  hasTaskset = false;
}

function pinned(script, args, core) {
  const options = { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] };
  if (!hasTaskset) return fork(script, args, options);
  return fork(script, args, { ...options, execPath: 'taskset', execArgv: ['-c', String(core), process.execPath] });
}

const ask = (child, msg) =>
  new Promise((resolve) => {
    child.once('message', resolve);
    child.send(msg);
  });

/** Starts a relay process (`relay-process.mjs <args>`) pinned to core 0; resolves with it and its port. */
async function startRelayProcess(args) {
  const relay = pinned(here('./relay-process.mjs'), args, 0);
  const port = await new Promise((resolve, reject) => {
    relay.stdout.on('data', (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    relay.once('exit', (code) => reject(new Error(`relay ${args[0]} exited ${code}`)));
  });
  return { relay, port };
}

/** CPU time of a process so far in microseconds, from /proc (Linux). */
function procCpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6;
}

/**
 * One load against one relay kind, or a cluster of `nodes` of ours through Redis (`redis`:
 * a started one; its CPU is measured too); returns a result row.
 */
export async function measureFanout(kind, rooms, perRoom, seconds = 8, { nodes = 1, redis } = {}) {
  const started = [];
  const prefix = `bench${Date.now()}:`;
  for (let i = 0; i < nodes; i++) started.push(await startRelayProcess(redis ? ['ours-cluster', redis.url, prefix] : [kind]));
  const relays = started.map((s) => s.relay);
  if (redis && hasTaskset) execFileSync('taskset', ['-cp', '0', String(redis.pid)], { stdio: 'ignore' });
  let redisStart = 0;
  const gen = pinned(here('./loadgen.mjs'), [redis ? 'ours' : kind, started.map((s) => s.port).join(','), String(rooms), String(perRoom), String(seconds)], 1);
  const result = await new Promise((resolve, reject) => {
    gen.on('message', async (msg) => {
      if (msg === 'measure-start') {
        await Promise.all(relays.map((r) => ask(r, 'reset')));
        if (redis) redisStart = procCpuMicros(redis.pid);
      } else {
        const usage = await Promise.all(relays.map((r) => ask(r, 'report')));
        const redisCpu = redis ? procCpuMicros(redis.pid) - redisStart : 0;
        resolve({ ...msg, cpuMicros: usage.reduce((a, u) => a + u.cpuMicros, 0), peakRss: usage.reduce((a, u) => a + u.peakRss, 0), redisCpu });
      }
    });
    gen.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
    setTimeout(() => reject(new Error('fan-out run timed out')), (seconds + 60) * 1000).unref();
  });
  relays.forEach((r) => r.kill());
  gen.kill();
  const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    relay: redis ? `ours, ${nodes} nodes + Redis` : kind,
    load: `${rooms}x${perRoom}`,
    'msgs/s': Math.round(result.perSecond),
    'expected msgs/s': result.expectedPerSecond,
    'MB/s': round(result.mbPerSecond),
    'relay CPU %': round((result.cpuMicros / 1e6 / result.seconds) * 100),
    'relay us/msg': round(result.cpuMicros / result.delivered, 2),
    'p50 ms': round(result.p50, 2),
    'p99 ms': round(result.p99, 2),
    'relay RSS MB': round(result.peakRss / 1e6),
    ...(redis && { 'Redis CPU %': round((result.redisCpu / 1e6 / result.seconds) * 100) }),
  };
}

/**
 * The cluster against one node, same load, same run: one node of ours alone, then three nodes
 * sharing every room through a real redis-server (participant i of a room on node i mod 3).
 */
export async function runCluster({ loads = [[10, 5], [4, 25]], seconds = 8 } = {}) {
  const { startRedis } = await import('../../scripts/redis.mjs');
  const rows = [];
  for (const [k, m] of loads) {
    const single = await measureFanout('ours', k, m, seconds);
    single.relay = 'ours, 1 node';
    const redis = await startRedis();
    let three;
    try {
      three = await measureFanout('ours', k, m, seconds, { nodes: 3, redis });
    } finally {
      await redis.stop();
    }
    three['vs 1 node: added p50 ms'] = round2(three['p50 ms'] - single['p50 ms']);
    three['vs 1 node: added p99 ms'] = round2(three['p99 ms'] - single['p99 ms']);
    three['vs 1 node: us/msg ratio'] = round2(three['relay us/msg'] / single['relay us/msg']);
    rows.push(single, three);
  }
  return rows;
}

const round2 = (v) => Math.round(v * 100) / 100;

/** Every relay on every load. */
export async function run({ loads = [[10, 5], [4, 25]], seconds = 8 } = {}) {
  const rows = [];
  for (const [k, m] of loads) for (const kind of ['ours', 'naive-ws', 'socketio']) rows.push(await measureFanout(kind, k, m, seconds));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `node bench/fanout/index.mjs [cluster]`: the relays on every load, or the cluster against one node.
  const seconds = Number(process.env.SECONDS ?? 8);
  console.table(process.argv[2] === 'cluster' ? await runCluster({ seconds }) : await run({ seconds }));
}
