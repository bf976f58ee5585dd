// Throws at least FRAMES random and malformed messages at a relay (in a child process, so its
// memory is its own) from several connections at once, while a well-behaved room beside them
// must keep getting every media frame, intact and in order. Reproduce a run with FUZZ_SEED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { TestClient, encodeFrame, settle } from './helpers.mjs';
import { startChildRelay } from './child-relay.mjs';

/** Malformed frames to send, not counting floods (whose frames mostly die in the rate limiter). */
const FRAMES = 10000;
const WORKERS = 6;
/** The relay's memory bound this test holds it to (its resident set, whole process). */
const MAX_RSS = 192 * 1024 * 1024;
const MAX_HEAP = 64 * 1024 * 1024;
const MiB = 1024 * 1024;

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(s) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(seed);
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const bytes = (n) => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = int(256);
  return b;
};

// ---- the well-behaved room ----

/** A healthy frame's payload is a function of its track and sequence number, so receivers can check every byte. */
function healthyPayload(track, seq) {
  const size = track === 'video' ? 1500 + ((seq * 7919) % 4000) : 160;
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) b.writeUInt32BE((seq * 2654435761 + i + (track === 'video' ? 0 : 1)) >>> 0, Math.min(i, size - 4));
  return b;
}

async function healthyRoom(url) {
  const pub = await TestClient.connect(url);
  await pub.join('healthy', 'Publisher', { camera: true, mic: true });
  const receivers = [];
  for (const name of ['R1', 'R2']) {
    const r = await TestClient.connect(url);
    await r.join('healthy', name);
    receivers.push(r);
  }
  const problems = [];
  const next = receivers.map(() => ({ video: 0, audio: 0 }));
  /** Longest time (ms) between two frames reaching a receiver. */
  let longestGap = 0;
  const lastAt = receivers.map(() => Date.now());
  receivers.forEach((r, i) =>
    r.ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      const now = Date.now();
      longestGap = Math.max(longestGap, now - lastAt[i]);
      lastAt[i] = now;
      const buf = Buffer.from(data);
      const track = buf[1] === 0 ? 'video' : 'audio';
      const seq = buf.readUInt32BE(12);
      if (buf.readUInt32BE(4) !== pub.id) return problems.push(`${r.welcome.self.name}: a frame from ${buf.readUInt32BE(4)}`);
      if (seq !== next[i][track]) problems.push(`${r.welcome.self.name}: ${track} ${seq} where ${next[i][track]} was due`);
      if (!buf.subarray(16).equals(healthyPayload(track, seq))) problems.push(`${r.welcome.self.name}: ${track} ${seq} corrupted`);
      next[i][track] = seq + 1;
    }),
  );
  let seq = 0;
  const timer = setInterval(() => {
    for (const track of ['video', 'audio']) {
      pub.ws.send(encodeFrame({ track, epoch: 1, seq, init: seq === 0, keyframe: seq % 50 === 1 }, healthyPayload(track, seq)));
    }
    seq += 1;
  }, 20);
  return {
    pub,
    receivers,
    problems,
    get longestGap() {
      return longestGap;
    },
    /** Stops publishing; resolves once both receivers have everything that was sent. */
    async stop() {
      clearInterval(timer);
      const sent = seq;
      const start = Date.now();
      while (!next.every((n) => n.video === sent && n.audio === sent)) {
        if (Date.now() - start > 10000) throw new Error(`receivers stuck at ${JSON.stringify(next)} of ${sent}`);
        await settle(50);
      }
      return sent;
    },
  };
}

// ---- the attackers ----

const ROOMS = ['fuzz-a', 'fuzz-b', 'fuzz-c', 'healthy-not', '../etc', '', 'x'.repeat(80)];
const VALUES = [null, true, false, 0, -1, 1.5, 2 ** 32, 2 ** 53, NaN, '', 'x', 'video', 'audio', 'video/webm;codecs=vp8', [], {}, [1, 2], { a: 1 }, 'x'.repeat(3000)];
const TYPES = ['join', 'state', 'keyframe-request', 'leave', 'welcome', 'error', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'JOIN'];
const KEYS = ['type', 'room', 'name', 'avatar', 'camera', 'mic', 'resume', 'id', 'to', 'track', 'speaking', 'video', 'audio', '__proto__', 'constructor'];

function randomMessage(ids) {
  const msg = {};
  for (let i = int(6); i >= 0; i--) msg[pick(KEYS)] = pick([...VALUES, ...ids, pick(ROOMS)]);
  if (rand() < 0.8) msg.type = pick(TYPES);
  return msg;
}

