import { randomInt } from 'node:crypto';
import type { WebSocket } from 'ws';
import { ErrorCode, type ErrorCodeValue, type JoinMessage, type Participant, type TrackKind } from '../protocol/index.js';
import type { AuthResult } from './options.js';
import type { ConnectionLimits } from './rate-limit.js';
import { TrackCache } from './track-cache.js';

/** One WebSocket connection, joined to a room or not. */
export interface Client {
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
  /** Publishers' tracks (by {@link Member.keys}) this receiver does not watch (`subscribe` off): not sent. */
  unwatched: Set<string>;
  /** A cluster node is still working on this connection's `join`. */
  joining?: boolean;
}

/** A room: its name and who is in it, including those inside their resume grace. */
export interface Room {
  name: string;
  members: Set<Member>;
}

/** A participant in a room. It outlives its connection for the resume grace. */
export class Member {
  /** Undefined while dropped and waiting for a resume. */
  client: Client | undefined;
  /** Nonce of the newest resume token issued: only that one is honoured. */
  nonce = '';
  grace: ReturnType<typeof setTimeout> | undefined;
  /** What a late joiner gets of each track (see {@link TrackCache}). */
  readonly caches: Record<TrackKind, TrackCache>;
  /** Resync keys, made once so the per-frame path allocates nothing. */
  readonly keys: Record<TrackKind, string>;
  /** The cluster node that holds this participant's connection; undefined: this relay. */
  node: string | undefined;
  /**
   * Another node's participant: the tracks whose frames this node takes, and from where it
   * synced them (an init frame live, or its node's replay of the late-joiner cache).
   */
  synced: Partial<Record<TrackKind, 'live' | 'replay'>> = {};

  constructor(
    readonly participant: Participant,
    readonly room: Room,
    cacheBytes: number,
    screenCacheBytes: number,
  ) {
    const { id } = participant;
    this.caches = { video: new TrackCache(cacheBytes), audio: new TrackCache(cacheBytes), screen: new TrackCache(screenCacheBytes), screenAudio: new TrackCache(screenCacheBytes) };
    this.keys = { video: `${id}:video`, audio: `${id}:audio`, screen: `${id}:screen`, screenAudio: `${id}:screenAudio` };
  }

  /** Takes a connection: its skipped-media marks start over. */
  attach(client: Client): void {
    client.member = this;
    client.resync.clear();
    this.client = client;
  }

  /** Forgets the cached media of the tracks that are off (all of them with `all`). */
  clearCaches(all = false): void {
    if (all || !this.participant.camera) this.caches.video.clear();
    if (all || !this.participant.mic) this.caches.audio.clear();
    if (all || !this.participant.sharing) this.caches.screen.clear();
    if (all || !this.participant.sharing || !this.participant.screenAudio) this.caches.screenAudio.clear();
  }

  /**
   * Takes the camera and mic a resuming client reports (what it will republish; it is not
   * speaking yet, and shares no screen until it says so again); true if that changed the
   * participant.
   */
  rejoin(join: JoinMessage): boolean {
    const p = this.participant;
    const camera = join.camera ?? false;
    const mic = join.mic ?? false;
    const changed = p.camera !== camera || p.mic !== mic || p.speaking || !!p.sharing || !!p.reconnecting;
    p.camera = camera;
    p.mic = mic;
    p.speaking = false;
    delete p.reconnecting;
    delete p.sharing;
    delete p.screen;
    delete p.screenAudio;
    return changed;
  }

  /** Bytes held in this member's caches. */
  get cachedBytes(): number {
    return this.caches.video.bytes + this.caches.audio.bytes + this.caches.screen.bytes;
  }
}

/** Limits of a {@link Registry}. */
export interface RegistryLimits {
  maxRooms: number;
  maxParticipantsPerRoom: number;
  cacheBytes: number;
  screenCacheBytes: number;
}

/** Why a room could not take one more participant. */
export interface NoSpace {
  code: ErrorCodeValue;
  message: string;
}

/**
 * Rooms and the participants in them, by name and by id: the relay's one record of who is
 * where. It never sends anything; the relay tells the room about what changed.
 */
export class Registry {
  private readonly rooms = new Map<string, Room>();
  private readonly members = new Map<number, Member>();

  constructor(private readonly limits: RegistryLimits) {}

  /** Number of rooms. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** Number of participants, including those inside their resume grace. */
  get memberCount(): number {
    return this.members.size;
  }

  /** Every participant. */
  all(): IterableIterator<Member> {
    return this.members.values();
  }

  /** The participant with this id, in any room. */
  get(id: number): Member | undefined {
    return this.members.get(id);
  }

  /** The room of this name, if it has anyone (or is being joined). */
  room(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /** Forgets a room nobody ended up joining (a join that failed after `roomFor`). */
  dropIfEmpty(room: Room): void {
    if (room.members.size === 0 && this.rooms.get(room.name) === room) this.rooms.delete(room.name);
  }

  /** The room to join (created if need be), or why there is no space for one more. */
  roomFor(name: string): Room | NoSpace {
    const room = this.rooms.get(name);
    if (room) {
      if (room.members.size < this.limits.maxParticipantsPerRoom) return room;
      return { code: ErrorCode.roomFull, message: `room "${name}" is full (${this.limits.maxParticipantsPerRoom})` };
    }
    if (this.rooms.size >= this.limits.maxRooms) {
      return { code: ErrorCode.tooManyRooms, message: 'the relay has no room for more rooms' };
    }
    const created: Room = { name, members: new Set() };
    this.rooms.set(name, created);
    return created;
  }

  /**
   * Adds a participant to a room. `id` is a resumed one, or unset for a new random id: ids
   * never repeat across restarts. What the join says is taken as the participant's state.
   */
  add(room: Room, name: string, join: JoinMessage, id = this.newId()): Member {
    const participant: Participant = {
      id,
      name,
      ...(join.avatar !== undefined && { avatar: join.avatar }),
      camera: join.camera ?? false,
      mic: join.mic ?? false,
      speaking: false,
    };
    const member = new Member(participant, room, this.limits.cacheBytes, this.limits.screenCacheBytes);
    this.members.set(id, member);
    room.members.add(member);
    return member;
  }

  /** Removes a participant (a room left empty goes too); false if it was not here. */
  remove(member: Member): boolean {
    const { room, participant } = member;
    if (this.members.get(participant.id) !== member) return false;
    clearTimeout(member.grace);
    this.members.delete(participant.id);
    room.members.delete(member);
    member.clearCaches(true);
    for (const other of room.members) {
      for (const key of Object.values(member.keys)) {
        other.client?.resync.delete(key);
        other.client?.unwatched.delete(key);
      }
    }
    if (room.members.size === 0) this.rooms.delete(room.name);
    return true;
  }

  private newId(): number {
    for (;;) {
      const id = randomInt(1, 0xffffffff);
      if (!this.members.has(id)) return id;
    }
  }
}
