// A tiny loopback server for the cross-browser tests: the page, the built CDN bundle (both files), and
// the real relay at /ws. Needs `npm run build` first.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createRelay } from '../../dist/relay/relay.js';

const FILES = {
  '/': [fileURLToPath(new URL('page.html', import.meta.url)), 'text/html; charset=utf-8'],
  '/meet-elements.js': [fileURLToPath(new URL('../../dist/cdn/meet-elements.js', import.meta.url)), 'text/javascript'],
  // What meet-elements.js loads from beside it at the first join.
  '/meet-elements-media.js': [fileURLToPath(new URL('../../dist/cdn/meet-elements-media.js', import.meta.url)), 'text/javascript'],
};

/**
 * Starts the server on 127.0.0.1:`port` (0: a free one), its relay with `relayOptions`;
 * resolves with `{url, port, close()}`.
 */
export async function startServer(relayOptions = {}, port = 0) {
  const server = createServer((req, res) => {
    const file = FILES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] });
    createReadStream(file[0]).pipe(res);
  });
  const relay = createRelay({ server, path: '/ws', ...relayOptions });
  await relay.ready;
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    port: server.address().port,
    async close() {
      await relay.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

// `node server.mjs <port> <redis url>`: one cluster node of its own process (cluster-room.test.mjs).
if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const [port, redis] = process.argv.slice(2);
  const server = await startServer({ resumeSecret: 'cross-browser cluster', cluster: { redis, heartbeat: 300 }, resumeGrace: 10000 }, Number(port));
  console.log(`listening ${server.port}`);
}
