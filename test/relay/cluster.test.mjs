// Rooms across relay nodes through a real redis-server on loopback (createRelay({ cluster })).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../dist/relay/relay.js';
import { startRedis } from '../../scripts/redis.mjs';
import { startChildRelay } from './child-relay.mjs';
import { startRelay, TestClient, settle } from './helpers.mjs';

const resumeSecret = 'cluster test secret';
let redis;
before(async () => (redis = await startRedis()));
after(() => redis?.stop());

/** `count` relay nodes in this process sharing the test's Redis (each its own key prefix per test). */
async function nodes(t, count, prefix, options = {}) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const relay = await startRelay({ resumeSecret, cluster: { redis: redis.url, prefix, heartbeat: 200 }, ...options });
    t.after(() => relay.close());
    out.push(relay);
  }
  return out;
}

const header = (track, epoch, seq, flags = {}) => ({ track, epoch, seq, init: false, keyframe: false, ...flags });

/** Joins `name` to `room` on `relay` and waits until it sees `expect` others. */
async function joinOn(relay, room, name, extra = {}) {
  const c = await TestClient.connect(relay.url);
  await c.join(room, name, extra);
  return c;
}

const ids = (list) => list.map((p) => p.id).sort((a, b) => a - b);
/** Everyone a client knows is in its room: its welcome's list and the joins since. */
const seen = (c) => ids([...c.welcome.participants, ...c.messages.filter((m) => m.type === 'joined').map((m) => m.participant)]);

test('createRelay({ cluster }) without a resumeSecret is refused: a resume must work on every node', () => {
  assert.throws(() => createRelay({ cluster: { redis: 'redis://127.0.0.1:1' } }), /resumeSecret/);
});

test('one room on three nodes: everyone sees everyone, and every frame of every publisher arrives once, in order', async (t) => {
  const relays = await nodes(t, 3, 'meet:t1:');
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await joinOn(relays[i % 3], 'spread', `P${i}`, { camera: true }));
  // Each sees the five others (the welcome's list plus the joins after it).
  for (const p of people) {
    await p.waitFor(() => seen(p).length === 5, `${p.welcome.self.name} sees the five others`);
  }
  const all = people.map((p) => p.id);
  assert.equal(new Set(all).size, 6, 'ids unique across the nodes');
  // A state change on one node reaches the others at once.
  people[0].send({ type: 'state', mic: true });
  for (const p of people.slice(1)) await p.waitFor(() => p.messages.some((m) => m.type === 'state' && m.id === people[0].id && m.mic === true), 'the mic state');

  const FRAMES = 120;
  for (let seq = 0; seq < FRAMES; seq++) {
    for (const p of people) p.sendFrame(header('video', 1, seq, { init: seq === 0, keyframe: seq === 1 }), `${p.id}:${seq}`);
    if (seq % 20 === 0) await settle(5);
  }
  for (const p of people) {
    await p.waitFor(() => p.frames.length === FRAMES * 5, `${FRAMES * 5} frames`, 10000);
    for (const other of people) {
      if (other === p) continue;
      const got = p.frames.filter((f) => f.sender === other.id).map((f) => f.seq);
      assert.deepEqual(got, [...Array(FRAMES).keys()], `${other.id}'s frames at ${p.id}: all, in order`);
    }
    assert.ok(p.frames.every((f) => f.payload === `${f.sender}:${f.seq}`), 'stamped with the real sender');
  }
  const stats = await Promise.all(relays.map((r) => r.stats()));
  assert.deepEqual(stats.map((s) => [s.participants, s.remoteParticipants]), [[2, 4], [2, 4], [2, 4]]);
  await settle(50);
  for (const p of people) assert.equal(p.frames.length, FRAMES * 5, 'nothing more: no frame twice');
  await Promise.all(people.map((p) => p.close()));
});

