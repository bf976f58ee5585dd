import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import {
  CloseCode,
  DEVICE_OF,
  ErrorCode,
  PROTOCOL_VERSION,
  Track,
  decodeFrame,
  frameTrack,
  parseClientMessage,
  type ClientMessage,
  type ErrorCodeValue,
  type JoinMessage,
  type PingMessage,
  type TrackKind,
} from '../protocol/index.js';
import { Cluster } from './cluster.js';
import { FanOut, broadcast, send, sendCaches, stateOf } from './fan-out.js';
import { resolveOptions, type AuthResult, type RelayOptions } from './options.js';
import { ConnectionLimits, type LimitVerdict } from './rate-limit.js';
import { Registry, type Client, type Member, type Room } from './registry.js';
import { ResumeTokens } from './resume.js';
import { roomAllowed, upgradeHandler } from './upgrade.js';

export { CLUSTER_DEFAULTS, RELAY_DEFAULTS } from './options.js';
export type { AuthResult, Authenticate, ClusterOptions, RelayOptions } from './options.js';

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
  /** Participants in rooms on this relay, including those inside their resume grace. */
  participants: number;
  /** With `cluster`: participants of other nodes in this relay's rooms. */
  remoteParticipants: number;
  /** With `cluster`: messages this node published to Redis, received from the other nodes, and Redis errors. */
  busOut: number;
  busIn: number;
  busErrors: number;
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

/** ms a connection that does not finish the close handshake gets before it is cut. */
const CLOSE_DEADLINE = 2000;

/** Whole milliseconds of a monotonic clock, for the integer token buckets. */
const clock = (): number => Math.floor(performance.now());

/**
 * Creates the meet-elements relay: rooms, signaling and media fan-out over one WebSocket
 * per participant. It trusts no client: every message is validated, sizes and rates are
 * capped, ids are assigned here, the sender of every media frame is stamped here, and rooms
 * never see each other's traffic.
 *
 * The parts: options.ts (every default), upgrade.ts (path, origin, connection cap, the
 * `authenticate` hook), registry.ts (rooms and participants), fan-out.ts (media to the
 * room and its late-joiner caches), resume.ts (resume tokens), rate-limit.ts; this file
 * holds the connection lifecycle and the signaling.
 */
