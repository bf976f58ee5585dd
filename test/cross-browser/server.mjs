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

/** Starts the server on a free 127.0.0.1 port; resolves with `{url, close()}`. */
export async function startServer() {
  const server = createServer((req, res) => {
    const file = FILES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] });
    createReadStream(file[0]).pipe(res);
  });
  const relay = createRelay({ server, path: '/ws' });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    async close() {
      await relay.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
