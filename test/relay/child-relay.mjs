// Starts test/relay/relay-process.mjs and talks to it.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./relay-process.mjs', import.meta.url));

/**
 * A relay in a child process: `url`, `stats()` (relay counters and `process.memoryUsage()`),
 * `close()`, and `exit` (resolves with the exit code and signal, for "it never crashed").
 */
export async function startChildRelay(options = {}) {
  const child = fork(script, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let nextId = 1;
  child.on('message', (msg) => {
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  });
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, type }, (e) => e && reject(e));
    });
  const { port } = await new Promise((resolve, reject) => {
    waiting.set(0, resolve);
    child.once('exit', (code) => reject(new Error(`relay process exited with ${code} before it was ready`)));
  });
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    port,
    exit,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    stats: () => ask('stats'),
    async close() {
      if (this.alive) await ask('close');
      return exit;
    },
    /** Ends it at once (default SIGTERM; SIGKILL as a crash would). */
    kill: (signal) => child.kill(signal),
  };
}
