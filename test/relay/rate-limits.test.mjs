import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relayFor, TestClient, settle } from './helpers.mjs';

async function pairIn(relay, room, extra = {}) {
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await a.join(room, 'A', { camera: true, mic: true, ...extra });
  await b.join(room, 'B');
  return [a, b];
}

const limited = (c) => c.messages.filter((m) => m.type === 'error' && m.code === 'rate-limited');
const video = (seq, flags = {}) => ({ track: 'video', epoch: 1, seq, init: false, keyframe: false, ...flags });

test('signaling over 50/s (burst 100) is dropped with one rate-limited error; a sustained flood is closed with 4001', async (t) => {
  const relay = await relayFor(t);
  const [a, b] = await pairIn(relay, 'flood');
  const [c, d] = await pairIn(relay, 'calm');
  for (let i = 0; i < 150; i++) a.send({ type: 'state', speaking: i % 2 === 0 });
  await a.waitFor(() => limited(a).length === 1, 'a rate-limited error');
  await settle(300);
  const states = b.messages.filter((m) => m.type === 'state').length;
  assert.ok(states >= 99 && states < 150, `B got ${states} of 150 states (the burst, plus what refilled meanwhile)`);
  assert.equal(limited(a).length, 1, 'one error for the burst (at most one a second), not one per message');
  assert.equal(a.ws.readyState, a.ws.OPEN, 'a burst is not abuse');

  // After a pause the bucket has refilled: messages pass again.
  await settle(1000);
  a.send({ type: 'state', mic: false });
  await b.waitFor(() => b.messages.some((m) => m.type === 'state' && m.mic === false), 'the state after the pause');

  // Flooding on: closed.
  const flood = setInterval(() => {
    for (let i = 0; i < 50; i++) if (a.ws.readyState === a.ws.OPEN) a.send({ type: 'state', speaking: true });
  }, 10);
  t.after(() => clearInterval(flood));
  assert.equal((await a.closed).code, 4001);
  clearInterval(flood);

  // The calm room never noticed.
  c.send({ type: 'state', mic: false });
  await d.waitFor(() => d.messages.some((m) => m.type === 'state'), 'state in the calm room');
  assert.equal(limited(c).length, 0);
  await Promise.all([b, c, d].map((x) => x.close()));
});

test('media over the byte rate is dropped, and the track resumes at its next keyframe', async (t) => {
  const relay = await relayFor(t, { mediaByteRate: 64 * 1024, mediaByteBurst: 128 * 1024 });
  const [a, b] = await pairIn(relay, 'bytes');
  const chunk = 'x'.repeat(10 * 1024);
  a.sendFrame(video(0, { init: true }), 'init');
  a.sendFrame(video(1, { keyframe: true }), chunk);
  for (let seq = 2; seq < 30; seq++) a.sendFrame(video(seq), chunk);
  await a.waitFor(() => limited(a).length === 1, 'rate-limited');
  await settle(600); // refills about 38 KiB
  a.sendFrame(video(30), 'delta-after-the-gap');
  a.sendFrame(video(31, { keyframe: true }), 'keyframe');
  a.sendFrame(video(32), 'delta');
  await b.waitFor(() => b.frames.some((f) => f.payload === 'delta'), 'the frames after the keyframe');
  const seqs = b.frames.map((f) => f.seq);
  const gapAt = seqs.findIndex((s, i) => i > 0 && s !== seqs[i - 1] + 1);
  assert.ok(gapAt > 2, `frames up to the limit went through (${seqs.join(',')})`);
  assert.ok(seqs.length < 20, 'the rest were dropped');
  assert.deepEqual(seqs.slice(gapAt), [31, 32], 'after the drop: nothing until the keyframe');
  assert.ok(relay.stats().rateLimited > 0);
  await Promise.all([a.close(), b.close()]);
});

