import { randomBytes, randomInt } from 'node:crypto';
import { DEVICE_OF, decodeFrame, type MediaFrameMessage, type Participant, type ServerMessage, type TrackKind } from '../protocol/index.js';
import { withDefaults } from '../util/with-defaults.js';
import { CLUSTER_DEFAULTS, type ClusterOptions } from './options.js';
import { stateOf } from './fan-out.js';
import type { Member, Registry, Room } from './registry.js';

/** What the relay lets the cluster do to its rooms and connections. */
export interface ClusterHost {
  readonly registry: Registry;
  /** ms a participant whose node died is held for a resume on another node. */
  readonly resumeGrace: number;
  /** Sends to this node's connections in `room` (but `except`'s). */
  broadcast(room: Room, except: Member | undefined, msg: ServerMessage): void;
  /** A media frame from another node, for this node's receivers (it is in `member`'s cache already). */
  deliver(member: Member, bytes: Uint8Array, frame: MediaFrameMessage): void;
  /** Another node asks `target` (a participant of this node) for a keyframe. */
  keyframeRequest(target: Member, from: number, track: TrackKind): void;
  /** A participant of this node resumed on another node: close its old connection, if any. */
  movedAway(member: Member): void;
}

/** The smallest part of a node-redis client the cluster uses (two: commands, and subscriptions). */
interface RedisLike {
  connect(): Promise<unknown>;
  duplicate(options?: object): RedisLike;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy(): void;
  close?(): Promise<unknown>;
  isReady: boolean;
  sPublish(channel: string, message: Buffer): Promise<number>;
  sSubscribe(channel: string, listener: (message: Buffer) => void, bufferMode: true): Promise<void>;
  sUnsubscribe(channel: string): Promise<void>;
  hSet(key: string, field: string, value: string): Promise<number>;
  hSetNX(key: string, field: string, value: string): Promise<number>;
  hDel(key: string, field: string): Promise<number>;
  hGetAll(key: string): Promise<Record<string, string>>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  del(key: string): Promise<number>;
  exists(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Kinds of bus message: the first byte. Then the sending node's 8-byte tag. */
const enum Kind {
  control = 0,
  media = 1,
  /** A frame of a late-joiner cache, for one node only: its tag follows the sender's. */
  replay = 2,
}

/** Control messages between nodes (JSON after the kind and the tag). */
type Control =
  | { t: 'join'; p: Participant }
  | { t: 'state'; p: Participant }
  | { t: 'left'; id: number }
  | { t: 'kf'; to: number; from: number; track: TrackKind }
  | { t: 'hello' }
  | { t: 'bye' }
  | { t: 'moved'; id: number }
  | { t: 'sync'; people: Participant[]; reply?: boolean };

/** Takes a participant over from `${node} ${nonce}` if the nonce is the token's. */
const TAKE_OVER = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, -(#ARGV[2] + 1)) == ' ' .. ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end
return 0`;
/** Removes a participant still owned by the node that died (nobody took it over). */
const EXPIRE = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, 1, #ARGV[2] + 1) == ARGV[2] .. ' ' then
  redis.call('HDEL', KEYS[1], ARGV[1]) redis.call('HDEL', KEYS[2], ARGV[1]) redis.call('HDEL', KEYS[3], ARGV[1]) return 1
end
return 0`;

/** A room this node is subscribed to. */
interface Subscription {
  room: Room;
  ready: Promise<void>;
  /**
   * The other nodes in the room: any that said anything in it (a `hello` first of all, before
   * its joiner's `join`), until they say `bye`. Frames are published only while there are some.
   */
  nodes: Set<string>;
  /** Bus messages that arrived before the room's people were loaded, handled after. */
  held: Buffer[] | undefined;
}

/**
 * The relay's side of a cluster: rooms spread over several relay processes ("nodes") through
 * Redis. Each room is a sharded channel (`SSUBSCRIBE`/`SPUBLISH`) that only the nodes with
 * members in it subscribe to; a publisher's frames cross it once per node and each node writes
 * them to its own receivers. Who is in a room (and which node holds them, with their resume
 * nonce) is kept in Redis hashes; each node keeps a heartbeat key there. Participants of other
 * nodes are `Member`s with a `node` and no connection, so the relay's signaling, fan-out and
 * late-joiner caches treat them as they treat its own.
 */
export class Cluster {
  /** This node's id (16 hex digits). */
  readonly node = randomBytes(8).toString('hex');
  private readonly tag = Buffer.from(this.node, 'hex');
  private readonly opts: Required<ClusterOptions>;
  private pub!: RedisLike;
  private sub!: RedisLike;
  private readonly rooms = new Map<string, Subscription>();
  /** Other nodes seen gone, by id: how many heartbeats in a row their key was missing. */
  private readonly missing = new Map<string, number>();
  private beat: ReturnType<typeof setInterval> | undefined;
  private connectedOnce = false;
  private closed = false;
  /** Counts for `relay.stats()`. */
  readonly counters = { busIn: 0, busOut: 0, busErrors: 0 };

  constructor(
    options: ClusterOptions,
    private readonly host: ClusterHost,
  ) {
    this.opts = withDefaults(CLUSTER_DEFAULTS, options);
  }

  /** Connects both Redis clients and starts the heartbeat. */
  async start(): Promise<void> {
    // Fail fast while Redis is away (nothing queued to flood it on its return); retry every 100-500 ms.
    const options = { disableOfflineQueue: true, socket: { reconnectStrategy: (n: number) => Math.min(100 * (n + 1), 500) } };
    const given = this.opts.redis;
    if (typeof given === 'string') {
      let createClient: (options: object) => RedisLike;
      try {
        ({ createClient } = (await import('@redis/client')) as unknown as { createClient: typeof createClient });
      } catch {
        throw new Error('createRelay({ cluster }) needs the Redis client: npm install @redis/client');
      }
      this.pub = createClient({ ...options, url: given });
    } else {
      // A client of the app's (its URL, TLS, credentials): two connections of our own like it.
      this.pub = (given as unknown as RedisLike).duplicate(options);
    }
    this.sub = this.pub.duplicate();
    for (const client of [this.pub, this.sub]) client.on('error', () => (this.counters.busErrors += 1));
    for (const client of [this.pub, this.sub]) client.on('ready', () => void this.onReady());
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.connectedOnce = true;
    await this.pub.set(this.key('node', this.node), '1', { PX: this.opts.heartbeat * 3 });
    this.beat = setInterval(() => void this.heartbeat(), this.opts.heartbeat);
    this.beat.unref();
  }

  /** Stops: its participants are left to the other nodes (they resume there, or leave after the grace). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.beat);
    await this.pub.del(this.key('node', this.node)).catch(() => undefined);
    for (const client of [this.sub, this.pub]) {
      try {
        await (client.close ? client.close() : Promise.resolve(client.destroy()));
      } catch {
        client.destroy();
      }
    }
  }

  /**
   * Joins this node to `room` (the first of its members there): subscribes to it, then loads
   * who is in it on other nodes, then asks their nodes for the late-joiner caches.
   */
  enter(room: Room): Promise<void> {
    let sub = this.rooms.get(room.name);
    if (!sub) {
      const created: Subscription = { room, held: [], nodes: new Set(), ready: Promise.resolve() };
      created.ready = this.load(room, created);
      this.rooms.set(room.name, created);
      created.ready.catch(() => {
        if (this.rooms.get(room.name) === created) this.rooms.delete(room.name);
      });
      sub = created;
    }
    return sub.ready;
  }

  /** Whether this node is subscribed to `room` (that very room object) and has loaded it. */
  inside(room: Room): boolean {
    const sub = this.rooms.get(room.name);
    return sub?.room === room && !sub.held;
  }

  /** This node's last member left `room`: unsubscribe, forget the others there. */
  exit(room: Room): void {
    if (this.rooms.get(room.name)?.room !== room) return;
    this.control(room, { t: 'bye' });
    this.rooms.delete(room.name);
    void this.sub.sUnsubscribe(this.channel(room.name)).catch(() => undefined);
    for (const m of [...room.members]) if (m.node) this.host.registry.remove(m);
  }

  /** A new participant id, unique across the cluster (kept until it leaves for good). */
  async newId(room: string): Promise<number> {
    for (;;) {
      const id = randomInt(1, 0xffffffff);
      if ((await this.pub.hSetNX(this.key('ids'), String(id), room)) === 1) return id;
    }
  }

  /** An id from {@link newId} that was not used after all (its connection closed meanwhile). */
  releaseId(id: number): void {
    void this.pub.hDel(this.key('ids'), String(id)).catch(() => undefined);
  }

  /** A participant of this node is new in its room (or back after a restart): recorded and announced. */
  joined(member: Member): void {
    this.record(member);
    this.control(member.room, { t: 'join', p: member.participant });
  }

  /** A participant of this node changed (state, reconnecting): recorded and announced. */
  changed(member: Member): void {
    void this.pub.hSet(this.key('people', member.room.name), String(member.participant.id), JSON.stringify(member.participant)).catch(() => undefined);
    this.control(member.room, { t: 'state', p: member.participant });
  }

  /** This node issued `member` a new resume token: only its nonce takes it over elsewhere. */
  issued(member: Member): void {
    void this.pub.hSet(this.key('owner', member.room.name), String(member.participant.id), `${this.node} ${member.nonce}`).catch(() => undefined);
  }

  /** A participant of this node left for good. */
  left(member: Member): void {
    const { room, participant } = member;
    const id = String(participant.id);
    for (const key of [this.key('people', room.name), this.key('owner', room.name)]) void this.pub.hDel(key, id).catch(() => undefined);
    void this.pub.hDel(this.key('ids'), id).catch(() => undefined);
    this.control(room, { t: 'left', id: participant.id });
  }

  /** A frame a participant of this node published: once to every other node in the room. */
  frame(room: Room, bytes: Uint8Array): void {
    const sub = this.rooms.get(room.name);
    if (sub?.room === room && sub.nodes.size > 0) this.publish(room.name, Buffer.concat([Buffer.from([Kind.media]), this.tag, bytes]));
  }

  /** Asks another node's participant for a keyframe (for `from`, a participant of this node). */
  keyframe(target: Member, from: number, track: TrackKind): void {
    this.control(target.room, { t: 'kf', to: target.participant.id, from, track });
  }

  /**
   * Takes over another node's participant for a resume token with `nonce`: true if this node
   * now holds it (the other node is told, and lets its connection go without a leave).
   */
  async takeOver(member: Member, nonce: string): Promise<boolean> {
    if (!(await this.claim(member, nonce))) return false;
    member.node = undefined;
    this.control(member.room, { t: 'moved', id: member.participant.id });
    return true;
  }

  /**
   * Spends a resume token's `nonce` in Redis: true for the one node whose claim comes first
   * (its own participant's or another node's), false for any other with the same token.
   */
  async claim(member: Member, nonce: string): Promise<boolean> {
    const claimed = `${this.node} ~${randomBytes(9).toString('base64url')}`;
    return (await this.pub.eval(TAKE_OVER, { keys: [this.key('owner', member.room.name)], arguments: [String(member.participant.id), nonce, claimed] })) === 1;
  }

  /** Subscribes first (nothing said meanwhile is lost), then loads who is in the room, then replays what was held. */
  private load = async (room: Room, sub: Subscription): Promise<void> => {
    await this.sub.sSubscribe(this.channel(room.name), (message) => this.onMessage(room, sub, message), true);
    const [people, owners] = await Promise.all([this.pub.hGetAll(this.key('people', room.name)), this.pub.hGetAll(this.key('owner', room.name))]);
    if (this.rooms.get(room.name) !== sub) return;
    for (const [id, json] of Object.entries(people)) {
      const node = owners[id]?.split(' ')[0];
      const p = parse<Participant>(json);
      if (p && node && node !== this.node) {
        sub.nodes.add(node);
        this.upsert(room, p, node, false);
      }
    }
    const held = sub.held ?? [];
    sub.held = undefined;
    for (const message of held) this.onMessage(room, sub, message);
    this.control(room, { t: 'hello' });
  };

  private onMessage(room: Room, sub: Subscription, message: Buffer): void {
    if (sub.held) return void sub.held.push(message);
    if (this.rooms.get(room.name) !== sub || message.length < 9) return;
    const from = message.toString('hex', 1, 9);
    if (from === this.node) return;
    this.counters.busIn += 1;
    this.missing.delete(from);
    const kind = message[0];
    if (kind === Kind.control) {
      const control = parse<Control>(message.toString('utf8', 9));
      if (control?.t === 'bye') sub.nodes.delete(from);
      else sub.nodes.add(from);
      return this.onControl(room, from, control);
    }
    const replay = kind === Kind.replay;
    if (replay && message.toString('hex', 9, 17) !== this.node) return;
    const bytes = message.subarray(replay ? 17 : 9);
    const frame = decodeFrame(bytes);
    if (typeof frame === 'string') return;
    const member = this.host.registry.get(frame.sender);
    if (!member || member.room !== room || !member.node) return;
    // A node new in the room takes each track from an init frame: from the replay of the
    // publisher's cache, or live, whichever comes first; never both.
    const source = replay ? 'replay' : 'live';
    const synced = member.synced[frame.track];
    if (!synced) {
      if (!frame.init) return;
    } else if (replay && synced === 'live') return;
    member.synced[frame.track] = source;
    member.caches[frame.track].add(bytes, frame);
    this.host.deliver(member, bytes, frame);
  }

  private onControl(room: Room, from: string, msg: Control | undefined): void {
    if (!msg) return;
    const { registry } = this.host;
    switch (msg.t) {
      case 'join':
      case 'state':
        return void this.upsert(room, msg.p, from, true);
      case 'left': {
        const member = registry.get(msg.id);
        if (member?.room === room && member.node && registry.remove(member)) this.host.broadcast(room, undefined, { type: 'left', id: msg.id });
        return;
      }
      case 'kf': {
        const target = registry.get(msg.to);
        if (target?.room === room && !target.node && target.client) this.host.keyframeRequest(target, msg.from, msg.track);
        return;
      }
      case 'hello':
        // A node new in the room: the late-joiner caches of this node's publishers, for it only.
        for (const m of room.members) {
          if (m.node) continue;
          for (const cache of Object.values(m.caches)) {
            // An init with no keyframe yet goes too: the keyframes after it come live.
            const frames = cache.frames();
            if (frames.length === 0 && cache.initFrame) frames.push(cache.initFrame);
            for (const frame of frames) this.publish(room.name, Buffer.concat([Buffer.from([Kind.replay]), this.tag, Buffer.from(from, 'hex'), frame]));
          }
        }
        return;
      case 'bye':
        return;
      case 'moved': {
        const member = registry.get(msg.id);
        if (member?.room !== room) return;
        if (!member.node) this.host.movedAway(member);
        member.node = from;
        clearTimeout(member.grace);
        member.grace = undefined;
        member.synced = {};
        member.clearCaches(true);
        return;
      }
      case 'sync': {
        // Redis came back: `from` says whom it holds in the room now; the others of it are gone.
        const held = new Set(msg.people.map((p) => p.id));
        for (const p of msg.people) this.upsert(room, p, from, true);
        for (const m of [...room.members]) {
          if (m.node === from && !held.has(m.participant.id) && registry.remove(m)) this.host.broadcast(room, undefined, { type: 'left', id: m.participant.id });
        }
        // Its receivers lost frames: this node's publishers send keyframes; and it may not have
        // heard this node's own sync (sent before it could hear): it gets one now.
        this.keyframesFor(room, [...room.members].find((m) => m.node === from));
        if (msg.reply) this.control(room, { t: 'sync', people: [...room.members].filter((m) => !m.node).map((m) => m.participant) });
        return;
      }
    }
  }

  /** Adds or updates another node's participant, telling this node's connections. */
  private upsert(room: Room, p: Participant, node: string, announce: boolean): void {
    if (!isParticipant(p)) return;
    const { registry } = this.host;
    const member = registry.get(p.id);
    if (!member) {
      const added = registry.add(room, p.name, { type: 'join', room: room.name, name: p.name }, p.id);
      added.node = node;
      replace(added.participant, p);
      if (announce) this.host.broadcast(room, added, { type: 'joined', participant: added.participant });
      return;
    }
    if (member.room !== room || !member.node) return;
    member.node = node;
    clearTimeout(member.grace);
    member.grace = undefined;
    replace(member.participant, p);
    member.clearCaches();
    for (const track of Object.keys(member.synced) as TrackKind[]) if (!member.caches[track].initFrame) delete member.synced[track];
    if (announce) this.host.broadcast(room, member, stateOf(member.participant));
  }

  /** Every heartbeat: this node's key, and the other nodes of its rooms still alive. */
  private async heartbeat(): Promise<void> {
    if (this.closed || !this.pub.isReady) return;
    try {
      await this.pub.set(this.key('node', this.node), '1', { PX: this.opts.heartbeat * 3 });
      const nodes = new Set<string>();
      for (const name of this.rooms.keys()) {
        for (const m of this.roomMembers(name)) if (m.node) nodes.add(m.node);
      }
      for (const node of nodes) {
        const alive = (await this.pub.exists(this.key('node', node))) === 1;
        const misses = alive ? 0 : (this.missing.get(node) ?? 0) + 1;
        if (alive) this.missing.delete(node);
        else this.missing.set(node, misses);
        // Two misses in a row: not a heartbeat late by a moment, nor Redis just back.
        if (misses === 2) this.nodeDown(node);
        if (alive) this.nodeUp(node);
      }
    } catch {
      // Redis away: nothing can be told; the next heartbeat tries again.
    }
  }

  /** A node died: its participants show reconnecting, and leave after the grace unless they resume elsewhere. */
  private nodeDown(node: string): void {
    for (const name of this.rooms.keys()) {
      for (const m of this.roomMembers(name)) {
        if (m.node !== node || m.grace) continue;
        m.participant.reconnecting = true;
        m.synced = {};
        m.clearCaches(true);
        this.host.broadcast(m.room, m, stateOf(m.participant));
        m.grace = setTimeout(() => void this.expire(m, node), this.host.resumeGrace);
        m.grace.unref();
      }
    }
  }

  /** A node thought gone has a heartbeat again (a long pause): its participants are back. */
  private nodeUp(node: string): void {
    for (const name of this.rooms.keys()) {
      for (const m of this.roomMembers(name)) {
        if (m.node !== node || !m.grace) continue;
        clearTimeout(m.grace);
        m.grace = undefined;
        delete m.participant.reconnecting;
        this.host.broadcast(m.room, m, stateOf(m.participant));
      }
    }
  }

  /** The grace of a dead node's participant ran out: the one node that removes it tells the room, once. */
  private async expire(member: Member, node: string): Promise<void> {
    member.grace = undefined;
    const { room, participant } = member;
    if (member.node !== node || this.host.registry.get(participant.id) !== member) return;
    const id = String(participant.id);
    try {
      const removed = await this.pub.eval(EXPIRE, { keys: [this.key('owner', room.name), this.key('people', room.name), this.key('ids')], arguments: [id, node] });
      if (removed !== 1) return;
    } catch {
      return;
    }
    if (this.host.registry.remove(member)) this.host.broadcast(room, undefined, { type: 'left', id: participant.id });
    this.control(room, { t: 'left', id: participant.id });
  }

  /**
   * Both clients ready again after Redis was away (or restarted empty): this node writes back
   * its records and tells every room whom it holds, asking the others to answer in kind (a
   * `sync` with `reply`). Messages published while a node was still reconnecting are lost, so
   * every node does this when it is back, and answers the others': for any two nodes, the one
   * back last asks when the other can hear and answer. Frames were lost meanwhile too: each
   * node's receivers skip to the next keyframe of every stream from another node, and each
   * node asks its own publishers for one whenever another node is back.
   */
  private async onReady(): Promise<void> {
    if (!this.connectedOnce) {
      if (this.pub.isReady && this.sub.isReady) this.connectedOnce = true;
      return;
    }
    if (this.closed || !this.pub.isReady || !this.sub.isReady) return;
    this.missing.clear();
    await this.pub.set(this.key('node', this.node), '1', { PX: this.opts.heartbeat * 3 }).catch(() => undefined);
    for (const [name, { room }] of this.rooms) {
      const own = [...room.members].filter((m) => !m.node);
      for (const m of own) {
        this.record(m);
        void this.pub.hSetNX(this.key('ids'), String(m.participant.id), name).catch(() => undefined);
      }
      for (const m of room.members) {
        if (m.node) for (const receiver of own) for (const key of Object.values(m.keys)) receiver.client?.resync.add(key);
      }
      this.control(room, { t: 'sync', people: own.map((m) => m.participant), reply: true });
    }
  }

  /** Another node is back from a Redis outage: this node's publishers start again at a keyframe for it. */
  private keyframesFor(room: Room, asker: Member | undefined): void {
    const from = asker?.participant.id;
    if (from === undefined) return;
    for (const m of room.members) {
      if (m.node || !m.client) continue;
      for (const track of Object.keys(DEVICE_OF) as TrackKind[]) if (m.participant[DEVICE_OF[track]]) this.host.keyframeRequest(m, from, track);
    }
  }

  private record(member: Member): void {
    const { room, participant } = member;
    const id = String(participant.id);
    void this.pub.hSet(this.key('people', room.name), id, JSON.stringify(participant)).catch(() => undefined);
    void this.pub.hSet(this.key('owner', room.name), id, `${this.node} ${member.nonce}`).catch(() => undefined);
  }

  private roomMembers(name: string): Member[] {
    return [...(this.rooms.get(name)?.room.members ?? [])];
  }

  private control(room: Room, msg: Control): void {
    this.publish(room.name, Buffer.concat([Buffer.from([Kind.control]), this.tag, Buffer.from(JSON.stringify(msg))]));
  }

  private publish(room: string, message: Buffer): void {
    if (this.closed || !this.pub.isReady) return;
    this.counters.busOut += 1;
    this.pub.sPublish(this.channel(room), message).catch(() => (this.counters.busErrors += 1));
  }

  private channel(room: string): string {
    return `${this.opts.prefix}room:${room}`;
  }

  private key(kind: 'ids' | 'node' | 'people' | 'owner', name = ''): string {
    return kind === 'ids' ? `${this.opts.prefix}ids` : `${this.opts.prefix}${kind}:${name}`;
  }
}


function parse<T>(json: string): T | undefined {
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

function isParticipant(p: unknown): p is Participant {
  if (typeof p !== 'object' || p === null) return false;
  const { id, name } = p as Participant;
  return Number.isInteger(id) && id >= 1 && id <= 0xffffffff && typeof name === 'string';
}

/** Makes `target` say exactly what `source` says (fields it no longer has are removed). */
function replace(target: Participant, source: Participant): void {
  for (const key of Object.keys(target) as (keyof Participant)[]) if (!(key in source)) delete target[key];
  Object.assign(target, source);
}