export function createRelay(options: RelayOptions = {}): Relay {
  const opts = resolveOptions(options);
  if (opts.cluster && opts.resumeSecret === undefined) {
    throw new Error('createRelay({ cluster }) needs a resumeSecret, the same on every node, so a participant can resume on any of them');
  }
  const registry = new Registry(opts);
  const fanOut = new FanOut(opts.sendBufferCap, requestKeyframe);
  const cluster = opts.cluster
    ? new Cluster(opts.cluster, {
        registry,
        resumeGrace: opts.resumeGrace,
        broadcast,
        deliver: (member, bytes, frame) => fanOut.deliver(member, bytes, frame),
        keyframeRequest: (target, from, track) => target.client && send(target.client, { type: 'keyframe-request', from, track }),
        movedAway,
      })
    : undefined;
  const clients = new Set<Client>();
  const tokens = new ResumeTokens(opts.resumeSecret);
  const startedAt = clock();
  let rateLimited = 0;
  let restoredAny = false;
  let closing: Promise<void> | undefined;

  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false });
  const server = opts.server ?? createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('meet-elements relay: WebSocket only\n');
  });
  const onUpgrade = upgradeHandler(opts, wss, {
    closing: () => closing !== undefined,
    connections: () => clients.size,
    accept,
  });
  server.on('upgrade', onUpgrade);

  const listening = opts.server
    ? Promise.resolve()
    : new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => resolve());
      });
  const ready = cluster ? Promise.all([listening, cluster.start()]).then(() => undefined) : listening;

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

  function sendError(client: Client, code: ErrorCodeValue, message: string): void {
    send(client, { type: 'error', code, message });
    client.errors += 1;
    if (client.errors > opts.maxErrors) client.ws.close(CloseCode.protocolViolation, 'too many invalid messages');
  }

  function accept(ws: WebSocket, auth: AuthResult): void {
    const client: Client = {
      ws,
      alive: true,
      errors: 0,
      auth,
      limits: new ConnectionLimits(opts, clock()),
      member: undefined,
      gap: 0,
      resync: new Set(),
      unwatched: new Set(),
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
    const track = isBinary ? frameTrack(bytes) : undefined;
    const verdict = isBinary ? client.limits.media(bytes.byteLength, clock(), track === Track.screen || track === Track.screenAudio) : client.limits.text(clock());
    if (verdict !== 'ok') return onLimited(client, verdict, isBinary ? bytes : undefined);
    if (isBinary) return onFrame(client, bytes);
    if (bytes.byteLength > opts.maxTextBytes) {
      return sendError(client, ErrorCode.tooLarge, `text messages are limited to ${opts.maxTextBytes} bytes`);
    }
    const parsed = parseClientMessage(bytes.toString('utf8'), opts.limits);
    if (!parsed.ok) return sendError(client, parsed.code, parsed.message);
    const msg = parsed.value;
    if (msg.type === 'ping') return send(client, { type: 'pong' });
    if (msg.type === 'join') return onJoin(client, msg);
    const member = client.member;
    if (!member) return sendError(client, ErrorCode.notJoined, `join a room before "${msg.type}"`);
    onSignal(client, member, msg);
  }

  function onSignal(client: Client, member: Member, msg: Exclude<ClientMessage, JoinMessage | PingMessage>): void {
    const { room, participant } = member;
    switch (msg.type) {
      case 'state': {
        if (msg.camera !== undefined) participant.camera = msg.camera;
        if (msg.mic !== undefined) participant.mic = msg.mic;
        if (msg.speaking !== undefined) participant.speaking = msg.speaking;
        if (msg.sharing !== undefined) participant.sharing = msg.sharing;
        setMime(member, 'video', msg.video);
        setMime(member, 'audio', msg.audio);
        setMime(member, 'screen', msg.screen);
        setMime(member, 'screenAudio', msg.screenAudio);
        // Sharing stopped: its sound goes with it.
        if (!participant.sharing) delete participant.screenAudio;
        member.clearCaches();
        announce(member);
        return;
      }
      case 'keyframe-request': {
        const target = registry.get(msg.to);
        if (!target || target.room !== room || target === member) {
          return sendError(client, ErrorCode.unknownParticipant, `participant ${msg.to} is not in your room`);
        }
        requestKeyframe(target, participant.id, msg.track);
        return;
      }
      case 'subscribe': {
        const target = registry.get(msg.from);
        if (!target || target.room !== room || target === member) {
          return sendError(client, ErrorCode.unknownParticipant, `participant ${msg.from} is not in your room`);
        }
        const key = target.keys[msg.track];
        if (!msg.on) return void client.unwatched.add(key);
        if (!client.unwatched.delete(key)) return;
        // Watching again: the cached start of the stream now, live frames after it.
        const cache = target.caches[msg.track];
        const cached = cache.frames();
        for (const frame of cached) client.ws.send(frame, { binary: true });
        if (cached.length || !target.participant[DEVICE_OF[msg.track]]) return;
        // No keyframe cached yet: its init now, then live frames from the next keyframe.
        if (cache.initFrame) client.ws.send(cache.initFrame, { binary: true });
        client.resync.add(key);
        requestKeyframe(target, participant.id, msg.track);
        return;
      }
      case 'leave':
        client.member = undefined;
        remove(member);
        client.ws.close(CloseCode.left, 'left');
        return;
    }
  }

  function onLimited(client: Client, verdict: LimitVerdict, frame: Buffer | undefined): void {
    rateLimited += 1;
    // The frames after a dropped one cannot be decoded: skip that track to its next keyframe.
    const track = frame && frameTrack(frame);
    if (track !== undefined) client.gap |= 1 << track;
    if (verdict === 'close') client.ws.close(CloseCode.protocolViolation, 'over the rate limits for too long');
    else if (verdict === 'drop') {
      send(client, { type: 'error', code: ErrorCode.rateLimited, message: frame ? 'media over the rate limit: dropped' : 'too many messages: dropped' });
    }
  }

  function onFrame(client: Client, bytes: Buffer): void {
    const member = client.member;
    if (!member) return sendError(client, ErrorCode.notJoined, 'join a room before sending media');
    const frame = decodeFrame(bytes);
    if (typeof frame === 'string') return sendError(client, ErrorCode.badFrame, `invalid media frame (${frame})`);
    const { participant } = member;
    if (!participant[DEVICE_OF[frame.track]]) {
      return sendError(client, ErrorCode.badFrame, `media for a track that is off (${frame.track}): send state first`);
    }
    if (fanOut.forward(member, bytes, frame)) cluster?.frame(member.room, bytes);
  }

  /** Asks a publisher for a keyframe for `from`: on its connection, or through its node. */
  function requestKeyframe(target: Member, from: number, track: TrackKind): void {
    // A participant waiting for its resume republishes from a keyframe anyway.
    if (target.client) send(target.client, { type: 'keyframe-request', from, track });
    else if (target.node) cluster?.keyframe(target, from, track);
  }

  /** Tells the room (every node of it) what a participant of this relay is now. */
  function announce(member: Member): void {
    broadcast(member.room, member, stateOf(member.participant));
    cluster?.changed(member);
  }

  function onJoin(client: Client, msg: JoinMessage): void {
    if (client.member || client.joining) return sendError(client, ErrorCode.alreadyJoined, 'this connection already joined a room');
    if (!roomAllowed(client.auth, msg.room)) return sendError(client, ErrorCode.denied, `this connection may not join room "${msg.room}"`);
    if (cluster) {
      client.joining = true;
      clusterJoin(client, cluster, msg).then(
        () => (client.joining = false),
        () => {
          // Redis unreachable: the client retries (1012), perhaps on another node.
          client.joining = false;
          client.ws.close(CloseCode.serviceRestart, 'the relay cannot reach its cluster');
        },
      );
      return;
    }
    if (msg.resume !== undefined && resume(client, msg)) return;
    const room = roomFor(client, msg.room);
    if (!room) return;
    enter(client, registry.add(room, client.auth.name ?? msg.name, msg), false);
  }

  /** A participant new to the room (or restored after a restart) takes its place and is announced. */
  function enter(client: Client, member: Member, resumed: boolean): void {
    member.attach(client);
    welcome(client, member, resumed);
    broadcast(member.room, member, { type: 'joined', participant: member.participant });
    cluster?.joined(member);
    sendCaches(client, member);
  }

  /**
   * A join on a cluster node: this node subscribes to the room (if it is the first of its
   * members there) and learns who is in it on the other nodes; a resume token may take back
   * a participant from any node; a new participant gets an id unique across the cluster.
   */
  async function clusterJoin(client: Client, cluster: Cluster, msg: JoinMessage): Promise<void> {
    const gone = (): boolean => client.ws.readyState !== client.ws.OPEN;
    let room: Room | undefined;
    // The room may empty (and this node leave it) while a join waits: then enter it again.
    while (!room || registry.room(msg.room) !== room || !cluster.inside(room)) {
      room = roomFor(client, msg.room);
      if (!room) return;
      try {
        await cluster.enter(room);
      } finally {
        if (gone()) registry.dropIfEmpty(room);
      }
      if (gone()) return;
    }
    if (msg.resume !== undefined) {
      const claim = tokens.verify(msg.resume);
      const member = claim && claim.room === msg.room && authorised(client, claim.authenticated, claim.name) ? registry.get(claim.id) : undefined;
      // Its own participant too is claimed in Redis: a take-over racing on another node loses.
      if (member && member.room === room && !member.node && member.nonce === claim!.nonce && (await cluster.claim(member, claim!.nonce))) {
        if (gone()) return;
        resumeHere(client, member, undefined, msg);
        return;
      }
      if (member && member.room === room && member.node && (await cluster.takeOver(member, claim!.nonce))) {
        if (gone()) detachMember(member);
        else resumeHere(client, member, undefined, msg);
        return;
      }
    }
    const id = await cluster.newId(msg.room);
    if (gone() || registry.room(msg.room) !== room) {
      cluster.releaseId(id);
      return registry.dropIfEmpty(room);
    }
    enter(client, registry.add(room, client.auth.name ?? msg.name, msg, id), false);
  }

  /**
   * Takes back the participant of a resume token; false when the token does not apply (the
   * join goes on as a new participant). True also when a resume was refused with an error.
   */
  function resume(client: Client, msg: JoinMessage): boolean {
    const claim = tokens.verify(msg.resume!);
    if (!claim || claim.room !== msg.room || !authorised(client, claim.authenticated, claim.name)) return false;
    const member = registry.get(claim.id);
    if (member) return resumeHere(client, member, claim.nonce, msg);
    // A participant of the relay this one replaced (same secret), within the grace of our start.
    if (claim.instance === tokens.instance || clock() - startedAt >= opts.resumeGrace) return false;
    const room = roomFor(client, msg.room);
    if (!room) return true;
    restoredAny = true;
    // The others may or may not know it from before the restart; a client that does sees no join.
    enter(client, registry.add(room, claim.name, msg, claim.id), true);
    return true;
  }

  /** Bound to who the hook said the participant was: nobody else's connection can take it. */
  function authorised(client: Client, authenticated: boolean, name: string): boolean {
    return authenticated ? name === client.auth.name : client.auth.name === undefined;
  }

  /**
   * Gives `member` (a participant of this relay) the resuming connection, if `nonce` is its
   * newest token's (undefined: already checked, by the cluster's take-over).
   */
  function resumeHere(client: Client, member: Member, nonce: string | undefined, msg: JoinMessage): boolean {
    if (nonce !== undefined && member.nonce !== nonce) return false; // spent: only the newest token counts
    const stale = member.client;
    if (stale) {
      // The old connection is half-open (the network changed under it): this one wins.
      stale.member = undefined;
      stale.ws.close(CloseCode.replaced, 'resumed on another connection');
    }
    clearTimeout(member.grace);
    member.grace = undefined;
    member.attach(client);
    const changed = member.rejoin(msg);
    welcome(client, member, true);
    if (changed || cluster) announce(member);
    sendCaches(client, member);
    return true;
  }

  /** A participant of this relay resumed on another node: its old connection goes, without a leave. */
  function movedAway(member: Member): void {
    clearTimeout(member.grace);
    member.grace = undefined;
    const stale = member.client;
    member.client = undefined;
    if (stale) {
      stale.member = undefined;
      stale.ws.close(CloseCode.replaced, 'resumed on another relay node');
    }
  }

  /** A take-over won for a connection that closed meanwhile: the participant waits for its resume here. */
  function detachMember(member: Member): void {
    member.participant.reconnecting = true;
    member.grace = setTimeout(() => remove(member), opts.resumeGrace);
    member.grace.unref();
    announce(member);
  }

  /** The room to join; undefined (and an error sent) when there is no space. */
  function roomFor(client: Client, name: string): Room | undefined {
    const room = registry.roomFor(name);
    if ('members' in room) return room;
    sendError(client, room.code, room.message);
    return undefined;
  }

  function welcome(client: Client, member: Member, resumed: boolean): void {
    const { participant, room } = member;
    const { token, nonce } = tokens.issue(participant.id, room.name, participant.name, client.auth.name !== undefined);
    member.nonce = nonce;
    cluster?.issued(member);
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

  /** A connection closed: its participant waits `resumeGrace` for a resume, then leaves. */
  function detach(client: Client): void {
    const member = client.member;
    client.member = undefined;
    if (!member || member.client !== client) return;
    member.client = undefined;
    // Its media stopped mid-stream; a resume republishes from a new init frame.
    member.clearCaches(true);
    // A cluster node going away leaves its participants to the other nodes: they resume there.
    if (closing && cluster) return;
    if (closing || opts.resumeGrace <= 0) return remove(member);
    member.grace = setTimeout(() => remove(member), opts.resumeGrace);
    member.grace.unref();
    // The room shows it as reconnecting, not as a frozen picture passed off as live.
    member.participant.reconnecting = true;
    announce(member);
  }

  function remove(member: Member): void {
    const { room } = member;
    if (!registry.remove(member)) return;
    broadcast(room, member, { type: 'left', id: member.participant.id });
    if (!cluster) return;
    cluster.left(member);
    if (![...room.members].some((m) => !m.node)) cluster.exit(room);
  }

  async function shutdown(): Promise<void> {
    clearInterval(heartbeat);
    server.off('upgrade', onUpgrade);
    if (!cluster) for (const member of [...registry.all()]) if (!member.client) remove(member);
    for (const ws of wss.clients) ws.close(CloseCode.serviceRestart, 'relay closing');
    const deadline = setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), CLOSE_DEADLINE);
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    clearTimeout(deadline);
    await cluster?.close();
    if (!opts.server) {
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
      let remoteParticipants = 0;
      for (const m of registry.all()) {
        cachedBytes += m.cachedBytes;
        if (m.node) remoteParticipants += 1;
        else if (!m.client) resuming += 1;
      }
      let bufferedBytes = 0;
      for (const c of clients) bufferedBytes += c.ws.bufferedAmount;
      return {
        rooms: registry.roomCount,
        connections: clients.size,
        participants: registry.memberCount - remoteParticipants,
        remoteParticipants,
        resuming,
        cachedBytes,
        bufferedBytes,
        rateLimited,
        ...fanOut.counters,
        ...(cluster?.counters ?? { busIn: 0, busOut: 0, busErrors: 0 }),
      };
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}

/** A state message's mime for a track: a string sets it, `null` clears it, unset keeps it. */
function setMime(member: Member, track: TrackKind, value: string | null | undefined): void {
  const p = member.participant;
  if (value === null) delete p[track];
  else if (value !== undefined) p[track] = value;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
