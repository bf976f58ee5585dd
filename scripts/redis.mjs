// Redis for the cluster's tests, `npm run start:cluster` and its benchmark: Debian's
// `redis-server`, started on a loopback port with nothing written to disk.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.mjs';

/** The redis-server binary: REDIS_SERVER, or one on the PATH; undefined if there is none. */
export function findRedisServer() {
  if (process.env.REDIS_SERVER) return existsSync(process.env.REDIS_SERVER) ? process.env.REDIS_SERVER : undefined;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts redis-server on 127.0.0.1:`port` (a free one by default), in memory only. Resolves
 * with `{ url, port, stop(), restart() }`: `stop()` kills it (SIGKILL, as a crash would),
 * `restart()` stops it and starts a new, empty one on the same port.
 */
export async function startRedis({ port } = {}) {
  const bin = findRedisServer();
  if (!bin) throw new Error('No redis-server found: install it (Debian: `sudo apt-get install redis-server`) or set REDIS_SERVER');
  port ??= await freePort();
  let child;
  const launch = () =>
    new Promise((resolve, reject) => {
      child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
    });
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    /** The server's process id (the benchmark reads its CPU time in /proc). */
    get pid() {
      return child.pid;
    },
  };
}
