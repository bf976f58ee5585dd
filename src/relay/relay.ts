import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import {
  CloseCode,
  DEFAULT_LIMITS,
  ErrorCode,
  FRAME_HEADER_SIZE,
  PROTOCOL_VERSION,
  Track,
  decodeFrame,
  parseClientMessage,
  stampSender,
  type ErrorCodeValue,
  type JoinMessage,
  type Participant,
  type ServerMessage,
  type TrackKind,
  type ValidationLimits,
} from '../protocol/index.js';
import { ConnectionLimits, type LimitVerdict, type RateLimits } from './rate-limit.js';
import { ResumeTokens } from './resume.js';
import { TrackCache } from './track-cache.js';

/**
 * What the `authenticate` hook grants a connection. The relay never takes a client's word
 * for who it is: what is set here wins over the `join` message.
 */
export interface AuthResult {
  /** The display name the participant gets, whatever its `join` says. */
  name?: string;
  /** The rooms it may join: a list, or a test. Unset: any room. Others get a `denied` error. */
  rooms?: readonly string[] | ((room: string) => boolean);
}

/**
 * Checks an upgrade request (a cookie, a token in the URL...). `false` refuses the connection
 * (it is closed with 4003 right after the upgrade, so a browser learns why); a throw closes it
 * with 1011 (the client may retry).
 */
export type Authenticate = (request: IncomingMessage) => AuthResult | false | Promise<AuthResult | false>;

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
  /** Participants per room, counting those inside their resume grace (default 25). */
  maxParticipantsPerRoom?: number;
  /** Rooms per relay (default 1000). */
  maxRooms?: number;
  /** Open connections per relay, counting those being authenticated; more get HTTP 503 (default 10000). */
  maxConnections?: number;
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
  /** Text messages per second per connection (default 50); over it they are dropped with `rate-limited`. */
  messageRate?: number;
  /** Text messages a connection may send at once above `messageRate` (default 100). */
  messageBurst?: number;
  /** Media bytes per second per connection (default 4 MiB); over it frames are dropped with `rate-limited`. */
  mediaByteRate?: number;
  /** Media bytes a connection may send at once above `mediaByteRate` (default 8 MiB). */
  mediaByteBurst?: number;
  /** Media frames per second per connection (default 300). */
  mediaFrameRate?: number;
  /** Media frames a connection may send at once above `mediaFrameRate` (default 600). */
  mediaFrameBurst?: number;
  /**
   * ms a dropped participant is held for a `join` with its `resume` token (same id, the room
   * is told nothing); after it the room gets `left` (default 10000; 0 disables resuming).
   */
  resumeGrace?: number;
  /**
   * Key of the resume tokens. Give the same one to a restarted relay and, for `resumeGrace`
   * after it starts, it takes back its predecessor's participants too (default: random per relay).
   */
  resumeSecret?: string | Uint8Array;
  /**
   * Origins (exact `Origin` header values) allowed to connect, or a test; others get HTTP 403.
   * With a list, a request without an `Origin` header is refused too. Unset: any origin.
   */
  allowedOrigins?: readonly string[] | ((origin: string | undefined, request: IncomingMessage) => boolean);
  /** Runs at every upgrade; see {@link Authenticate}. Unset: everyone may join any room. */
  authenticate?: Authenticate;
}

/** A running relay. */
export interface Relay {
  /** Resolves once the relay accepts connections. */
  readonly ready: Promise<void>;
  /** Port the relay listens on (its own or the attached server's). */
  readonly port: number;
  /** Counts for monitoring and tests. */
  stats(): RelayStats;
  /**
   * Closes every connection with 1012 (service restart; clients reconnect) and stops listening
   * if the relay owns its server. Connections that do not finish the close handshake are cut
   * after 2 s, so it resolves in bounded time.
   */
  close(): Promise<void>;
}

/** Counters a relay exposes. */
export interface RelayStats {
  rooms: number;
  connections: number;
  /** Participants in rooms, including those inside their resume grace. */
  participants: number;
  /** Participants whose connection dropped, held for a resume. */
  resuming: number;
  /** Media frames received from publishers. */
  framesIn: number;
  /** Media frame deliveries to receivers. */
  framesOut: number;
  /** Deliveries skipped because a receiver's send buffer was over the cap (until it resyncs at a keyframe). */
  framesSkipped: number;
  /** Messages and media frames dropped by the rate limits. */
  rateLimited: number;
  /** Bytes held in late-joiner caches. */
  cachedBytes: number;
  /** Bytes queued in sockets and not yet sent, over every connection. */
  bufferedBytes: number;
}

