import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import {
  CloseCode,
  DEFAULT_LIMITS,
  ErrorCode,
  PROTOCOL_VERSION,
  decodeFrame,
  parseClientMessage,
  stampSender,
  type ErrorCodeValue,
  type Participant,
  type ServerMessage,
  type TrackKind,
  type ValidationLimits,
} from '../src/protocol/index.js';
import { TrackCache } from './track-cache.js';

/** Options of {@link createRelay}. Every limit has a documented default. */
export interface RelayOptions {
  /** Attach to this HTTP(S) server (upgrade requests on `path`). Without it the relay listens on its own. */
  server?: HttpServer | HttpsServer;
  /** Port to listen on when no `server` is given (default 0: a free port). */
  port?: number;
  /** Host to listen on when no `server` is given (default `127.0.0.1`). */
  host?: string;
  /** URL path of the WebSocket endpoint (default `/ws`). */
  path?: string;
  /** Largest WebSocket message in bytes; bigger ones close the connection with 1009 (default 1 MiB). */
  maxPayload?: number;
  /** Largest text (JSON) message in bytes; bigger ones get a `too-large` error (default 16 KiB). */
  maxTextBytes?: number;
  /** Participants per room (default 25). */
  maxParticipantsPerRoom?: number;
  /** Rooms per relay (default 1000). */
  maxRooms?: number;
  /** Name, room and avatar length limits (defaults: 64, 64, 2048 characters). */
  limits?: Partial<ValidationLimits>;
  /** Heartbeat period in ms; a peer that misses one ping is dropped (default 15000). */
  heartbeatInterval?: number;
  /** Bytes cached per publisher track for late joiners (init + since last keyframe; default 8 MiB). */
  cacheBytes?: number;
  /** Bytes queued to one receiver before its media is skipped until the next keyframe (default 2 MiB). */
  sendBufferCap?: number;
  /** Invalid messages tolerated per connection before it is closed with 4001 (default 20). */
  maxErrors?: number;
}

/** A running relay. */
export interface Relay {
  /** Resolves once the relay accepts connections. */
  readonly ready: Promise<void>;
  /** Port the relay listens on (its own or the attached server's). */
  readonly port: number;
  /** Counts for monitoring and tests. */
  stats(): RelayStats;
  /** Closes every connection with 1012 (service restart) and stops listening if the relay owns its server. */
  close(): Promise<void>;
}

/** Counters a relay exposes. */
export interface RelayStats {
  rooms: number;
  connections: number;
  participants: number;
  /** Media frames received from publishers. */
  framesIn: number;
  /** Media frame deliveries to receivers. */
  framesOut: number;
  /** Deliveries skipped because a receiver's send buffer was over the cap. */
  framesSkipped: number;
  /** Bytes held in late-joiner caches. */
  cachedBytes: number;
}

interface Client {
  ws: WebSocket;
  alive: boolean;
  errors: number;
  room?: Room;
  participant?: Participant;
  caches: Record<TrackKind, TrackCache>;
  /** Publishers (by `${id}:${track}`) whose media this receiver skipped and must resync at a keyframe. */
  resync: Set<string>;
}

interface Room {
  name: string;
  clients: Set<Client>;
}

const DEFAULTS = {
  path: '/ws',
  maxPayload: 1024 * 1024,
  maxTextBytes: 16 * 1024,
  maxParticipantsPerRoom: 25,
  maxRooms: 1000,
  heartbeatInterval: 15000,
  cacheBytes: 8 * 1024 * 1024,
  sendBufferCap: 2 * 1024 * 1024,
  maxErrors: 20,
};

/**
 * Creates the meet-elements relay: rooms, signaling and media fan-out over one WebSocket
 * per participant. It trusts no client: every message is validated, sizes are capped, the
 * sender of every media frame is stamped here, and rooms never see each other's traffic.
 */
