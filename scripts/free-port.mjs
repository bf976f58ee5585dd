// A loopback port that is free right now (for servers the tests and benchmarks start).
import { createServer } from 'node:net';

/** A loopback port that is free right now. */
export async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}
