// Bounded load generator (its own process, loopback only, stops itself): K rooms x M
// participants, each publishing `frameBytes` frames at `fps` for `seconds`. Every frame
// carries its send time; receivers record delivery latency. Prints one JSON line.
//   node loadgen.mjs <kind> <port[,port...]> <rooms> <perRoom> <seconds> [frameBytes=12000] [fps=10]
// With several ports (cluster nodes), participant i of every room connects to port i mod n.
import { WebSocket } from 'ws';
import { io } from 'socket.io-client';
import { encodeFrame, FRAME_HEADER_SIZE } from '../../dist/protocol/index.js';

const [kind, portList, K, M, seconds, frameBytes = '12000', fps = '10'] = process.argv.slice(2);
const ports = portList.split(',');
const rooms = Number(K);
const perRoom = Number(M);
const size = Number(frameBytes);
const now = () => performance.timeOrigin + performance.now();
const latencies = [];
let delivered = 0;
let deliveredBytes = 0;
let sent = 0;
let measuring = false;

function onPayload(bytes, offset) {
  if (!measuring) return;
  delivered += 1;
  deliveredBytes += bytes.byteLength;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  latencies.push(now() - view.getFloat64(0));
}

async function connect(room, i) {
  const name = `p${i}`;
  const port = ports[i % ports.length];
  if (kind === 'socketio') {
    const socket = io(`http://127.0.0.1:${port}`, { path: '/sio', transports: ['websocket'] });
    await new Promise((r) => socket.once('connect', r));
    socket.emit('join', room);
    socket.on('media', (data) => onPayload(new Uint8Array(data), 0));
    return { send: (bytes) => socket.emit('media', room, bytes), close: () => socket.close() };
  }
  const ours = kind.startsWith('ours');
  const url = ours ? `ws://127.0.0.1:${port}/ws` : `ws://127.0.0.1:${port}/ws?room=${room}`;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const offset = ours ? FRAME_HEADER_SIZE : 0;
  ws.on('message', (data, isBinary) => isBinary && onPayload(new Uint8Array(data), offset));
  if (ours) {
    ws.send(JSON.stringify({ type: 'join', room, name, camera: true }));
    await new Promise((r) => ws.once('message', r)); // welcome
  }
  return { send: (bytes) => ws.send(bytes), close: () => ws.close() };
}

const clients = [];
for (let r = 0; r < rooms; r++) for (let i = 0; i < perRoom; i++) clients.push(await connect(`room${r}`, i));

const payload = new Uint8Array(size);
let seq = 0;
function frameFor(kindOfFrame) {
  const body = payload.slice();
  new DataView(body.buffer).setFloat64(0, now());
  if (!kind.startsWith('ours')) return body;
  return encodeFrame({ track: 'video', epoch: 1, seq: seq++, init: kindOfFrame === 'init', keyframe: kindOfFrame === 'key' }, body);
}

// Each publisher ticks at `fps`, phases spread so the load is even.
const interval = 1000 / Number(fps);
const timers = clients.map((c, i) => {
  let n = 0;
  const tick = () => {
    c.send(frameFor(n === 0 ? 'init' : n % 10 === 1 ? 'key' : 'delta'));
    sent += 1;
    n += 1;
  };
  return setTimeout(() => {
    tick();
    timers[i] = setInterval(tick, interval);
  }, (i * interval) / clients.length);
});

const warmup = 1000;
await new Promise((r) => setTimeout(r, warmup));
process.send?.('measure-start');
measuring = true;
const t0 = now();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
measuring = false;
const elapsed = (now() - t0) / 1000;
timers.forEach((t) => (clearInterval(t), clearTimeout(t)));
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
const expectedPerSec = rooms * perRoom * (perRoom - 1) * Number(fps);
process.send?.({
  delivered,
  perSecond: delivered / elapsed,
  expectedPerSecond: expectedPerSec,
  mbPerSecond: deliveredBytes / elapsed / 1e6,
  p50: pct(50),
  p99: pct(99),
  seconds: elapsed,
  sent,
});
clients.forEach((c) => c.close());
setTimeout(() => process.exit(0), 200);
