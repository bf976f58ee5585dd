import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, TestClient, settle } from './helpers.mjs';

let relay;
before(async () => (relay = await startRelay({ maxPayload: 64 * 1024 })));
after(() => relay.close());

/** A well-behaved pair that must keep being served while others misbehave. */
async function healthyPair() {
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await a.join('healthy', 'A', { camera: true });
  await b.join('healthy', 'B');
  return [a, b];
}

async function stillServed([a, b], n) {
  a.sendFrame({ track: 'video', epoch: 1, seq: n, init: n === 0, keyframe: false }, `frame-${n}`);
  await b.waitFor(() => b.frames.some((f) => f.payload === `frame-${n}`), `frame-${n} at B`);
}

const cases = [
  ['malformed JSON', (c) => c.send('{"type": "join", '), 'bad-json'],
  ['not an object', (c) => c.send('[1,2,3]'), 'unknown-type'],
  ['unknown type', (c) => c.send({ type: 'hello' }), 'unknown-type'],
  ['wrong field types', (c) => c.send({ type: 'join', room: 42, name: ['x'] }), 'bad-message'],
  ['name too long', (c) => c.send({ type: 'join', room: 'r', name: 'x'.repeat(65) }), 'bad-message'],
  ['name with control characters', (c) => c.send({ type: 'join', room: 'r', name: 'a\u0000b' }), 'bad-message'],
  ['room with a slash', (c) => c.send({ type: 'join', room: '../admin', name: 'a' }), 'bad-message'],
  ['javascript avatar', (c) => c.send({ type: 'join', room: 'r', name: 'a', avatar: 'javascript:alert(1)' }), 'bad-message'],
  ['extra field', (c) => c.send({ type: 'join', room: 'r', name: 'a', admin: true }), 'bad-message'],
  ['oversized text', (c) => c.send({ type: 'join', room: 'r', name: 'a'.repeat(20000) }), 'too-large'],
  ['binary before join', (c) => c.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false }, 'x'), 'not-joined'],
  ['state before join', (c) => c.send({ type: 'state', camera: true }), 'not-joined'],
  ['keyframe-request before join', (c) => c.send({ type: 'keyframe-request', to: 1, track: 'video' }), 'not-joined'],
];

for (const [name, act, code] of cases) {
  test(`${name} -> error ${code}, others unaffected`, async () => {
    const pair = await healthyPair();
    const bad = await TestClient.connect(relay.url);
    act(bad);
    const err = await bad.error(code);
    assert.ok(err.message.length > 0);
    await stillServed(pair, 0);
    await Promise.all([...pair, bad].map((c) => c.close()));
  });
}

test('after join: second join, state for someone else, malformed frames', async () => {
  const pair = await healthyPair();
  const bad = await TestClient.connect(relay.url);
  await bad.join('healthy', 'Bad', { camera: true });
  bad.send({ type: 'join', room: 'healthy', name: 'Again' });
  await bad.error('already-joined');
  bad.send({ type: 'state', id: pair[0].id, camera: false });
  await bad.error('forbidden');
  for (const bytes of [new Uint8Array(3), new Uint8Array(16).fill(9), Uint8Array.of(1, 7, 0, 0, ...new Array(12).fill(0)), Uint8Array.of(1, 0, 0x80, 0, ...new Array(12).fill(0))]) {
    bad.ws.send(bytes);
  }
  await bad.waitFor(() => bad.messages.filter((m) => m.code === 'bad-frame').length === 4, 'four bad-frame errors');
  await settle();
  assert.equal(pair[0].messages.filter((m) => m.type === 'state').length, 0, 'A never saw a forged state');
  assert.ok(!pair[1].messages.some((m) => m.type === 'state' && m.id === pair[0].id && m.camera === false));
  assert.equal(pair[1].frames.length, 0, 'no malformed frame was forwarded');
  await stillServed(pair, 0);
  await Promise.all([...pair, bad].map((c) => c.close()));
});

test('a frame over maxPayload closes that connection with 1009 only', async () => {
  const pair = await healthyPair();
  const bad = await TestClient.connect(relay.url);
  await bad.join('healthy', 'Big', { camera: true });
  bad.ws.send(new Uint8Array(65 * 1024));
  assert.equal((await bad.closed).code, 1009);
  await stillServed(pair, 0);
  await Promise.all(pair.map((c) => c.close()));
});

test('a client that keeps sending garbage is closed with 4001', async () => {
  const pair = await healthyPair();
  const bad = await TestClient.connect(relay.url);
  for (let i = 0; i < 30; i++) bad.send('nope');
  assert.equal((await bad.closed).code, 4001);
  await stillServed(pair, 0);
  await Promise.all(pair.map((c) => c.close()));
});
