// A round-robin TCP load balancer for the cluster demo and its tests, on loopback: every new
// connection goes to the next target, with no sticky sessions; a target that refuses (a node
// killed or restarting) is skipped.
import { createConnection, createServer } from 'node:net';

/** Listens on `host:port` (0: a free port); resolves with `{ port, close() }`. */
export async function startBalancer({ port = 0, host = '127.0.0.1', targets }) {
  let next = 0;
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const tryTarget = (left) => {
      const target = targets[next++ % targets.length];
      const upstream = createConnection({ port: target, host });
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.once('close', () => (sockets.delete(upstream), socket.destroy()));
        socket.once('close', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
        socket.pipe(upstream).pipe(socket);
      });
      upstream.once('error', () => (left > 1 && !socket.destroyed ? tryTarget(left - 1) : socket.destroy()));
    };
    tryTarget(targets.length);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    port: server.address().port,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}