test('a late joiner on a node new to the room gets every publisher\'s init and frames since its keyframe, then live frames', async (t) => {
  const [a, b, c] = await nodes(t, 3, 'meet:t2:');
  const pub = await joinOn(a, 'late', 'Pub', { camera: true });
  const early = await joinOn(b, 'late', 'Early');
  pub.sendFrame(header('video', 1, 0, { init: true }), 'init');
  pub.sendFrame(header('video', 1, 1, { keyframe: true }), 'k1');
  pub.sendFrame(header('video', 1, 2), 'd2');
  pub.sendFrame(header('video', 1, 3, { keyframe: true }), 'k3');
  pub.sendFrame(header('video', 1, 4), 'd4');
  await early.waitFor(() => early.frames.length === 5, 'five frames at the early viewer');
  // Node c has nobody in the room yet: it asks a's node for the cache.
  const late = await joinOn(c, 'late', 'Late');
  await late.waitFor(() => late.frames.length === 3, 'the cached three');
  assert.deepEqual(late.frames.map((f) => f.payload), ['init', 'k3', 'd4']);
  pub.sendFrame(header('video', 1, 5), 'd5');
  await late.waitFor(() => late.frames.length === 4, 'then live');
  assert.deepEqual(late.frames.map((f) => f.payload), ['init', 'k3', 'd4', 'd5']);
  // Another late joiner on node b (already in the room) gets b's copy of the cache.
  const late2 = await joinOn(b, 'late', 'Late2');
  await late2.waitFor(() => late2.frames.length === 4, 'b\'s cache');
  assert.deepEqual(late2.frames.map((f) => f.payload), ['init', 'k3', 'd4', 'd5']);
  await Promise.all([pub, early, late, late2].map((x) => x.close()));
});

test('keyframe requests and subscribe reach a publisher on another node; a leave is told once', async (t) => {
  const [a, b] = await nodes(t, 2, 'meet:t3:');
  const pub = await joinOn(a, 'kf', 'Pub', { camera: true });
  const viewer = await joinOn(b, 'kf', 'Viewer');
  viewer.send({ type: 'keyframe-request', to: pub.id, track: 'video' });
  const request = await pub.message('keyframe-request');
  assert.deepEqual(request, { type: 'keyframe-request', from: viewer.id, track: 'video' });
  viewer.send({ type: 'keyframe-request', to: 12345, track: 'video' });
  assert.equal((await viewer.error('unknown-participant')).code, 'unknown-participant');
  // Not watching the publisher (its tile scrolled away): nothing sent; watching again: the cache, then live.
  pub.sendFrame(header('video', 1, 0, { init: true }), 'init');
  pub.sendFrame(header('video', 1, 1, { keyframe: true }), 'k1');
  await viewer.waitFor(() => viewer.frames.length === 2, 'two frames');
  viewer.send({ type: 'subscribe', from: pub.id, track: 'video', on: false });
  await settle(100);
  pub.sendFrame(header('video', 1, 2), 'd2');
  await settle(200);
  assert.equal(viewer.frames.length, 2, 'nothing while unwatched');
  viewer.send({ type: 'subscribe', from: pub.id, track: 'video', on: true });
  await viewer.waitFor(() => viewer.frames.length === 5, 'the cache again');
  assert.deepEqual(viewer.frames.map((f) => f.payload), ['init', 'k1', 'init', 'k1', 'd2']);
  await pub.close();
  await viewer.waitFor(() => viewer.messages.some((m) => m.type === 'left' && m.id === pub.id), 'the leave');
  await settle(300);
  assert.equal(viewer.messages.filter((m) => m.type === 'left').length, 1);
  await viewer.close();
});

test('a room stays apart from others across nodes, and a node that leaves a room stops receiving it', async (t) => {
  const [a, b] = await nodes(t, 2, 'meet:t4:');
  const pub = await joinOn(a, 'one', 'Pub', { camera: true });
  const inOne = await joinOn(b, 'one', 'InOne');
  const inTwo = await joinOn(b, 'two', 'InTwo');
  pub.sendFrame(header('video', 1, 0, { init: true }), 'init');
  await inOne.waitFor(() => inOne.frames.length === 1, 'the frame');
  await inOne.close();
  await settle(100);
  const before = (await b.stats()).busIn;
  for (let i = 1; i <= 10; i++) pub.sendFrame(header('video', 1, i), `d${i}`);
  await settle(200);
  assert.equal(inTwo.frames.length, 0, 'no frames across rooms');
  assert.equal((await b.stats()).busIn, before, 'node b no longer receives room "one"');
  await Promise.all([pub.close(), inTwo.close()]);
});

test('the last of a node\'s people leaves a room and someone joins it there at once: that node still gets the room', async (t) => {
  const [a, b] = await nodes(t, 2, 'meet:t9:');
  const pub = await joinOn(a, 'reload', 'Pub', { camera: true });
  const first = await joinOn(b, 'reload', 'First');
  const closed = first.close(); // node b leaves the room (unsubscribes)...
  const again = await joinOn(b, 'reload', 'Again'); // ...and enters it again while it does
  await closed;
  await settle(200);
  pub.sendFrame(header('video', 1, 0, { init: true }), 'init');
  await again.waitFor(() => again.frames.length === 1, 'the frame on the re-entered node');
  assert.deepEqual(again.welcome.participants.map((p) => p.id), [pub.id]);
  await Promise.all([pub.close(), again.close()]);
});

