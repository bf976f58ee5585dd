// One relay under load, in its own process: `node relay-process.mjs <kind>` where kind is
// `ours` (createRelay), `ours-cluster <redis url> <prefix>` (one node of a cluster), `naive-ws` (ws broadcast, no checks, no cache: the floor) or
// `socketio` (a minimal Socket.IO room-broadcast relay, as the original design note implies).
// Prints its port on stdout; on 'report' over IPC answers CPU time and memory.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const kind = process.argv[2];
const server = createServer();

if (kind === 'ours' || kind === 'ours-cluster') {
  const { createRelay } = await import('../../dist/relay/relay.js');
  // ours-cluster: one node of a cluster through the Redis at process.argv[3].
  const cluster = kind === 'ours-cluster' ? { redis: process.argv[3], prefix: process.argv[4] } : undefined;
  const relay = createRelay({ server, path: '/ws', maxParticipantsPerRoom: 100, heartbeatInterval: 60000, resumeSecret: 'bench', cluster });
  await relay.ready;
} else if (kind === 'naive-ws') {
  const rooms = new Map();
  const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const room = new URL(req.url, 'http://x').searchParams.get('room');
    if (!rooms.has(room)) rooms.set(room, new Set());
    const peers = rooms.get(room);
    peers.add(ws);
    ws.on('message', (data, isBinary) => {
      for (const p of peers) if (p !== ws) p.send(data, { binary: isBinary });
    });
    ws.on('close', () => peers.delete(ws));
  });
} else if (kind === 'socketio') {
  const { Server } = await import('socket.io');
  const io = new Server(server, { path: '/sio', perMessageDeflate: false, maxHttpBufferSize: 1e6 });
  io.on('connection', (socket) => {
    socket.on('join', (room) => socket.join(room));
    socket.on('media', (room, data) => socket.to(room).emit('media', data));
  });
} else {
  console.error(`unknown relay kind ${kind}`);
  process.exit(2);
}

server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`));
const cpuStart = process.cpuUsage();
let peakRss = 0;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
process.on('message', (msg) => {
  if (msg === 'reset') {
    Object.assign(cpuStart, process.cpuUsage());
    peakRss = process.memoryUsage().rss;
    process.send({ ok: true });
  } else if (msg === 'report') {
    const cpu = process.cpuUsage(cpuStart);
    process.send({ cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, peakRss: Math.max(peakRss, process.memoryUsage().rss) });
  }
});
process.on('disconnect', () => process.exit(0));
