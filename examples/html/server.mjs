// A page with meet-elements from a script tag, and the relay, on one port:
//   npm install meet-elements ws && node server.mjs   (then open http://127.0.0.1:8080/)
// Serves ./public/, the bundle's files at /meet-elements.js (and the /meet-elements-*.js it loads), and the relay at /ws.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay } from 'meet-elements/relay';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const publicDir = fileURLToPath(new URL('./public', import.meta.url));
// meet-elements.js loads meet-elements-*.js (the media code, the pre-join screen, languages) from beside it when needed.
const bundleDir = dirname(fileURLToPath(import.meta.resolve('meet-elements/cdn')));
const bundleFile = /^\/meet-elements(-[a-z]+)?\.js$/;
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  const fromBundle = bundleFile.test(path);
  let file = fromBundle ? join(bundleDir, path) : normalize(join(publicDir, path));
  if (!fromBundle && !file.startsWith(publicDir + sep)) return res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return res.writeHead(404).end('not found\n');
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});

createRelay({ server, path: '/ws' });
server.listen(port, host, () => console.log(`meet-elements: http://${host}:${server.address().port}/`));