/** A text frame that is malformed one way or another. */
function badText(ids) {
  switch (int(8)) {
    case 0:
      return bytes(int(200)); // not UTF-8 at all (a text frame with these bytes)
    case 1:
      return JSON.stringify(randomMessage(ids)).slice(0, int(60)); // truncated
    case 2:
      return JSON.stringify(pick(VALUES));
    case 3:
      return '['.repeat(int(8000)) + ']'.repeat(int(10)); // deep nesting
    case 4:
      return JSON.stringify({ type: 'join', room: pick(ROOMS), name: pick(VALUES), resume: pick(['a.b', bytes(40).toString('base64url'), 'x'.repeat(600), `${randomBytes(60).toString('base64url')}.${randomBytes(32).toString('base64url')}`]) });
    case 5:
      return 'x'.repeat(16 * 1024 + int(4096)); // over maxTextBytes
    case 6:
      return JSON.stringify({ type: 'state', id: pick(ids), camera: false, mic: false });
    default:
      return JSON.stringify(randomMessage(ids));
  }
}

/** A binary frame: random bytes, truncated or lying headers, huge payloads. */
function badBinary(ids) {
  switch (int(6)) {
    case 0:
      return bytes(int(16)); // shorter than a header
    case 1: {
      const b = bytes(16 + int(300)); // a header of random fields
      if (rand() < 0.5) b[0] = 1;
      return b;
    }
    case 2: {
      const header = { track: pick(['video', 'audio']), epoch: int(2 ** 32), seq: int(2 ** 32), init: rand() < 0.3, keyframe: rand() < 0.3, sender: pick(ids) };
      return Buffer.from(encodeFrame(header, bytes(int(3000))));
    }
    case 3:
      return rand() < 0.1 ? bytes(64 * 1024 + int(MiB)) : bytes(1000 + int(60000)); // large, some over maxPayload
    case 4: {
      const b = Buffer.from(encodeFrame({ track: 'video', epoch: 1, seq: 0, init: false, keyframe: true }, bytes(int(100))));
      b[2] = 0x80 | int(4); // reserved flag bits
      return b;
    }
    default:
      return Buffer.alloc(0);
  }
}

/** Raw bytes after a real handshake: WebSocket frames no client should send. */
function badWireFrame() {
  switch (int(5)) {
    case 0:
      return Buffer.from([0x80 | 0x3, 0x80, 1, 2, 3, 4]); // reserved opcode
    case 1:
      return Buffer.from([0x82, 0x05, 1, 2, 3, 4, 5]); // unmasked client frame
    case 2:
      return Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]); // 2^63-byte length
    case 3:
      return Buffer.from([0x72, 0x80, 0, 0, 0, 0]); // RSV bits set
    default:
      return bytes(1 + int(500));
  }
}

function openWs(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('error', () => undefined);
    ws.once('open', () => resolve(ws));
    ws.once('close', () => resolve(ws));
  });
}

const canSend = (ws) => ws.readyState === WebSocket.OPEN;

const SCENARIOS = ['raw wire frames', 'joined, mixed', 'joined, mixed', 'joined, mixed', 'not joined', 'not joined', 'flood', 'wrong types', 'wrong types', 'wrong types'];

/** One attacker connection: a random scenario. Resolves with its name and how many frames it sent. */
async function attack(url, port, ids) {
  const scenario = int(SCENARIOS.length);
  const name = SCENARIOS[scenario];
  if (scenario === 0) {
    // Raw TCP: a handshake, then frames the WebSocket layer must refuse.
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const n = 1 + int(5);
    for (let i = 0; i < n; i++) socket.write(badWireFrame());
    await settle(int(20));
    socket.destroy();
    return [name, n];
  }
  const ws = await openWs(url);
  let sent = 0;
  const send = (data, binary) => {
    if (!canSend(ws)) return;
    ws.send(data, { binary });
    sent += 1;
  };
  if (scenario <= 3) {
    // Joined, then a mix of valid-looking and broken messages from inside a room.
    send(JSON.stringify({ type: 'join', room: pick(ROOMS.slice(0, 3)), name: `F${int(1000)}`, camera: rand() < 0.7, mic: rand() < 0.7 }), false);
    for (let i = 0, n = 5 + int(40); i < n && canSend(ws); i++) {
      const r = rand();
      if (r < 0.35) send(badBinary(ids), true);
      else if (r < 0.5) send(Buffer.from(encodeFrame({ track: pick(['video', 'audio']), epoch: int(4), seq: i, init: rand() < 0.2, keyframe: rand() < 0.3, sender: pick(ids) }, bytes(int(2000)))), true);
      else if (r < 0.6) send(JSON.stringify({ type: 'state', camera: rand() < 0.5, mic: rand() < 0.5, speaking: rand() < 0.5 }), false);
      else if (r < 0.7) send(JSON.stringify({ type: 'keyframe-request', to: pick(ids), track: pick(['video', 'audio']) }), false);
      else send(badText(ids), false);
      if (rand() < 0.2) await settle(1);
    }
  } else if (scenario <= 5) {
    // Never joined: text and binary garbage.
    for (let i = 0, n = 5 + int(40); i < n && canSend(ws); i++) {
      if (rand() < 0.5) send(badText(ids), false);
      else send(badBinary(ids), true);
    }
  } else if (scenario === 6) {
    // A flood, as fast as the socket takes it.
    const binary = rand() < 0.5;
    if (binary) send(JSON.stringify({ type: 'join', room: 'fuzz-flood', name: 'Flood', camera: true }), false);
    for (let i = 0, n = 100 + int(200); i < n && canSend(ws); i++) {
      send(binary ? Buffer.from(encodeFrame({ track: 'video', epoch: 1, seq: i, init: i === 0, keyframe: false }, bytes(int(4000)))) : JSON.stringify({ type: 'state', speaking: i % 2 === 0 }), binary);
    }
  } else {
    // Well-formed messages with wrong types and values.
    for (let i = 0, n = 5 + int(30); i < n && canSend(ws); i++) send(JSON.stringify(randomMessage(ids)), false);
  }
  await settle(int(30));
  if (rand() < 0.5) ws.terminate();
  else ws.close();
  return [name, sent];
}

