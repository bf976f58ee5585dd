import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { relayFor, TestClient, settle } from './helpers.mjs';

/** Opens a socket and resolves with the HTTP status if the upgrade is refused, or 101. */
function upgradeStatus(url, wsOptions) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, wsOptions);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => undefined);
  });
}

test('allowedOrigins (a list): other or missing origins get HTTP 403 at the upgrade', async (t) => {
  const relay = await relayFor(t, { allowedOrigins: ['https://meet.example'] });
  assert.equal(await upgradeStatus(relay.url, { origin: 'https://meet.example' }), 101);
  assert.equal(await upgradeStatus(relay.url, { origin: 'https://evil.example' }), 403);
  assert.equal(await upgradeStatus(relay.url, { origin: 'https://meet.example.evil.example' }), 403);
  assert.equal(await upgradeStatus(relay.url), 403, 'no Origin header');
  assert.equal(relay.stats().connections, 0);
});

test('allowedOrigins (a function) decides, and a throwing one refuses', async (t) => {
  const relay = await relayFor(t, {
    allowedOrigins: (origin) => {
      if (origin === 'https://boom.example') throw new Error('boom');
      return origin?.endsWith('.meet.example') ?? false;
    },
  });
  assert.equal(await upgradeStatus(relay.url, { origin: 'https://a.meet.example' }), 101);
  assert.equal(await upgradeStatus(relay.url, { origin: 'https://a.other.example' }), 403);
  assert.equal(await upgradeStatus(relay.url, { origin: 'https://boom.example' }), 403);
});

/** A hook like a production one: a bearer token in the URL decides who you are and where you may go. */
const USERS = {
  ada: { name: 'Ada Lovelace', rooms: ['math'] },
  bob: { name: 'Bob', rooms: (room) => room.startsWith('team-') },
  any: {},
};
async function authenticate(request) {
  await settle(5); // a real hook awaits a database or an identity provider
  const token = new URL(request.url, 'http://relay').searchParams.get('token');
  if (token === 'crash') throw new Error('identity provider down');
  return USERS[token] ?? false;
}

test('authenticate: refused -> 4003, failing -> 1011, nothing joined', async (t) => {
  const relay = await relayFor(t, { authenticate });
  const refused = await TestClient.connect(`${relay.url}?token=nobody`);
  assert.equal((await refused.closed).code, 4003);
  const failing = await TestClient.connect(`${relay.url}?token=crash`);
  assert.equal((await failing.closed).code, 1011);
  assert.deepEqual([relay.stats().connections, relay.stats().participants], [0, 0]);
});

test('authenticate fixes the name and the rooms: another room is denied, the claimed name ignored', async (t) => {
  const relay = await relayFor(t, { authenticate });
  const ada = await TestClient.connect(`${relay.url}?token=ada`);
  ada.send({ type: 'join', room: 'secret', name: 'Ada' });
  assert.match((await ada.error('denied')).message, /secret/);
  const welcome = await ada.join('math', 'Admin');
  assert.equal(welcome.self.name, 'Ada Lovelace', 'the hook\'s name, not the claimed one');

  const bob = await TestClient.connect(`${relay.url}?token=bob`);
  bob.send({ type: 'join', room: 'math', name: 'Bob' });
  await bob.error('denied');
  await bob.join('team-blue', 'Bob');

  const anyone = await TestClient.connect(`${relay.url}?token=any`);
  await anyone.join('math', 'Guest');
  assert.equal((await ada.message('joined')).participant.name, 'Guest', 'no name in the result: the join\'s name');
  await settle();
  assert.ok(!ada.messages.some((m) => m.type === 'joined' && m.participant.name === 'Bob'), 'the denied join never reached the room');
  await Promise.all([ada, bob, anyone].map((c) => c.close()));
});

test('a resume token cannot carry one authenticated user into another\'s participant', async (t) => {
  const relay = await relayFor(t, { authenticate });
  const ada = await TestClient.connect(`${relay.url}?token=ada`);
  await ada.join('math', 'Ada');
  ada.ws.terminate();
  await settle(100);
  // Someone else, allowed in the room, with Ada's token: a participant of their own.
  const guest = await TestClient.connect(`${relay.url}?token=any`);
  await guest.join('math', 'Guest', { resume: ada.welcome.resume });
  assert.equal(guest.welcome.resumed, false);
  assert.notEqual(guest.id, ada.id);
  // Ada herself gets her participant back.
  const back = await TestClient.connect(`${relay.url}?token=ada`);
  await back.join('math', 'Ada', { resume: ada.welcome.resume });
  assert.equal(back.id, ada.id);
  await Promise.all([guest.close(), back.close()]);
});

test('a client that disconnects while being authenticated leaves nothing behind', async (t) => {
  const slow = async () => {
    await settle(200);
    return {};
  };
  const relay = await relayFor(t, { authenticate: slow });
  const ws = new WebSocket(relay.url);
  ws.on('error', () => undefined);
  await settle(50);
  ws.terminate();
  await settle(300);
  assert.equal(relay.stats().connections, 0);
  const ok = await TestClient.connect(relay.url);
  await ok.join('after', 'Ok');
  await ok.close();
});

test('maxConnections: one more gets HTTP 503', async (t) => {
  const relay = await relayFor(t, { maxConnections: 2 });
  const [a, b] = [await TestClient.connect(relay.url), await TestClient.connect(relay.url)];
  assert.equal(await upgradeStatus(relay.url), 503);
  await a.close();
  await settle(50);
  assert.equal(await upgradeStatus(relay.url), 101);
  await b.close();
});

test('nobody sends into a room it did not join, or appears under another id', async (t) => {
  const relay = await relayFor(t);
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await a.join('inside', 'A', { camera: true });
  await b.join('inside', 'B');
  const m = await TestClient.connect(relay.url);

  // No room yet: nothing it sends goes anywhere.
  m.send({ type: 'state', camera: true });
  await m.error('not-joined');
  m.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false, sender: a.id }, 'fake');
  await m.waitFor(() => m.messages.filter((x) => x.code === 'not-joined').length === 2, 'second not-joined');
  // An id of its choosing is not part of the protocol.
  m.send({ type: 'join', room: 'outside', name: 'M', id: a.id });
  await m.error('bad-message');

  await m.join('outside', 'M', { camera: true });
  assert.notEqual(m.id, a.id);
  m.send({ type: 'join', room: 'inside', name: 'M' });
  await m.error('already-joined');
  m.send({ type: 'state', id: a.id, camera: false });
  await m.error('forbidden');
  m.send({ type: 'keyframe-request', to: a.id, track: 'video' });
  await m.error('unknown-participant');
  m.send({ type: 'state', mic: true });
  m.sendFrame({ track: 'video', epoch: 9, seq: 0, init: true, keyframe: false, sender: a.id }, 'spoof');
  // Its own room-mate gets the frame, stamped with M's id.
  const witness = await TestClient.connect(relay.url);
  await witness.join('outside', 'W');
  m.sendFrame({ track: 'video', epoch: 9, seq: 1, init: false, keyframe: true, sender: a.id }, 'spoof-2');
  await witness.waitFor(() => witness.frames.some((f) => f.payload === 'spoof-2'), 'the frame in M\'s room');
  assert.ok(witness.frames.every((f) => f.sender === m.id));

  await settle();
  for (const c of [a, b]) {
    assert.deepEqual(c.frames, [], 'no media crossed rooms');
    assert.ok(!c.messages.some((x) => x.type === 'state' || x.type === 'keyframe-request' || (x.type === 'joined' && x.participant.id === m.id)));
  }
  await Promise.all([a, b, m, witness].map((c) => c.close()));
});
