import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relayFor, TestClient, settle } from './helpers.mjs';

const types = (c) => c.messages.map((m) => m.type);

/** Joins `names` to `room` on `relay`, in order. */
async function joinAll(relay, room, names, extra = {}) {
  const out = [];
  for (const name of names) {
    const c = await TestClient.connect(relay.url);
    await c.join(room, name, extra[name]);
    out.push(c);
  }
  return out;
}

/** A new connection that joins with a resume token; resolves with its welcome. */
async function rejoin(relay, room, name, resume, extra = {}) {
  const c = await TestClient.connect(relay.url);
  await c.join(room, name, { resume, ...extra });
  return c;
}

test('a dropped participant resumes within the grace: same id; the room sees it reconnecting, then back, never left or joined', async (t) => {
  const relay = await relayFor(t, { resumeGrace: 5000 });
  const [a, b] = await joinAll(relay, 'resume', ['A', 'B'], { A: { camera: true } });
  assert.equal(a.welcome.resumed, false);
  assert.match(a.welcome.resume, /^[\w-]+\.[\w-]+$/);
  assert.notEqual(a.welcome.resume, b.welcome.resume);

  a.ws.terminate();
  const away = await b.message('state');
  assert.deepEqual(away, { type: 'state', id: a.id, camera: true, mic: false, speaking: false, reconnecting: true }, 'reconnecting, at once');
  assert.deepEqual(relay.stats().resuming, 1);
  const again = await rejoin(relay, 'resume', 'A', a.welcome.resume, { camera: true });
  assert.equal(again.welcome.resumed, true);
  assert.equal(again.id, a.id, 'same participant id');
  assert.equal(again.welcome.recovering, undefined, 'the relay did not restart: the list is complete');
  assert.deepEqual(again.welcome.participants.map((p) => p.id), [b.id]);
  assert.notEqual(again.welcome.resume, a.welcome.resume, 'a new token every welcome');
  await b.waitFor(() => b.messages.filter((m) => m.type === 'state').length === 2, 'back');
  assert.deepEqual(b.messages.at(-1), { type: 'state', id: a.id, camera: true, mic: false, speaking: false }, 'back: no longer reconnecting');
  await settle();
  assert.deepEqual(types(b), ['welcome', 'state', 'state'], 'B (who joined after A) heard no left and no joined');
  assert.equal(b.welcome.participants[0].reconnecting, undefined);

  // Dropped again, back with the camera off: the room hears exactly that.
  again.ws.terminate();
  await b.waitFor(() => b.messages.filter((m) => m.type === 'state').length === 3, 'reconnecting again');
  // Who joins meanwhile sees it reconnecting in the welcome.
  const c = await TestClient.connect(relay.url);
  await c.join('resume', 'C');
  assert.equal(c.welcome.participants.find((p) => p.id === a.id).reconnecting, true);
  const third = await rejoin(relay, 'resume', 'A', again.welcome.resume, { camera: false });
  assert.equal(third.id, a.id);
  await b.waitFor(() => b.messages.filter((m) => m.type === 'state').length === 4, 'back again');
  assert.deepEqual(b.messages.at(-1), { type: 'state', id: a.id, camera: false, mic: false, speaking: false });
  assert.deepEqual(types(b).filter((t) => t !== 'state' && t !== 'joined'), ['welcome']);
  await c.close();

  // Tokens are single-use: an older one gets a new participant, not A.
  const replay = await rejoin(relay, 'resume', 'A', again.welcome.resume);
  assert.equal(replay.welcome.resumed, false);
  assert.notEqual(replay.id, a.id);
  await Promise.all([b, third, replay].map((c) => c.close()));
});

test('after the grace the room is told left, and the token no longer works', async (t) => {
  const relay = await relayFor(t, { resumeGrace: 300 });
  const [a, b] = await joinAll(relay, 'grace', ['A', 'B']);
  a.ws.terminate();
  const left = await b.message('left');
  assert.equal(left.id, a.id);
  const late = await rejoin(relay, 'grace', 'A', a.welcome.resume);
  assert.equal(late.welcome.resumed, false);
  assert.notEqual(late.id, a.id);
  assert.equal((await b.message('joined')).participant.id, late.id);
  await Promise.all([b.close(), late.close()]);
});

test('resuming on a new connection while the old one still looks open takes over (4002 to the old)', async (t) => {
  const relay = await relayFor(t);
  const [a, b] = await joinAll(relay, 'takeover', ['A', 'B']);
  const again = await rejoin(relay, 'takeover', 'A', a.welcome.resume);
  assert.equal(again.id, a.id);
  assert.equal((await a.closed).code, 4002);
  await settle();
  assert.deepEqual(types(b), ['welcome']);
  // The new connection is the participant now.
  again.send({ type: 'state', mic: true });
  assert.equal((await b.message('state')).id, a.id);
  await Promise.all([b.close(), again.close()]);
});