interface Client {
  ws: WebSocket;
  alive: boolean;
  errors: number;
  auth: AuthResult;
  limits: ConnectionLimits;
  member: Member | undefined;
  /** Bit per track number: media of that track was rate-limited; skip it to an init or keyframe frame. */
  gap: number;
  /** Publishers (by {@link Member.keys}) whose media this receiver skipped and must resync at a keyframe. */
  resync: Set<string>;
}

/** A participant in a room. It outlives its connection for the resume grace. */
interface Member {
  participant: Participant;
  room: Room;
  /** Undefined while dropped and waiting for a resume. */
  client: Client | undefined;
  /** Nonce of the newest resume token issued: only that one is honoured. */
  nonce: string;
  grace: ReturnType<typeof setTimeout> | undefined;
  caches: Record<TrackKind, TrackCache>;
  /** Resync keys, made once so the per-frame path allocates nothing. */
  keys: Record<TrackKind, string>;
}

interface Room {
  name: string;
  members: Set<Member>;
}

const MiB = 1024 * 1024;

const DEFAULTS = {
  path: '/ws',
  maxPayload: MiB,
  maxTextBytes: 16 * 1024,
  maxParticipantsPerRoom: 25,
  maxRooms: 1000,
  maxConnections: 10000,
  heartbeatInterval: 15000,
  cacheBytes: 8 * MiB,
  sendBufferCap: 2 * MiB,
  maxErrors: 20,
  messageRate: 50,
  messageBurst: 100,
  mediaByteRate: 4 * MiB,
  mediaByteBurst: 8 * MiB,
  mediaFrameRate: 300,
  mediaFrameBurst: 600,
  resumeGrace: 10000,
};

/** ms a connection that does not finish the close handshake gets before it is cut. */
const CLOSE_DEADLINE = 2000;

const OPEN_ACCESS: AuthResult = Object.freeze({});

/** Whole milliseconds of a monotonic clock, for the integer token buckets. */
const clock = (): number => Math.floor(performance.now());

/**
 * Creates the meet-elements relay: rooms, signaling and media fan-out over one WebSocket
 * per participant. It trusts no client: every message is validated, sizes and rates are
 * capped, ids are assigned here, the sender of every media frame is stamped here, and rooms
 * never see each other's traffic.
 */
