import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient, encodeFrame, settle } from './helpers.mjs';
import { startChildRelay } from './child-relay.mjs';

const CAP = 2 * 1024 * 1024; // the relay's default sendBufferCap
const FRAME_BYTES = 20 * 1024;
const FPS = 50;
const GOP = 25; // a keyframe frame every half second

/** Payload: sequence number and send time, so receivers can check order and latency. */
function payload(seq) {
  const bytes = Buffer.alloc(FRAME_BYTES);
  bytes.writeUInt32BE(seq, 0);
  bytes.writeDoubleBE(performance.now(), 4);
  return bytes;
}

/** Every frame a client gets: [seq, init, keyframe, latency ms]. Raw, so nothing is decoded twice. */
function collect(client) {
  const got = [];
  client.ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const view = Buffer.from(data);
    const flags = view[2];
    const body = view.subarray(16);
    got.push([body.readUInt32BE(0), (flags & 1) !== 0, (flags & 2) !== 0, performance.now() - body.readDoubleBE(4)]);
  });
  return got;
}

/** Polls `predicate` every 100 ms (generously bounded). */
async function until(predicate, what, ms = 60000) {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await settle(100);
  }
}

test('a receiver that stops reading: relay memory stays capped, the others keep every frame on time, it resumes at a keyframe', async (t) => {
  const relay = await startChildRelay();
  t.after(() => relay.alive && relay.kill());
  const pub = await TestClient.connect(relay.url);
  await pub.join('slow', 'Pub', { camera: true });
  const slow = await TestClient.connect(relay.url);
  await slow.join('slow', 'Slow');
  const healthy = [await TestClient.connect(relay.url), await TestClient.connect(relay.url)];
  for (const [i, c] of healthy.entries()) await c.join('slow', `Ok${i}`);
  const slowGot = collect(slow);
  const healthyGot = healthy.map(collect);
  const baseline = (await relay.stats()).memory.rss;

  // It stops reading: the kernel's socket buffers fill first (several MB on loopback), then the relay's.
  slow.ws._socket.pause();
  let seq = 0;
  const sender = setInterval(() => {
    pub.ws.send(encodeFrame({ track: 'video', epoch: 1, seq, init: seq === 0, keyframe: seq % GOP === 1 }, payload(seq)));
    seq += 1;
  }, 1000 / FPS);
  t.after(() => clearInterval(sender));

  let maxBuffered = 0;
  let maxRss = 0;
  await until(async () => {
    const { stats, memory } = await relay.stats();
    maxBuffered = Math.max(maxBuffered, stats.bufferedBytes);
    maxRss = Math.max(maxRss, memory.rss);
    return stats.framesSkipped >= 4 * GOP; // two seconds of media skipped
  }, 'the relay to skip the slow receiver');
  // Keep it stalled a little longer: memory must stay flat however long it lasts.
  for (let i = 0; i < 20; i++) {
    const { stats, memory } = await relay.stats();
    maxBuffered = Math.max(maxBuffered, stats.bufferedBytes);
    maxRss = Math.max(maxRss, memory.rss);
    await settle(100);
  }
  const skipped = (await relay.stats()).stats.framesSkipped;
  const requested = pub.messages.filter((m) => m.type === 'keyframe-request' && m.from === slow.id);

  slow.ws._socket.resume();
  const resumedAt = seq;
  await until(() => slowGot.some(([s]) => s >= resumedAt + 2 * GOP), 'the slow receiver to catch up', 30000);
  clearInterval(sender);
  const last = seq - 1;
  await until(() => healthyGot.every((got) => got.at(-1)?.[0] === last) && slowGot.at(-1)?.[0] === last, 'the last frame everywhere', 10000);

  const latencies = healthyGot.flat().map(([, , , ms]) => ms).sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)];
  const max = latencies.at(-1);
  console.log(
    `slow receiver: ${seq} frames of ${FRAME_BYTES} B at ${FPS}/s; ${skipped} skipped; relay buffered max ${(maxBuffered / 1048576).toFixed(2)} MiB; ` +
      `relay RSS ${(baseline / 1048576).toFixed(0)} -> max ${(maxRss / 1048576).toFixed(0)} MiB; healthy latency p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
  );

  // Memory: the relay never queued more than the cap (plus the frame that crossed it, per connection).
  assert.ok(maxBuffered <= CAP + 4 * (FRAME_BYTES + 16), `relay buffered ${maxBuffered} bytes`);
  assert.ok(maxRss - baseline < 64 * 1024 * 1024, `relay RSS grew by ${maxRss - baseline} bytes`);
  assert.ok(requested.length >= 1, 'the relay asked the publisher for a keyframe on the slow receiver\'s behalf');

  // The others: every frame, in order, on time (a relay that queued them behind the slow one would be seconds late).
  for (const got of healthyGot) assert.deepEqual(got.map(([s]) => s), Array.from({ length: seq }, (_, i) => i));
  assert.ok(max < 1000, `healthy receivers' worst latency ${max} ms`);

  // The slow one: in order, and after every gap the stream starts over at a keyframe (or init) frame.
  let gaps = 0;
  for (let i = 1; i < slowGot.length; i++) {
    const [s, init, keyframe] = slowGot[i];
    assert.ok(s > slowGot[i - 1][0], 'in order');
    if (s !== slowGot[i - 1][0] + 1) {
      gaps += 1;
      assert.ok(init || keyframe, `frame ${s} after the gap at ${slowGot[i - 1][0]} is a keyframe`);
    }
  }
  assert.ok(gaps >= 1, 'the slow receiver did miss frames');
  assert.equal(slowGot.at(-1)[0], last, 'and then got every frame to the end');

  await Promise.all([pub, slow, ...healthy].map((c) => c.close()));
  assert.deepEqual(await relay.close(), { code: 0, signal: null });
});