test('a forged, foreign or misused token never gives another participant\'s id', async (t) => {
  const relay = await relayFor(t);
  const other = await relayFor(t);
  const [a, b] = await joinAll(relay, 'forge', ['A', 'B']);
  a.ws.terminate();
  await settle(100);
  const [payload, mac] = a.welcome.resume.split('.');
  const claim = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const forgedPayload = Buffer.from(JSON.stringify([claim[0], b.id, claim[2], claim[3], claim[4], claim[5]])).toString('base64url');
  const [foreign] = await joinAll(other, 'forge', ['X']);
  const attempts = [
    ['B\'s id under A\'s signature', `${forgedPayload}.${mac}`],
    ['a random token', 'abc.def'],
    ['a token from another relay', foreign.welcome.resume],
  ];
  for (const [what, token] of attempts) {
    const c = await rejoin(relay, 'forge', 'M', token);
    assert.equal(c.welcome.resumed, false, what);
    assert.ok(c.id !== a.id && c.id !== b.id, what);
    await c.close();
  }
  // A's own token, but for another room: a new participant there; A is still held in its room.
  const elsewhere = await rejoin(relay, 'elsewhere', 'A', a.welcome.resume);
  assert.equal(elsewhere.welcome.resumed, false);
  assert.notEqual(elsewhere.id, a.id);
  const back = await rejoin(relay, 'forge', 'A', a.welcome.resume);
  assert.equal(back.id, a.id);
  await Promise.all([b, back, elsewhere, foreign].map((c) => c.close()));
});

test('a resuming receiver gets the publishers\' cached media; a dropped publisher\'s cache is cleared', async (t) => {
  const relay = await relayFor(t);
  const [pub, sub] = await joinAll(relay, 'cache', ['Pub', 'Sub'], { Pub: { camera: true } });
  pub.sendFrame({ track: 'video', epoch: 1, seq: 0, init: true, keyframe: false }, 'init');
  pub.sendFrame({ track: 'video', epoch: 1, seq: 1, init: false, keyframe: true }, 'kf');
  await sub.waitFor(() => sub.frames.length === 2, 'two frames');
  sub.ws.terminate();
  pub.sendFrame({ track: 'video', epoch: 1, seq: 2, init: false, keyframe: false }, 'delta');
  await settle(100);
  const back = await rejoin(relay, 'cache', 'Sub', sub.welcome.resume);
  await back.waitFor(() => back.frames.length === 3, 'the cached frames');
  assert.deepEqual(back.frames.map((f) => f.payload), ['init', 'kf', 'delta']);

  pub.ws.terminate();
  await settle(100);
  assert.equal(relay.stats().cachedBytes, 0, 'a dropped publisher\'s stream is cut mid-way: not for late joiners');
  const late = await TestClient.connect(relay.url);
  await late.join('cache', 'Late');
  await settle();
  assert.equal(late.frames.length, 0);
  await Promise.all([back.close(), late.close()]);
});

test('a relay restarted with the same resumeSecret takes back its predecessor\'s participants', async (t) => {
  const resumeSecret = 'test secret';
  const first = await relayFor(t, { resumeSecret });
  const [a, b] = await joinAll(first, 'restart', ['A', 'B'], { A: { camera: true } });
  await first.close();
  assert.equal((await a.closed).code, 1012);

  const second = await relayFor(t, { resumeSecret, resumeGrace: 2000 });
  const a2 = await rejoin(second, 'restart', 'A', a.welcome.resume, { camera: true });
  assert.equal(a2.id, a.id);
  assert.equal(a2.welcome.resumed, true);
  assert.deepEqual(a2.welcome.participants, [], 'B is not back yet');
  assert.ok(a2.welcome.recovering > 0 && a2.welcome.recovering <= 2000, 'so the welcome says others may still come back');
  assert.equal(a2.welcome.self.camera, true);
  const b2 = await rejoin(second, 'restart', 'B', b.welcome.resume);
  assert.equal(b2.id, b.id);
  assert.deepEqual(b2.welcome.participants.map((p) => [p.id, p.name, p.camera]), [[a.id, 'A', true]]);
  // A learns B is here (a client that knew B treats it as a return, not a join).
  assert.equal((await a2.message('joined')).participant.id, b.id);

  // Past the window, a predecessor's token is just a join.
  await settle(2100);
  const late = await rejoin(second, 'restart', 'C', a.welcome.resume);
  assert.equal(late.welcome.resumed, false);
  assert.notEqual(late.id, a.id);

  // Without the same secret a restart starts everyone over.
  const third = await relayFor(t);
  const fresh = await rejoin(third, 'restart', 'A', a2.welcome.resume);
  assert.equal(fresh.welcome.resumed, false);
  await Promise.all([a2, b2, late, fresh].map((x) => x.close()));
});

test('resumeGrace 0 turns resuming off: a drop is a leave', async (t) => {
  const relay = await relayFor(t, { resumeGrace: 0 });
  const [a, b] = await joinAll(relay, 'nograce', ['A', 'B']);
  a.ws.terminate();
  assert.equal((await b.message('left')).id, a.id);
  const again = await rejoin(relay, 'nograce', 'A', a.welcome.resume);
  assert.equal(again.welcome.resumed, false);
  await Promise.all([b.close(), again.close()]);
});
