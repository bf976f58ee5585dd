// Bench: a TCP proxy on loopback (127.0.0.1 only) that adds `rtt` ms of round trip: every chunk waits rtt/2 each way,
// a new connection waits one rtt before its first byte goes on (the TCP handshake). This
// machine's kernel has no netem, so a page's round trips to a distant server are made here;
// it shows what loopback hides: requests that follow one another instead of overlapping.
import net from 'node:net';
/** Listens on a free loopback port and forwards to `upstreamPort` with `rtt` ms of round trip; resolves with `{port, close}`. */
export function delayProxy(upstreamPort, rtt) {
  const half = rtt / 2;
  const server = net.createServer((client) => {
    const up = net.connect(upstreamPort, '127.0.0.1');
    const opened = Date.now() + rtt;
    const relay = (from, to, firstAt) => {
      let chain = Promise.resolve();
      from.on('data', (chunk) => {
        const at = Math.max(Date.now() + half, firstAt());
        chain = chain.then(() => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())))).then(() => to.writable && to.write(chunk));
      });
      from.on('end', () => chain.then(() => to.end()));
      from.on('error', () => to.destroy());
    };
    relay(client, up, () => opened);
    relay(up, client, () => 0);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ port: server.address().port, close: () => server.close() })));
}
