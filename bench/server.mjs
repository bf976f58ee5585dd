// Benchmark server: the built bundle and the benchmark pages over HTTP, the relay at /ws, and
// /mesh, the signaling of the WebRTC-mesh baseline, on a free loopback port. Never anything
// but 127.0.0.1.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
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
  meshSignaling(server);
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

/**
 * The WebRTC mesh's signaling: `/mesh?room=x` gets `{type: 'welcome', id, peers}`, messages
 * with a `to` go to that peer with `from` set, and the others hear `{type: 'left', id}`.
 */
function meshSignaling(server) {
  const wss = new WebSocketServer({ noServer: true });
  const rooms = new Map();
  let next = 1;
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    if (url.pathname !== '/mesh') return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const room = url.searchParams.get('room') ?? '';
      const members = rooms.get(room) ?? new Map();
      rooms.set(room, members);
      const id = next++;
      ws.send(JSON.stringify({ type: 'welcome', id, peers: [...members.keys()] }));
      members.set(id, ws);
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        members.get(msg.to)?.send(JSON.stringify({ ...msg, from: id }));
      });
      ws.on('close', () => {
        members.delete(id);
        for (const other of members.values()) other.send(JSON.stringify({ type: 'left', id }));
      });
    });
  });
}
