// `npm start`: builds if needed, then serves the demo page and the relay on one port.
//   PORT (default 8080) and HOST (default 127.0.0.1) override where it listens.
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, createReadStream } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const bundle = join(root, 'dist/cdn/meet-elements.js');
const relayBuild = join(root, 'dist/relay/relay.js');
const built = existsSync(bundle) && existsSync(relayBuild) ? statSync(bundle).mtimeMs : 0;
if (built < newestMtime(join(root, 'src'))) {
  console.log('Building...');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}

const { createRelay } = await import(relayBuild);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
// Only these folders are served; everything else is 404.
const MOUNTS = { '/dist/': join(root, 'dist'), '/': join(root, 'demo-server/public') };

const server = createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname);
  const prefix = Object.keys(MOUNTS).find((p) => pathname.startsWith(p));
  const base = MOUNTS[prefix];
  let file = normalize(join(base, pathname.slice(prefix.length) || 'index.html'));
  if (!file.startsWith(base + sep) && file !== base) return res.writeHead(403).end();
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});

createRelay({ server, path: '/ws' });
server.listen(port, host, () => {
  console.log(`meet-elements demo: http://${host}:${port}/  (relay: ws://${host}:${port}/ws)`);
  console.log('Open it in two tabs, e.g. ?room=demo&name=Ada and ?room=demo&name=Linus');
});
