// Benchmark server: the built bundle and the benchmark pages over HTTP, the relay at /ws,
// on a free loopback port. Never anything but 127.0.0.1.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay } from '../dist/relay/relay.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MOUNTS = { '/dist/': join(root, 'dist'), '/': join(root, 'bench/pages') };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };

/** Starts the bench server; resolves with `{url, relay, close()}`. */
export async function startBenchServer(relayOptions = {}) {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://bench').pathname);
    const prefix = Object.keys(MOUNTS).find((p) => pathname.startsWith(p));
    const base = MOUNTS[prefix];
    const file = normalize(join(base, pathname.slice(prefix.length) || 'index.html'));
    if (!file.startsWith(base + sep) || !existsSync(file) || statSync(file).isDirectory()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  const relay = createRelay({ server, path: '/ws', ...relayOptions });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    relay,
    async close() {
      await relay.close();
      await new Promise((r) => server.close(r));
    },
  };
}
