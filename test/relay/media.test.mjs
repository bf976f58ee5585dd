import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, TestClient, settle } from './helpers.mjs';

let relay;
before(async () => (relay = await startRelay()));
after(() => relay.close());

const frame = (epoch, seq, payload, flags = {}) => [{ track: 'video', epoch, seq, init: false, keyframe: false, ...flags }, payload];

async function room(name, count) {
  const clients = [];
  for (let i = 0; i < count; i++) {
    const c = await TestClient.connect(relay.url);
    await c.join(name, `P${i}`, { camera: true, mic: true });
    clients.push(c);
  }
  return clients;
}

test('frames fan out to everyone else in the room, never echoed, stamped with the real sender', async () => {
  const [a, b, c] = await room('fan', 3);
  const outsider = (await room('elsewhere', 1))[0];
  // The client claims to be someone else; the relay must overwrite it.
  a.sendFrame({ ...frame(1, 0, 'init-bytes', { init: true })[0], sender: c.id }, 'init-bytes');
  a.sendFrame(...frame(1, 1, 'cluster', { keyframe: true }));
  for (const r of [b, c]) {
    await r.waitFor(() => r.frames.length === 2, 'two frames');
    assert.deepEqual(r.frames.map((f) => [f.sender, f.epoch, f.seq, f.init, f.keyframe, f.payload]), [
      [a.id, 1, 0, true, false, 'init-bytes'],
      [a.id, 1, 1, false, true, 'cluster'],
    ]);
  }
  await settle();
  assert.equal(a.frames.length, 0, 'no echo');
  assert.equal(outsider.frames.length, 0, 'no frames across rooms');
  await Promise.all([a, b, c, outsider].map((x) => x.close()));
});

test('a late joiner gets init + frames since the last keyframe, in order, before live frames', async () => {
  const [pub] = await room('late', 1);
  pub.sendFrame(...frame(1, 0, 'init-1', { init: true }));
  pub.sendFrame(...frame(1, 1, 'kf-old', { keyframe: true }));
  pub.sendFrame(...frame(1, 2, 'delta-old'));
  pub.sendFrame(...frame(1, 3, 'kf-new', { keyframe: true }));
  pub.sendFrame(...frame(1, 4, 'delta-a'));
  pub.sendFrame(...frame(1, 5, 'delta-b'));
  pub.sendFrame({ track: 'audio', epoch: 7, seq: 0, init: true, keyframe: false }, 'audio-init');
  pub.sendFrame({ track: 'audio', epoch: 7, seq: 1, init: false, keyframe: true }, 'audio-cluster');
  await settle(100);
  const late = await TestClient.connect(relay.url);
  await late.join('late', 'Late');
  pub.sendFrame(...frame(1, 6, 'live'));
  await late.waitFor(() => late.frames.length === 7, 'seven frames');
  const video = late.frames.filter((f) => f.track === 'video').map((f) => f.payload);
  assert.deepEqual(video, ['init-1', 'kf-new', 'delta-a', 'delta-b', 'live']);
  assert.deepEqual(late.frames.filter((f) => f.track === 'audio').map((f) => f.payload), ['audio-init', 'audio-cluster']);
  assert.equal(late.frames.at(-1).payload, 'live', 'cached frames come before live ones');
  assert.ok(late.frames.every((f) => f.sender === pub.id));

  // A new epoch replaces the cache; camera off empties it.
  pub.sendFrame(...frame(2, 0, 'init-2', { init: true }));
  pub.sendFrame(...frame(2, 1, 'kf-2', { keyframe: true }));
  await settle(100);
  const later = await TestClient.connect(relay.url);
  await later.join('late', 'Later');
  await later.waitFor(() => later.frames.length === 4, 'video and audio caches');
  assert.deepEqual(later.frames.filter((f) => f.track === 'video').map((f) => f.payload), ['init-2', 'kf-2']);

  pub.send({ type: 'state', camera: false });
  await late.message('state');
  const last = await TestClient.connect(relay.url);
  await last.join('late', 'Last');
  await settle();
  assert.deepEqual(last.frames.map((f) => f.payload), ['audio-init', 'audio-cluster']);
  await Promise.all([pub, late, later, last].map((x) => x.close()));
});

test('media for a track that is off is refused, not forwarded', async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('off', 'Pub'); // camera and mic off
  const sub = await TestClient.connect(relay.url);
  await sub.join('off', 'Sub');
  pub.sendFrame(...frame(1, 0, 'x', { init: true }));
  await pub.error('bad-frame');
  await settle();
  assert.equal(sub.frames.length, 0);
  await Promise.all([pub.close(), sub.close()]);
});
