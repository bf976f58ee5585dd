// `npm start`: builds if needed, then serves the demo page and the relay on one port.
//   PORT (default 8080) and HOST (default 127.0.0.1) override where it listens.
//   RESUME_SECRET sets the relay's resume secret; without it a random one is kept in
//   RESUME_SECRET_FILE (default demo-server/.resume-secret), so a restarted demo takes its
//   meetings back: people resume with their ids and nobody sees anyone leave.
//   REDIS_URL makes it one node of a cluster sharing rooms through that Redis (see
//   `npm run start:cluster`, which starts three of them behind a load balancer).
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, createReadStream } from 'node:fs';
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

/** The resume secret: RESUME_SECRET, or the one in RESUME_SECRET_FILE, made there (mode 600) the first time. */
function resumeSecret() {
  if (process.env.RESUME_SECRET) return process.env.RESUME_SECRET;
  const file = resolve(process.env.RESUME_SECRET_FILE || join(root, 'demo-server/.resume-secret'));
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if (e.code !== 'EEXIST') throw new Error(`cannot create the resume secret file ${file}: ${e.message}`);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 16) throw new Error(`the resume secret in ${file} is shorter than 16 characters: delete the file to make a new one`);
  return secret;
}

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

const cluster = process.env.REDIS_URL ? { redis: process.env.REDIS_URL } : undefined;
const relay = createRelay({ server, path: '/ws', resumeSecret: resumeSecret(), cluster });
await relay.ready;
server.listen(port, host, () => {
  console.log(`meet-elements demo: http://${host}:${port}/  (relay: ws://${host}:${port}/ws${cluster ? `, a cluster node on ${cluster.redis}` : ''})`);
  if (!cluster) console.log('Open it in two tabs, e.g. ?room=demo&name=Ada and ?room=demo&name=Linus');
});

// Ctrl+C or a service manager's stop: every client is told the relay restarts (1012) and
// comes back by itself to the next one.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await relay.close();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