export function createRelay(options: RelayOptions = {}): Relay {
  const opts = { ...DEFAULTS, ...options };
  const limits: ValidationLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const rates: RateLimits = opts;
  const rooms = new Map<string, Room>();
  const clients = new Set<Client>();
  const members = new Map<number, Member>();
  const counters = { framesIn: 0, framesOut: 0, framesSkipped: 0, rateLimited: 0 };
  const tokens = new ResumeTokens(options.resumeSecret);
  const startedAt = clock();
  let restoredAny = false;
  let pendingUpgrades = 0;
  let closing: Promise<void> | undefined;

  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false });
  const server = options.server ?? createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('meet-elements relay: WebSocket only\n');
  });
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

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (new URL(req.url ?? '/', 'http://relay').pathname !== opts.path) return; // another handler's
    if (closing) return refuse(socket, 503, 'Service Unavailable');
    if (!originAllowed(req)) return refuse(socket, 403, 'Forbidden');
    if (clients.size + pendingUpgrades >= opts.maxConnections) return refuse(socket, 503, 'Service Unavailable');
    const authenticate = opts.authenticate;
    if (!authenticate) return wss.handleUpgrade(req, socket, head, (ws) => accept(ws, OPEN_ACCESS));
    pendingUpgrades += 1;
    // The hook is async: a socket that errors meanwhile must not crash the process.
    socket.on('error', () => socket.destroy());
    void (async () => {
      let result: AuthResult | false | undefined;
      try {
        result = await authenticate(req);
      } catch {
        result = undefined;
      }
      pendingUpgrades -= 1;
      if (socket.destroyed) return;
      if (closing) return refuse(socket, 503, 'Service Unavailable');
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (result === undefined) ws.close(CloseCode.internalError, 'authentication failed');
        else if (result === false) ws.close(CloseCode.denied, 'denied');
        else accept(ws, result);
      });
    })();
  }

  function originAllowed(req: IncomingMessage): boolean {
    const allowed = opts.allowedOrigins;
    if (!allowed) return true;
    const origin = req.headers.origin;
    if (typeof allowed !== 'function') return origin !== undefined && allowed.includes(origin);
    try {
      return allowed(origin, req) === true;
    } catch {
      return false;
    }
  }

  function send(client: Client, msg: ServerMessage): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(msg));
  }

  function sendError(client: Client, code: ErrorCodeValue, message: string): void {
    send(client, { type: 'error', code, message });
    client.errors += 1;
    if (client.errors > opts.maxErrors) client.ws.close(CloseCode.protocolViolation, 'too many invalid messages');
  }

  function broadcast(room: Room, except: Member, msg: ServerMessage): void {
    const text = JSON.stringify(msg);
    for (const other of room.members) {
      const ws = other.client?.ws;
      if (other !== except && ws && ws.readyState === ws.OPEN) ws.send(text);
    }
  }

  function accept(ws: WebSocket, auth: AuthResult): void {
    const client: Client = {
      ws,
      alive: true,
      errors: 0,
      auth,
      limits: new ConnectionLimits(rates, clock()),
      member: undefined,
      gap: 0,
      resync: new Set(),
    };
    clients.add(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => onMessage(client, data, isBinary));
    ws.on('close', () => {
      clients.delete(client);
      detach(client);
    });
    ws.on('error', () => ws.terminate());
  }

  function onMessage(client: Client, data: RawData, isBinary: boolean): void {
    const bytes = toBuffer(data);
    const verdict = isBinary ? client.limits.media(bytes.byteLength, clock()) : client.limits.text(clock());
    if (verdict !== 'ok') return onLimited(client, verdict, isBinary ? bytes : undefined);
    if (isBinary) return onFrame(client, bytes);
    if (bytes.byteLength > opts.maxTextBytes) {
      return sendError(client, ErrorCode.tooLarge, `text messages are limited to ${opts.maxTextBytes} bytes`);
    }
    const parsed = parseClientMessage(bytes.toString('utf8'), limits);
    if (!parsed.ok) return sendError(client, parsed.code, parsed.message);
    const msg = parsed.value;
    if (msg.type === 'join') return onJoin(client, msg);
    const member = client.member;
    if (!member) return sendError(client, ErrorCode.notJoined, `join a room before "${msg.type}"`);
    const { room, participant } = member;
    switch (msg.type) {
      case 'state': {
        if (msg.camera !== undefined) participant.camera = msg.camera;
        if (msg.mic !== undefined) participant.mic = msg.mic;
        if (msg.speaking !== undefined) participant.speaking = msg.speaking;
        setMime(participant, 'video', msg.video);
        setMime(participant, 'audio', msg.audio);
        if (!participant.camera) member.caches.video.clear();
        if (!participant.mic) member.caches.audio.clear();
        broadcast(room, member, stateOf(participant));
        return;
      }
      case 'keyframe-request': {
        const target = members.get(msg.to);
        if (!target || target.room !== room || target === member) {
          return sendError(client, ErrorCode.unknownParticipant, `participant ${msg.to} is not in your room`);
        }
        // A participant waiting for its resume republishes from a keyframe anyway.
        if (target.client) send(target.client, { type: 'keyframe-request', from: participant.id, track: msg.track });
        return;
      }
      case 'leave':
        client.member = undefined;
        removeMember(member);
        client.ws.close(CloseCode.left, 'left');
        return;
    }
  }

  function onLimited(client: Client, verdict: LimitVerdict, frame: Buffer | undefined): void {
    counters.rateLimited += 1;
    // The frames after a dropped one cannot be decoded: skip that track to its next keyframe.
    if (frame && frame.byteLength >= FRAME_HEADER_SIZE && frame[1]! <= Track.audio) client.gap |= 1 << frame[1]!;
    if (verdict === 'close') client.ws.close(CloseCode.protocolViolation, 'over the rate limits for too long');
    else if (verdict === 'drop') {
      send(client, { type: 'error', code: ErrorCode.rateLimited, message: frame ? 'media over the rate limit: dropped' : 'too many messages: dropped' });
    }
  }

  function onJoin(client: Client, msg: JoinMessage): void {
    if (client.member) return sendError(client, ErrorCode.alreadyJoined, 'this connection already joined a room');
    if (!roomAllowed(client.auth, msg.room)) return sendError(client, ErrorCode.denied, `this connection may not join room "${msg.room}"`);
    if (msg.resume !== undefined && resume(client, msg)) return;
    const room = roomFor(client, msg.room);
    if (!room) return;
    const member = addMember(room, {
      id: newId(),
      name: client.auth.name ?? msg.name,
      ...(msg.avatar !== undefined && { avatar: msg.avatar }),
      camera: msg.camera ?? false,
      mic: msg.mic ?? false,
      speaking: false,
    });
    attach(client, member);
    welcome(client, member, false);
    broadcast(room, member, { type: 'joined', participant: member.participant });
    sendCaches(client, member);
  }

  /**
   * Takes back the participant of a resume token; false when the token does not apply (the
   * join goes on as a new participant). True also when a resume was refused with an error.
   */
  function resume(client: Client, msg: JoinMessage): boolean {
    const claim = tokens.verify(msg.resume!);
    if (!claim || claim.room !== msg.room) return false;
    // Bound to who the hook said the participant was: nobody else's connection can take it.
    if (claim.authenticated ? claim.name !== client.auth.name : client.auth.name !== undefined) return false;
    const member = members.get(claim.id);
    if (member) {
      if (member.nonce !== claim.nonce) return false; // spent: only the newest token counts
      const stale = member.client;
      if (stale) {
        // The old connection is half-open (the network changed under it): this one wins.
        stale.member = undefined;
        stale.ws.close(CloseCode.replaced, 'resumed on another connection');
      }
      clearTimeout(member.grace);
      member.grace = undefined;
      attach(client, member);
      const changed = applyJoinState(member.participant, msg);
      welcome(client, member, true);
      if (changed) broadcast(member.room, member, stateOf(member.participant));
      sendCaches(client, member);
      return true;
    }
    // A participant of the relay this one replaced (same secret), within the grace of our start.
    if (claim.instance === tokens.instance || clock() - startedAt >= opts.resumeGrace) return false;
    const room = roomFor(client, msg.room);
    if (!room) return true;
    restoredAny = true;
    const restored = addMember(room, {
      id: claim.id,
      name: claim.name,
      ...(msg.avatar !== undefined && { avatar: msg.avatar }),
      camera: msg.camera ?? false,
      mic: msg.mic ?? false,
      speaking: false,
    });
    attach(client, restored);
    welcome(client, restored, true);
    // The others may or may not know it from before the restart; a client that does sees no join.
    broadcast(room, restored, { type: 'joined', participant: restored.participant });
    sendCaches(client, restored);
    return true;
  }

  /** The room to join, created if need be; undefined (and an error sent) when there is no space. */
  function roomFor(client: Client, name: string): Room | undefined {
    let room = rooms.get(name);
    if (!room && rooms.size >= opts.maxRooms) {
      sendError(client, ErrorCode.tooManyRooms, 'the relay has no room for more rooms');
      return undefined;
    }
    if (room && room.members.size >= opts.maxParticipantsPerRoom) {
      sendError(client, ErrorCode.roomFull, `room "${name}" is full (${opts.maxParticipantsPerRoom})`);
      return undefined;
    }
    if (!room) {
      room = { name, members: new Set() };
      rooms.set(name, room);
    }
    return room;
  }

  function addMember(room: Room, participant: Participant): Member {
    const { id } = participant;
    const member: Member = {
      participant,
      room,
      client: undefined,
      nonce: '',
      grace: undefined,
      caches: { video: new TrackCache(opts.cacheBytes), audio: new TrackCache(opts.cacheBytes) },
      keys: { video: `${id}:video`, audio: `${id}:audio` },
    };
    members.set(id, member);
    room.members.add(member);
    return member;
  }

  function attach(client: Client, member: Member): void {
    client.member = member;
    client.resync.clear();
    member.client = client;
  }

  function welcome(client: Client, member: Member, resumed: boolean): void {
    const { participant, room } = member;
    const { token, nonce } = tokens.issue(participant.id, room.name, participant.name, client.auth.name !== undefined);
    member.nonce = nonce;
    const recovering = startedAt + opts.resumeGrace - clock();
    send(client, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      room: room.name,
      self: participant,
      participants: [...room.members].filter((m) => m !== member).map((m) => m.participant),
      resume: token,
      resumed,
      ...(resumed && restoredAny && recovering > 0 && { recovering }),
    });
  }

  /** Late joiner (or resumer): each active publisher's init frame and frames since its last keyframe, in order. */
  function sendCaches(client: Client, member: Member): void {
    for (const other of member.room.members) {
      if (other === member) continue;
      for (const cache of Object.values(other.caches)) {
        for (const frame of cache.frames()) client.ws.send(frame, { binary: true });
      }
    }
  }

  /** A connection closed: its participant waits `resumeGrace` for a resume, then leaves. */
  function detach(client: Client): void {
    const member = client.member;
    client.member = undefined;
    if (!member || member.client !== client) return;
    member.client = undefined;
    // Its media stopped mid-stream; a resume republishes from a new init frame.
    member.caches.video.clear();
    member.caches.audio.clear();
    if (closing || opts.resumeGrace <= 0) return removeMember(member);
    member.grace = setTimeout(() => removeMember(member), opts.resumeGrace);
    member.grace.unref();
  }

  function removeMember(member: Member): void {
    const { room, participant } = member;
    if (members.get(participant.id) !== member) return;
    clearTimeout(member.grace);
    members.delete(participant.id);
    room.members.delete(member);
    member.caches.video.clear();
    member.caches.audio.clear();
    for (const other of room.members) {
      other.client?.resync.delete(member.keys.video);
      other.client?.resync.delete(member.keys.audio);
    }
    broadcast(room, member, { type: 'left', id: participant.id });
    if (room.members.size === 0) rooms.delete(room.name);
  }

  /** A relay-assigned id: random, so ids never repeat across restarts (resumed ones keep theirs). */
  function newId(): number {
    for (;;) {
      const id = randomInt(1, 0xffffffff);
      if (!members.has(id)) return id;
    }
  }

  function onFrame(client: Client, bytes: Buffer): void {
    const member = client.member;
    if (!member) return sendError(client, ErrorCode.notJoined, 'join a room before sending media');
    const { room, participant } = member;
    const frame = decodeFrame(bytes);
    if (typeof frame === 'string') return sendError(client, ErrorCode.badFrame, `invalid media frame (${frame})`);
    if (!(frame.track === 'video' ? participant.camera : participant.mic)) {
      return sendError(client, ErrorCode.badFrame, `media for a track that is off (${frame.track}): send state first`);
    }
    const bit = 1 << Track[frame.track];
    if (client.gap & bit) {
      if (!frame.keyframe && !frame.init) return;
      client.gap &= ~bit;
    }
    counters.framesIn += 1;
    stampSender(bytes, participant.id);
    member.caches[frame.track].add(bytes, frame);
    const key = member.keys[frame.track];
    for (const other of room.members) {
      const receiver = other.client;
      if (!receiver || other === member || receiver.ws.readyState !== receiver.ws.OPEN) continue;
      if (receiver.resync.has(key)) {
        if (!frame.keyframe && !frame.init) {
          counters.framesSkipped += 1;
          continue;
        }
        receiver.resync.delete(key);
      }
      if (receiver.ws.bufferedAmount > opts.sendBufferCap) {
        counters.framesSkipped += 1;
        if (!receiver.resync.has(key)) {
          receiver.resync.add(key);
          send(client, { type: 'keyframe-request', from: other.participant.id, track: frame.track });
        }
        continue;
      }
      counters.framesOut += 1;
      receiver.ws.send(bytes, { binary: true });
    }
  }

  async function shutdown(): Promise<void> {
    clearInterval(heartbeat);
    server.off('upgrade', onUpgrade);
    for (const member of members.values()) if (!member.client) removeMember(member);
    for (const ws of wss.clients) ws.close(CloseCode.serviceRestart, 'relay closing');
    const deadline = setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), CLOSE_DEADLINE);
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    clearTimeout(deadline);
    if (!options.server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  return {
    ready,
    get port() {
      return (server.address() as AddressInfo | null)?.port ?? 0;
    },
    stats() {
      let cachedBytes = 0;
      let resuming = 0;
      for (const m of members.values()) {
        cachedBytes += m.caches.video.bytes + m.caches.audio.bytes;
        if (!m.client) resuming += 1;
      }
      let bufferedBytes = 0;
      for (const c of clients) bufferedBytes += c.ws.bufferedAmount;
      return { rooms: rooms.size, connections: clients.size, participants: members.size, resuming, cachedBytes, bufferedBytes, ...counters };
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}

/** Takes the camera/mic a resuming client reports (what it will republish); true if that changed. */
function applyJoinState(p: Participant, msg: JoinMessage): boolean {
  const camera = msg.camera ?? false;
  const mic = msg.mic ?? false;
  const changed = p.camera !== camera || p.mic !== mic || p.speaking;
  p.camera = camera;
  p.mic = mic;
  p.speaking = false;
  return changed;
}

function stateOf(p: Participant): ServerMessage {
  const { id, camera, mic, speaking, video, audio } = p;
  return { type: 'state', id, camera, mic, speaking, ...(video && { video }), ...(audio && { audio }) };
}

function roomAllowed(auth: AuthResult, room: string): boolean {
  const rooms = auth.rooms;
  if (rooms === undefined) return true;
  if (Array.isArray(rooms)) return rooms.includes(room);
  if (typeof rooms !== 'function') return false; // anything else grants nothing
  try {
    return rooms(room) === true;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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