test("a shared screen has a byte budget of its own: its keyframes never make the camera drop, and over its own rate only the screen does", async (t) => {
  const relay = await relayFor(t, { mediaByteRate: 64 * 1024, mediaByteBurst: 128 * 1024, screenByteRate: 64 * 1024, screenByteBurst: 128 * 1024 });
  const [a, b] = await pairIn(relay, 'screen-bytes');
  a.send({ type: 'state', sharing: true, screen: 'video/webm;codecs=vp8' });
  await b.waitFor(() => b.messages.some((m) => m.type === 'state' && m.sharing), 'sharing');
  const screen = (seq, flags = {}) => ({ track: 'screen', epoch: 1, seq, init: false, keyframe: false, ...flags });
  const big = 'S'.repeat(30 * 1024);
  // 120 KiB of screen: inside the screen's own burst, the camera's is untouched.
  a.sendFrame(screen(0, { init: true }), 'screen-init');
  for (let seq = 1; seq <= 4; seq++) a.sendFrame(screen(seq, { keyframe: seq === 1 }), big);
  const chunk = 'v'.repeat(10 * 1024);
  a.sendFrame(video(0, { init: true }), 'init');
  for (let seq = 1; seq <= 10; seq++) a.sendFrame(video(seq, { keyframe: seq === 1 }), chunk);
  await b.waitFor(() => b.frames.filter((f) => f.track === 'video').length === 11, 'every camera frame');
  assert.equal(b.frames.filter((f) => f.track === 'screen').length, 5, 'every screen frame');
  assert.deepEqual(limited(a), [], 'nothing limited');
  // Over the screen's budget: screen frames drop; the camera goes on.
  for (let seq = 5; seq <= 12; seq++) a.sendFrame(screen(seq), big);
  a.sendFrame(video(11), 'camera-after');
  await a.waitFor(() => limited(a).length === 1, 'rate-limited');
  await b.waitFor(() => b.frames.some((f) => f.payload === 'camera-after'), 'the camera frame after it');
  assert.ok(b.frames.filter((f) => f.track === 'screen').length < 13, 'screen frames were dropped');
  await Promise.all([a.close(), b.close()]);
});

test('a flood of tiny media frames hits the frame rate, not just the byte rate', async (t) => {
  const relay = await relayFor(t, { mediaFrameRate: 10, mediaFrameBurst: 20 });
  const [a, b] = await pairIn(relay, 'frames');
  a.sendFrame(video(0, { init: true }), 'i');
  for (let seq = 1; seq < 60; seq++) a.sendFrame(video(seq, { keyframe: true }), 'k');
  await a.waitFor(() => limited(a).length === 1, 'rate-limited');
  await settle(200);
  assert.ok(b.frames.length >= 20 && b.frames.length < 60, `B got ${b.frames.length} of 60 frames (the burst, plus what refilled meanwhile)`);
  await Promise.all([a.close(), b.close()]);
});

test('the defaults never limit a real publisher: video, audio and state at meeting rates', async (t) => {
  const relay = await relayFor(t);
  const [a, b] = await pairIn(relay, 'normal');
  const video = 'v'.repeat(6000); // 50 frames/s of 6 KB: 2.4 Mbit/s, a sharp 720p
  const audio = 'a'.repeat(200);
  let seq = 0;
  const timer = setInterval(() => {
    a.sendFrame({ track: 'video', epoch: 1, seq, init: seq === 0, keyframe: seq % 50 === 1 }, video);
    a.sendFrame({ track: 'audio', epoch: 1, seq, init: seq === 0, keyframe: seq % 50 === 1 }, audio);
    if (seq % 5 === 0) a.send({ type: 'state', speaking: seq % 10 === 0 });
    seq += 1;
  }, 20);
  t.after(() => clearInterval(timer));
  await settle(2000);
  clearInterval(timer);
  await b.waitFor(() => b.frames.length === 2 * seq, `all ${2 * seq} frames`);
  assert.deepEqual(limited(a), []);
  await Promise.all([a.close(), b.close()]);
});

test('a connection over its limit is told at most once a second, however its drops are spread', async () => {
  const { ConnectionLimits, TELL_EVERY_MS } = await import('../../dist/relay/rate-limit.js');
  const limits = new ConnectionLimits({ messageRate: 50, messageBurst: 1, mediaByteRate: 1e6, mediaByteBurst: 1e6, screenByteRate: 1e6, screenByteBurst: 1e6, mediaFrameRate: 300, mediaFrameBurst: 600 }, 0);
  const verdicts = [];
  // One message every 10 ms at 50/s: every other one passes (a token refills each 20 ms).
  for (let now = 0; now < 1500; now += 10) verdicts.push([now, limits.text(now)]);
  const told = verdicts.filter(([, v]) => v === 'drop').map(([t]) => t);
  assert.ok(verdicts.some(([, v]) => v === 'ok') && verdicts.some(([, v]) => v === 'skip'), 'some pass, some are dropped quietly');
  assert.equal(told.length, 2, `told at ${told.join(', ')} ms`);
  for (let i = 1; i < told.length; i++) assert.ok(told[i] - told[i - 1] >= TELL_EVERY_MS);
});