test('a node killed: its people resume on the others (same ids, nobody sees a leave); who does not come back leaves once, after the grace', async (t) => {
  const prefix = 'meet:t5:';
  const cluster = { redis: redis.url, prefix, heartbeat: 200 };
  const doomed = await startChildRelay({ resumeSecret, resumeGrace: 3000, cluster });
  t.after(() => doomed.kill('SIGKILL'));
  const [b, c] = await nodes(t, 2, prefix, { resumeGrace: 3000 });
  const ada = await joinOn(doomed, 'kill', 'Ada', { camera: true });
  const gone = await joinOn(doomed, 'kill', 'Gone');
  const bob = await joinOn(b, 'kill', 'Bob', { camera: true });
  const cy = await joinOn(c, 'kill', 'Cy');
  assert.equal(cy.welcome.participants.length, 3, 'Cy, on the third node, sees the three others');

  doomed.kill('SIGKILL');
  await ada.closed;
  const killedAt = Date.now();
  // Ada comes back through another node, with her token.
  const ada2 = await joinOn(b, 'kill', 'Ada', { camera: true, resume: ada.welcome.resume });
  assert.equal(ada2.welcome.resumed, true);
  assert.equal(ada2.id, ada.id, 'the same id on another node');
  assert.deepEqual(ids(ada2.welcome.participants), ids([bob, cy, gone].map((x) => ({ id: x.id }))));
  // Her frames reach the others again.
  ada2.sendFrame(header('video', 2, 0, { init: true }), 'ada-init');
  for (const x of [bob, cy]) await x.waitFor(() => x.frames.some((f) => f.payload === 'ada-init'), 'Ada\'s new stream');
  // Gone never comes back: reconnecting for the others, then a leave once after the grace.
  await cy.waitFor(() => cy.messages.some((m) => m.type === 'state' && m.id === gone.id && m.reconnecting), 'Gone shows reconnecting', 3000);
  for (const x of [bob, cy, ada2]) await x.waitFor(() => x.messages.some((m) => m.type === 'left' && m.id === gone.id), 'Gone leaves', 8000);
  assert.ok(Date.now() - killedAt >= 2500, 'not before the grace');
  await settle(500);
  for (const x of [bob, cy, ada2]) {
    const lefts = x.messages.filter((m) => m.type === 'left');
    assert.deepEqual(lefts.map((m) => m.id), [gone.id], 'one leave, Gone\'s; never Ada\'s');
  }
  await Promise.all([ada2, bob, cy].map((x) => x.close()));
});

test('a resume token is taken over by one node only, and a spent one is just a join', async (t) => {
  const [a, b, c] = await nodes(t, 3, 'meet:t6:');
  const ada = await joinOn(a, 'once', 'Ada');
  const bob = await joinOn(a, 'once', 'Bob');
  ada.ws.terminate();
  await bob.waitFor(() => bob.messages.some((m) => m.type === 'state' && m.reconnecting), 'Ada reconnecting');
  const [onB, onC] = await Promise.all([joinOn(b, 'once', 'Ada', { resume: ada.welcome.resume }), joinOn(c, 'once', 'Ada', { resume: ada.welcome.resume })]);
  const resumed = [onB, onC].filter((x) => x.welcome.resumed);
  assert.equal(resumed.length, 1, 'one of two racing resumes wins');
  assert.equal(resumed[0].id, ada.id);
  const other = resumed[0] === onB ? onC : onB;
  assert.notEqual(other.id, ada.id, 'the other joined as someone new');
  await settle(300);
  assert.ok(!bob.messages.some((m) => m.type === 'left' && m.id === ada.id), 'Bob never saw Ada leave');
  await Promise.all([bob, onB, onC].map((x) => x.close()));
});

test('a token already claimed on another node is spent on its own node too (a racing take-over won first)', async (t) => {
  const prefix = 'meet:t10:';
  const [a, b] = await nodes(t, 2, prefix);
  const ada = await joinOn(a, 'own', 'Ada');
  const bob = await joinOn(b, 'own', 'Bob');
  ada.ws.terminate();
  await bob.waitFor(() => bob.messages.some((m) => m.type === 'state' && m.reconnecting), 'Ada reconnecting');
  // Another node's take-over wins the race in Redis a moment before Ada reaches her own node.
  const { createClient } = await import('@redis/client');
  const raw = createClient({ url: redis.url });
  await raw.connect();
  await raw.hSet(`${prefix}owner:own`, String(ada.id), 'someothernode ~claimed');
  await raw.close();
  const onA = await joinOn(a, 'own', 'Ada', { resume: ada.welcome.resume });
  assert.equal(onA.welcome.resumed, false, 'her own node does not hand her over a second time');
  assert.notEqual(onA.id, ada.id);
  await Promise.all([bob, onA].map((x) => x.close()));
});

