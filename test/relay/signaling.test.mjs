import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, TestClient, settle } from './helpers.mjs';

let relay;
before(async () => (relay = await startRelay()));
after(() => relay.close());

test('join gets a welcome with the current participants; others get joined', async () => {
  const a = await TestClient.connect(relay.url);
  const wa = await a.join('flow', 'Alice', { camera: true });
  assert.equal(wa.protocol, 1);
  assert.equal(wa.room, 'flow');
  assert.deepEqual(wa.participants, []);
  assert.equal(wa.self.name, 'Alice');
  assert.equal(wa.self.camera, true);
  assert.equal(wa.self.mic, false);

  const b = await TestClient.connect(relay.url);
  const wb = await b.join('flow', 'Bob');
  assert.deepEqual(wb.participants.map((p) => p.name), ['Alice']);
  assert.notEqual(wb.self.id, wa.self.id);
  const joined = await a.message('joined');
  assert.equal(joined.participant.id, wb.self.id);
  assert.equal(joined.participant.name, 'Bob');
  await a.close();
  await b.close();
});

test('state is broadcast to the others with the sender id, left when someone goes', async () => {
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await a.join('state-room', 'A');
  await b.join('state-room', 'B');
  b.send({ type: 'state', camera: true, video: 'video/webm;codecs=vp8' });
  const state = await a.message('state');
  assert.deepEqual(state, { type: 'state', id: b.id, camera: true, mic: false, speaking: false, video: 'video/webm;codecs=vp8' });
  b.send({ type: 'state', camera: false, video: null });
  await a.waitFor(() => a.messages.filter((m) => m.type === 'state').length === 2, 'second state');
  assert.deepEqual(a.messages.filter((m) => m.type === 'state')[1], { type: 'state', id: b.id, camera: false, mic: false, speaking: false });
  assert.equal(b.messages.filter((m) => m.type === 'state').length, 0, 'no echo of own state');

  b.send({ type: 'leave' });
  const { code } = await b.closed;
  assert.equal(code, 4000);
  const left = await a.message('left');
  assert.equal(left.id, b.id);
  await a.close();
});

test('a dropped socket (no leave) broadcasts left once the resume grace is over', async () => {
  const quick = await startRelay({ resumeGrace: 400 });
  const a = await TestClient.connect(quick.url);
  const b = await TestClient.connect(quick.url);
  await a.join('drop-room', 'A');
  await b.join('drop-room', 'B');
  b.ws.terminate();
  await settle(200);
  assert.equal(a.messages.filter((m) => m.type === 'left').length, 0, 'held during the grace');
  assert.equal(quick.stats().resuming, 1);
  assert.equal((await a.message('left')).id, b.id);
  assert.equal(quick.stats().participants, 1);
  await a.close();
  await quick.close();
});

test('rooms are kept apart: no joined, state or left across rooms', async () => {
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await a.join('room-one', 'A');
  const wb = await b.join('room-two', 'B');
  assert.deepEqual(wb.participants, []);
  b.send({ type: 'state', mic: true });
  await b.close();
  await settle();
  assert.deepEqual(a.messages.map((m) => m.type), ['welcome']);
  await a.close();
});

test('keyframe-request is routed to the publisher with the requester stamped', async () => {
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await a.join('kf', 'A');
  await b.join('kf', 'B');
  b.send({ type: 'keyframe-request', to: a.id, track: 'video' });
  assert.deepEqual(await a.message('keyframe-request'), { type: 'keyframe-request', from: b.id, track: 'video' });

  const c = await TestClient.connect(relay.url);
  await c.join('other-room', 'C');
  c.send({ type: 'keyframe-request', to: a.id, track: 'video' });
  await c.error('unknown-participant');
  await settle();
  assert.equal(a.messages.filter((m) => m.type === 'keyframe-request').length, 1);
  await Promise.all([a.close(), b.close(), c.close()]);
});

test('limits: participants per room and rooms per relay', async () => {
  const small = await startRelay({ maxParticipantsPerRoom: 2, maxRooms: 1 });
  const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => TestClient.connect(small.url)));
  await a.join('only', 'A');
  await b.join('only', 'B');
  c.send({ type: 'join', room: 'only', name: 'C' });
  assert.match((await c.error('room-full')).message, /full/);
  d.send({ type: 'join', room: 'second', name: 'D' });
  await d.error('too-many-rooms');
  // Refused joins leave the client able to try again elsewhere once there is room.
  await b.close();
  await c.join('only', 'C');
  await Promise.all([a.close(), c.close(), d.close()]);
  await small.close();
});

test('a dead peer is dropped by the heartbeat and the room is told', async () => {
  const quick = await startRelay({ heartbeatInterval: 100, resumeGrace: 100 });
  const a = await TestClient.connect(quick.url);
  // autoPong off: this peer never answers pings, like a machine that vanished.
  const dead = await TestClient.connect(quick.url, { autoPong: false });
  await a.join('hb', 'A');
  await dead.join('hb', 'Dead');
  const left = await a.waitFor(() => a.messages.find((m) => m.type === 'left'), 'left', 3000);
  assert.equal(left.id, dead.id);
  assert.equal(quick.stats().connections, 1);
  await a.close();
  await quick.close();
});

test('close() tells clients to reconnect with 1012', async () => {
  const r = await startRelay();
  const a = await TestClient.connect(r.url);
  await a.join('bye', 'A');
  await r.close();
  assert.equal((await a.closed).code, 1012);
});

test('ping gets a pong, before and after join, to that connection only; a ping with fields is refused', async () => {
  const a = await TestClient.connect(relay.url);
  a.send({ type: 'ping' });
  await a.waitFor(() => a.messages.some((m) => m.type === 'pong'), 'a pong before joining');
  await a.join('pings', 'A');
  const b = await TestClient.connect(relay.url);
  await b.join('pings', 'B');
  a.send({ type: 'ping' });
  await a.waitFor(() => a.messages.filter((m) => m.type === 'pong').length === 2, 'a pong after joining');
  await settle();
  assert.ok(!b.messages.some((m) => m.type === 'pong'), 'nobody else hears it');
  a.send({ type: 'ping', extra: 1 });
  assert.equal((await a.error('bad-message')).code, 'bad-message');
  await Promise.all([a.close(), b.close()]);
});