test(`fuzz: ${FRAMES}+ malformed frames and floods from ${WORKERS} connections at a time; the healthy room is untouched (seed ${seed})`, async (t) => {
  const relay = await startChildRelay();
  t.after(() => relay.alive && relay.kill());
  const room = await healthyRoom(relay.url);
  const ids = [room.pub.id, ...room.receivers.map((r) => r.id), 0, 1, 2 ** 32 - 1];

  const baseline = (await relay.stats()).memory;
  let maxRss = baseline.rss;
  let maxHeap = baseline.heapUsed;
  let sampling = true;
  const sampler = (async () => {
    while (sampling && relay.alive) {
      const { memory } = await relay.stats();
      maxRss = Math.max(maxRss, memory.rss);
      maxHeap = Math.max(maxHeap, memory.heapUsed);
      await settle(100);
    }
  })();

  let sent = 0;
  let flooded = 0;
  let connections = 0;
  const byScenario = {};
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (sent < FRAMES && relay.alive) {
        const [name, n] = await attack(relay.url, relay.port, ids);
        if (name === 'flood') flooded += n;
        else sent += n;
        connections += 1;
        byScenario[name] = (byScenario[name] ?? 0) + n;
      }
    }),
  );
  const elapsed = Date.now() - started;
  await settle(500);
  sampling = false;
  await sampler;

  const frames = await room.stop();
  const { stats, memory } = await relay.stats();
  console.log(
    `fuzz seed ${seed}: ${sent} malformed frames + ${flooded} in floods over ${connections} connections in ${(elapsed / 1000).toFixed(1)} s; ` +
      `healthy room: ${frames} video + ${frames} audio frames to each of 2 receivers, longest gap ${room.longestGap} ms; ` +
      `relay RSS ${(baseline.rss / MiB).toFixed(0)} -> max ${(maxRss / MiB).toFixed(0)} MiB (bound ${MAX_RSS / MiB}), ` +
      `heap max ${(maxHeap / MiB).toFixed(0)} MiB (bound ${MAX_HEAP / MiB}); rate-limited ${stats.rateLimited}; ${JSON.stringify(byScenario)}`,
  );

  assert.ok(relay.alive, 'the relay process never crashed');
  assert.ok(sent >= FRAMES);
  assert.deepEqual(room.problems.slice(0, 10), [], 'every healthy frame arrived, intact and in order');
  // Frames kept reaching both receivers all along (this process publishes every 20 ms; on a
  // loaded machine its own timer runs late, so the count is not the measure).
  assert.ok(room.longestGap < 1000, `the healthy room was served all along (longest gap between frames ${room.longestGap} ms)`);
  for (const name of SCENARIOS) assert.ok(byScenario[name] > 0, `scenario "${name}" ran`);
  assert.ok(maxRss < MAX_RSS, `relay RSS peaked at ${maxRss}`);
  assert.ok(maxHeap < MAX_HEAP, `relay heap peaked at ${maxHeap}`);
  assert.equal(stats.connections, 3, 'only the healthy room is still connected');
  assert.ok(memory.rss < MAX_RSS);
  assert.deepEqual(room.pub.messages.filter((m) => m.type === 'error'), [], 'the healthy publisher was never refused anything');

  await Promise.all([room.pub, ...room.receivers].map((c) => c.close()));
  assert.deepEqual(await relay.close(), { code: 0, signal: null });
});