export function createRelay(options: RelayOptions = {}): Relay {
  const opts = { ...DEFAULTS, ...options };
  const limits: ValidationLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const rooms = new Map<string, Room>();
  const clients = new Set<Client>();
  const counters = { framesIn: 0, framesOut: 0, framesSkipped: 0 };
  let nextId = 1;

  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false });
  const server = options.server ?? createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('meet-elements relay: WebSocket only\n');
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(req.url ?? '/', 'http://relay').pathname !== opts.path) return; // another handler's
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  };
  server.on('upgrade', onUpgrade);

  const ready = options.server
    ? Promise.resolve()
    : new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
      });

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
  }, opts.heartbeatInterval);
  heartbeat.unref();

  function send(client: Client, msg: ServerMessage): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(msg));
  }

  function sendError(client: Client, code: ErrorCodeValue, message: string): void {
    send(client, { type: 'error', code, message });
    client.errors += 1;
    if (client.errors > opts.maxErrors) client.ws.close(CloseCode.protocolViolation, 'too many invalid messages');
  }

  function broadcast(room: Room, except: Client, msg: ServerMessage): void {
    const text = JSON.stringify(msg);
    for (const other of room.clients) {
      if (other !== except && other.ws.readyState === other.ws.OPEN) other.ws.send(text);
    }
  }

  function accept(ws: WebSocket): void {
    const client: Client = {
      ws,
      alive: true,
      errors: 0,
      caches: { video: new TrackCache(opts.cacheBytes), audio: new TrackCache(opts.cacheBytes) },
      resync: new Set(),
    };
    clients.add(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    ws.on('close', () => {
      clients.delete(client);
      leaveRoom(client);
    });
    ws.on('error', () => ws.terminate());
  }

  function onMessage(client: Client, data: RawData, isBinary: boolean): void {
    const bytes = toBuffer(data);
    if (isBinary) return onFrame(client, bytes);
    if (bytes.byteLength > opts.maxTextBytes) {
      return sendError(client, ErrorCode.tooLarge, `text messages are limited to ${opts.maxTextBytes} bytes`);
    }
    const parsed = parseClientMessage(bytes.toString('utf8'), limits);
    if (!parsed.ok) return sendError(client, parsed.code, parsed.message);
    const msg = parsed.value;
    if (msg.type === 'join') {
      if (client.room) return sendError(client, ErrorCode.alreadyJoined, 'this connection already joined a room');
      return join(client, msg.room, {
        id: 0,
        name: msg.name,
        ...(msg.avatar !== undefined && { avatar: msg.avatar }),
        camera: msg.camera ?? false,
        mic: msg.mic ?? false,
        speaking: false,
      });
    }
    const { room, participant } = client;
    if (!room || !participant) return sendError(client, ErrorCode.notJoined, `join a room before "${msg.type}"`);
    switch (msg.type) {
      case 'state': {
        if (msg.camera !== undefined) participant.camera = msg.camera;
        if (msg.mic !== undefined) participant.mic = msg.mic;
        if (msg.speaking !== undefined) participant.speaking = msg.speaking;
        setMime(participant, 'video', msg.video);
        setMime(participant, 'audio', msg.audio);
        if (!participant.camera) client.caches.video.clear();
        if (!participant.mic) client.caches.audio.clear();
        const { id, camera, mic, speaking, video, audio } = participant;
        broadcast(room, client, { type: 'state', id, camera, mic, speaking, ...(video && { video }), ...(audio && { audio }) });
        return;
      }
      case 'keyframe-request': {
        const target = [...room.clients].find((c) => c.participant?.id === msg.to);
        if (!target || target === client) {
          return sendError(client, ErrorCode.unknownParticipant, `participant ${msg.to} is not in your room`);
        }
        send(target, { type: 'keyframe-request', from: participant.id, track: msg.track });
        return;
      }
      case 'leave':
        leaveRoom(client);
        client.ws.close(CloseCode.left, 'left');
        return;
    }
  }

  function join(client: Client, roomName: string, participant: Participant): void {
    let room = rooms.get(roomName);
    if (!room) {
      if (rooms.size >= opts.maxRooms) return sendError(client, ErrorCode.tooManyRooms, 'the relay has no room for more rooms');
      room = { name: roomName, clients: new Set() };
      rooms.set(roomName, room);
    } else if (room.clients.size >= opts.maxParticipantsPerRoom) {
      return sendError(client, ErrorCode.roomFull, `room "${roomName}" is full (${opts.maxParticipantsPerRoom})`);
    }
    participant.id = nextId++;
    client.participant = participant;
    client.room = room;
    const others = [...room.clients];
    room.clients.add(client);
    send(client, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      room: roomName,
      self: participant,
      participants: others.map((c) => c.participant!),
    });
    broadcast(room, client, { type: 'joined', participant });
    // Late joiner: each active publisher's init frame and frames since its last keyframe, in order.
    for (const other of others) {
      for (const cache of Object.values(other.caches)) {
        for (const frame of cache.frames()) client.ws.send(frame, { binary: true });
      }
    }
  }

  function leaveRoom(client: Client): void {
    const { room, participant } = client;
    if (!room || !participant) return;
    room.clients.delete(client);
    client.room = undefined;
    client.caches.video.clear();
    client.caches.audio.clear();
    broadcast(room, client, { type: 'left', id: participant.id });
    if (room.clients.size === 0) rooms.delete(room.name);
  }

  function onFrame(client: Client, bytes: Buffer): void {
    const { room, participant } = client;
    if (!room || !participant) return sendError(client, ErrorCode.notJoined, 'join a room before sending media');
    const frame = decodeFrame(bytes);
    if (typeof frame === 'string') return sendError(client, ErrorCode.badFrame, `invalid media frame (${frame})`);
    if (!(frame.track === 'video' ? participant.camera : participant.mic)) {
      return sendError(client, ErrorCode.badFrame, `media for a track that is off (${frame.track}): send state first`);
    }
    counters.framesIn += 1;
    stampSender(bytes, participant.id);
    client.caches[frame.track].add(bytes, frame);
    const key = `${participant.id}:${frame.track}`;
    for (const other of room.clients) {
      if (other === client || other.ws.readyState !== other.ws.OPEN) continue;
      if (other.resync.has(key)) {
        if (!frame.keyframe && !frame.init) continue;
        other.resync.delete(key);
      }
      if (other.ws.bufferedAmount > opts.sendBufferCap) {
        counters.framesSkipped += 1;
        if (!other.resync.has(key)) {
          other.resync.add(key);
          send(client, { type: 'keyframe-request', from: other.participant!.id, track: frame.track });
        }
        continue;
      }
      counters.framesOut += 1;
      other.ws.send(bytes, { binary: true });
    }
  }

  return {
    ready,
    get port() {
      return (server.address() as AddressInfo | null)?.port ?? 0;
    },
    stats() {
      let participants = 0;
      let cachedBytes = 0;
      for (const c of clients) {
        if (c.participant && c.room) participants += 1;
        cachedBytes += c.caches.video.bytes + c.caches.audio.bytes;
      }
      return { rooms: rooms.size, connections: clients.size, participants, cachedBytes, ...counters };
    },
    async close() {
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      for (const client of clients) client.ws.close(CloseCode.serviceRestart, 'relay closing');
      const deadline = setTimeout(() => clients.forEach((c) => c.ws.terminate()), 2000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      while (clients.size > 0) await new Promise((r) => setTimeout(r, 20));
      clearTimeout(deadline);
      if (!options.server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function setMime(p: Participant, track: TrackKind, value: string | null | undefined): void {
  if (value === null) delete p[track];
  else if (value !== undefined) p[track] = value;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
