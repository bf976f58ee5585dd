import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startRelay, TestClient } from './helpers.mjs';

/** A raw TCP client that completes the WebSocket handshake, then never reads or answers again. */
async function deafClient(port) {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await new Promise((resolve) => socket.once('data', (d) => resolve(d.toString())));
  assert.match(head, /^HTTP\/1.1 101/);
  socket.pause();
  const closed = new Promise((resolve) => socket.once('close', resolve));
  return { socket, closed };
}

test('close() tells clients 1012 and finishes in bounded time, even with a client that never answers', async () => {
  const relay = await startRelay();
  const polite = await TestClient.connect(relay.url);
  await polite.join('bye', 'Polite');
  const deaf = await deafClient(relay.port);
  assert.equal(relay.stats().connections, 2);

  const started = performance.now();
  await relay.close();
  const elapsed = performance.now() - started;
  console.log(`relay.close() with a deaf client took ${elapsed.toFixed(0)} ms`);
  assert.equal((await polite.closed).code, 1012);
  assert.equal(relay.stats().connections, 0);
  // The deaf client's connection was cut by the relay (seen once it reads again).
  deaf.socket.resume();
  await deaf.closed;
  // A generous bound: the relay cuts after 2 s; without that deadline this takes ws's 30 s close timeout.
  assert.ok(elapsed < 10000, `close() took ${elapsed} ms`);
  // Closed for good: no new connections, and a second close() is the same one.
  await assert.rejects(TestClient.connect(relay.url));
  await relay.close();
});