test('cluster.redis may be the app\'s own node-redis client: the relay makes its connections like it', async (t) => {
  const { createClient } = await import('@redis/client');
  const [a] = await nodes(t, 1, 'meet:t11:', { cluster: { redis: createClient({ url: redis.url }), prefix: 'meet:t11:' } });
  const [b] = await nodes(t, 1, 'meet:t11:');
  const pub = await joinOn(a, 'client', 'Pub', { camera: true });
  const viewer = await joinOn(b, 'client', 'Viewer');
  assert.deepEqual(viewer.welcome.participants.map((p) => p.id), [pub.id]);
  pub.sendFrame(header('video', 1, 0, { init: true }), 'init');
  await viewer.waitFor(() => viewer.frames.length === 1, 'the frame across nodes');
  await Promise.all([pub.close(), viewer.close()]);
});

test('Redis restarted (empty): the rooms heal; state and frames flow again, and a new joiner sees everyone', async (t) => {
  const [a, b] = await nodes(t, 2, 'meet:t7:');
  const pub = await joinOn(a, 'heal', 'Pub', { camera: true });
  const viewer = await joinOn(b, 'heal', 'Viewer');
  pub.sendFrame(header('video', 1, 0, { init: true }), 'init');
  await viewer.waitFor(() => viewer.frames.length === 1, 'before');

  await redis.restart();
  // The clients stay connected to their nodes; the nodes reconnect to Redis by themselves.
  await settle(1500);
  await pub.waitFor(() => pub.messages.some((m) => m.type === 'keyframe-request' && m.from === viewer.id), 'a keyframe request: frames were lost meanwhile', 5000);
  pub.sendFrame(header('video', 1, 1, { keyframe: true }), 'k1');
  await viewer.waitFor(() => viewer.frames.some((f) => f.payload === 'k1'), 'frames again', 5000);
  pub.send({ type: 'state', mic: true });
  await viewer.waitFor(() => viewer.messages.some((m) => m.type === 'state' && m.id === pub.id && m.mic), 'state again', 5000);
  const late = await joinOn(b, 'heal', 'Late');
  assert.deepEqual(ids(late.welcome.participants), ids([pub, viewer]));
  const late2 = await joinOn(a, 'heal', 'Late2');
  // Late joined on the other node a moment ago: in the welcome, or told as a join right after it.
  await late2.waitFor(() => seen(late2).length === 3, 'Late2 sees the three others');
  assert.deepEqual(seen(late2), ids([pub, viewer, late]));
  assert.ok(!viewer.messages.some((m) => m.type === 'left'), 'nobody left');
  await Promise.all([pub, viewer, late, late2].map((x) => x.close()));
});

test('a slow receiver on one node does not slow the others', async (t) => {
  const [a, b, c] = await nodes(t, 3, 'meet:t8:', { sendBufferCap: 256 * 1024 });
  const pub = await joinOn(a, 'slow', 'Pub', { camera: true });
  const slow = await joinOn(b, 'slow', 'Slow');
  const fastB = await joinOn(b, 'slow', 'FastB');
  const fastC = await joinOn(c, 'slow', 'FastC');
  slow.ws.pause(); // reads nothing: its socket buffers fill
  const payload = 'x'.repeat(60 * 1024);
  const FRAMES = 80;
  for (let seq = 0; seq < FRAMES; seq++) {
    pub.sendFrame(header('video', 1, seq, { init: seq === 0, keyframe: seq % 20 === 1 }), `${seq}:${payload}`);
    await settle(10);
  }
  for (const x of [fastB, fastC]) {
    await x.waitFor(() => x.frames.length === FRAMES, `all ${FRAMES} frames at ${x.welcome.self.name}`, 10000);
    assert.deepEqual(x.frames.map((f) => f.seq), [...Array(FRAMES).keys()]);
  }
  assert.ok((await b.stats()).framesSkipped > 0, 'the slow one was skipped, not waited for');
  slow.ws.resume();
  await Promise.all([pub, slow, fastB, fastC].map((x) => x.close()));
});
