// Relay fan-out: ours against a naive ws broadcast (the floor) and a minimal Socket.IO room
// relay, on the same load, in the same run. Relay and load generator are separate processes
// pinned to different cores with taskset where available.
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
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

/** One load against one relay kind; returns a result row. */
export async function measureFanout(kind, rooms, perRoom, seconds = 8) {
  const relay = pinned(here('./relay-process.mjs'), [kind], 0);
  const port = await new Promise((resolve, reject) => {
    relay.stdout.on('data', (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    relay.once('exit', (code) => reject(new Error(`relay ${kind} exited ${code}`)));
  });
  const gen = pinned(here('./loadgen.mjs'), [kind, String(port), String(rooms), String(perRoom), String(seconds)], 1);
  const result = await new Promise((resolve, reject) => {
    gen.on('message', async (msg) => {
      if (msg === 'measure-start') await ask(relay, 'reset');
      else {
        const usage = await ask(relay, 'report');
        resolve({ ...msg, ...usage });
      }
    });
    gen.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
    setTimeout(() => reject(new Error('fan-out run timed out')), (seconds + 60) * 1000).unref();
  });
  relay.kill();
  gen.kill();
  const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    relay: kind,
    load: `${rooms}x${perRoom}`,
    'msgs/s': Math.round(result.perSecond),
    'expected msgs/s': result.expectedPerSecond,
    'MB/s': round(result.mbPerSecond),
    'relay CPU %': round((result.cpuMicros / 1e6 / result.seconds) * 100),
    'relay us/msg': round(result.cpuMicros / result.delivered, 2),
    'p50 ms': round(result.p50, 2),
    'p99 ms': round(result.p99, 2),
    'relay RSS MB': round(result.peakRss / 1e6),
  };
}

/** Every relay on every load. */
export async function run({ loads = [[10, 5], [4, 25]], seconds = 8 } = {}) {
  const rows = [];
  for (const [k, m] of loads) for (const kind of ['ours', 'naive-ws', 'socketio']) rows.push(await measureFanout(kind, k, m, seconds));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ seconds: Number(process.env.SECONDS ?? 8) }));
