// `subscribe`: a receiver stops one publisher's track (a screen it hid, a tile out of view) and
// the relay sends it nothing of that track; watching again sends the cached start at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRelay, TestClient, settle } from './helpers.mjs';

let relay;
before(async () => (relay = await startRelay()));
after(() => relay.close());

const screen = (epoch, seq, flags = {}) => ({ track: 'screen', epoch, seq, init: false, keyframe: false, ...flags });

test('subscribe off: nothing of that track reaches that receiver (others and other tracks go on); on: the cached init and keyframe group at once, then live frames', async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('subscribe', 'Pub', { camera: true });
  pub.send({ type: 'state', sharing: true, screen: 'video/webm;codecs=vp8' });
  const hider = await TestClient.connect(relay.url);
  await hider.join('subscribe', 'Hider');
  const watcher = await TestClient.connect(relay.url);
  await watcher.join('subscribe', 'Watcher');
  await settle();
  pub.sendFrame(screen(1, 0, { init: true }), 's-init');
  pub.sendFrame(screen(1, 1, { keyframe: true }), 's-kf1');
  await hider.waitFor(() => hider.frames.length === 2, 'the screen so far');

  hider.send({ type: 'subscribe', from: pub.id, track: 'screen', on: false });
  await settle();
  pub.sendFrame(screen(1, 2), 's-d1');
  pub.sendFrame(screen(1, 3, { keyframe: true }), 's-kf2');
  pub.sendFrame(screen(1, 4), 's-d2');
  pub.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false }, 'v-init');
  await watcher.waitFor(() => watcher.frames.length === 6, 'the watcher gets everything');
  await hider.waitFor(() => hider.frames.some((f) => f.payload === 'v-init'), 'the camera still reaches the hider');
  assert.deepEqual(hider.frames.map((f) => f.payload), ['s-init', 's-kf1', 'v-init'], 'no screen frames while not watching');
  const sentBefore = relay.stats().framesOut;

  hider.send({ type: 'subscribe', from: pub.id, track: 'screen', on: true });
  await hider.waitFor(() => hider.frames.length === 6, 'the cached screen at once');
  assert.deepEqual(hider.frames.slice(3).map((f) => [f.payload, f.sender]), [['s-init', pub.id], ['s-kf2', pub.id], ['s-d2', pub.id]]);
  pub.sendFrame(screen(1, 5), 's-d3');
  await hider.waitFor(() => hider.frames.at(-1).payload === 's-d3', 'live frames after it');
  assert.ok(relay.stats().framesOut > sentBefore);

  // On again while watching: nothing is sent twice.
  hider.send({ type: 'subscribe', from: pub.id, track: 'screen', on: true });
  await settle();
  assert.equal(hider.frames.length, 7);
  await Promise.all([pub.close(), hider.close(), watcher.close()]);
});

test('subscribe is refused for someone outside your room, for yourself, and when malformed', async () => {
  const a = await TestClient.connect(relay.url);
  await a.join('subscribe-a', 'A');
  const b = await TestClient.connect(relay.url);
  await b.join('subscribe-b', 'B');
  a.send({ type: 'subscribe', from: b.id, track: 'video', on: false });
  await a.error('unknown-participant');
  a.send({ type: 'subscribe', from: a.id, track: 'video', on: false });
  await a.waitFor(() => a.messages.filter((m) => m.code === 'unknown-participant').length === 2, 'yourself');
  for (const bad of [{ from: b.id, track: 'video' }, { from: b.id, track: 'chat', on: true }, { from: 'x', track: 'video', on: true }, { from: b.id, track: 'video', on: 1 }]) {
    a.send({ type: 'subscribe', ...bad });
  }
  await a.waitFor(() => a.messages.filter((m) => m.code === 'bad-message').length === 4, 'four bad-message errors');
  await Promise.all([a.close(), b.close()]);
});

test('watching again a track whose cache holds no keyframe asks the publisher for one and resyncs at it, its init first', async () => {
  const pub = await TestClient.connect(relay.url);
  await pub.join('subscribe-empty', 'Pub', { camera: true });
  const sub = await TestClient.connect(relay.url);
  await sub.join('subscribe-empty', 'Sub');
  sub.send({ type: 'subscribe', from: pub.id, track: 'video', on: false });
  await settle();
  pub.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false }, 'init-only');
  await settle();
  sub.send({ type: 'subscribe', from: pub.id, track: 'video', on: true });
  const asked = await pub.waitFor(() => pub.messages.find((m) => m.type === 'keyframe-request'), 'a keyframe request');
  assert.deepEqual([asked.from, asked.track], [sub.id, 'video']);
  pub.sendFrame({ track: 'video', epoch: 1, seq: 1, init: false, keyframe: false }, 'delta');
  pub.sendFrame({ track: 'video', epoch: 1, seq: 2, init: false, keyframe: true }, 'kf');
  await sub.waitFor(() => sub.frames.some((f) => f.payload === 'kf'), 'the keyframe');
  assert.deepEqual(sub.frames.map((f) => f.payload), ['init-only', 'kf'], 'skipped to the keyframe, its init first');
  await Promise.all([pub.close(), sub.close()]);
});
