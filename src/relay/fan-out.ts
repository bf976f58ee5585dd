import { Track, stampSender, type MediaFrameMessage, type Participant, type ServerMessage } from '../protocol/index.js';
import type { Client, Member, Room } from './registry.js';

/** Counters of the media path, shown in `RelayStats`. */
export interface FanOutCounters {
  framesIn: number;
  framesOut: number;
  framesSkipped: number;
}

/** Sends a message to one connection if it is open. */
export function send(client: Client, msg: ServerMessage): void {
  if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(msg));
}

/** Sends a message to everyone in a room but one, serialised once. */
export function broadcast(room: Room, except: Member | undefined, msg: ServerMessage): void {
  const text = JSON.stringify(msg);
  for (const other of room.members) {
    const ws = other.client?.ws;
    if (other !== except && ws && ws.readyState === ws.OPEN) ws.send(text);
  }
}

/** The `state` message that tells a room everything about one participant. */
export function stateOf(p: Participant): ServerMessage {
  const { id, camera, mic, speaking, video, audio, sharing, screen, screenAudio, reconnecting } = p;
  return {
    type: 'state',
    id,
    camera,
    mic,
    speaking,
    ...(video && { video }),
    ...(audio && { audio }),
    ...(sharing && { sharing }),
    ...(screen && { screen }),
    ...(screenAudio && { screenAudio }),
    ...(reconnecting && { reconnecting }),
  };
}

/** Late joiner (or resumer): each active publisher's init frame and frames since its last keyframe, in order. */
export function sendCaches(client: Client, member: Member): void {
  for (const other of member.room.members) {
    if (other === member) continue;
    for (const cache of Object.values(other.caches)) {
      for (const frame of cache.frames()) client.ws.send(frame, { binary: true });
    }
  }
}

/**
 * Media fan-out: stamps a publisher's frame with its id, keeps it for late joiners and writes
 * the same bytes to everyone else in the room who watches that track (see `subscribe`). A
 * receiver whose socket holds more than `sendBufferCap` bytes skips that publisher's track
 * until its next keyframe, and the publisher is asked for one (once per skip), through
 * `requestKeyframe` (its connection, or its cluster node).
 */
export class FanOut {
  /** Counts since the relay started. */
  readonly counters: FanOutCounters = { framesIn: 0, framesOut: 0, framesSkipped: 0 };

  constructor(
    private readonly sendBufferCap: number,
    private readonly requestKeyframe: (publisher: Member, from: number, track: MediaFrameMessage['track']) => void,
  ) {}

  /** Forwards a valid frame of `member`'s, a participant of this relay (its track is on, the header is decoded). */
  forward(member: Member, bytes: Uint8Array, frame: MediaFrameMessage): boolean {
    const client = member.client!;
    const bit = 1 << Track[frame.track];
    if (client.gap & bit) {
      if (!frame.keyframe && !frame.init) return false;
      client.gap &= ~bit;
    }
    this.counters.framesIn += 1;
    stampSender(bytes, member.participant.id);
    member.caches[frame.track].add(bytes, frame);
    this.deliver(member, bytes, frame);
    return true;
  }

  /** Writes a stamped frame of `member`'s (here or on another node) to this relay's receivers in its room. */
  deliver(member: Member, bytes: Uint8Array, frame: MediaFrameMessage): void {
    const counters = this.counters;
    const key = member.keys[frame.track];
    for (const other of member.room.members) {
      const receiver = other.client;
      if (!receiver || other === member || receiver.ws.readyState !== receiver.ws.OPEN || receiver.unwatched.has(key)) continue;
      if (receiver.resync.has(key)) {
        if (!frame.keyframe && !frame.init) {
          counters.framesSkipped += 1;
          continue;
        }
        receiver.resync.delete(key);
      }
      if (receiver.ws.bufferedAmount > this.sendBufferCap) {
        counters.framesSkipped += 1;
        receiver.resync.add(key);
        this.requestKeyframe(member, other.participant.id, frame.track);
        continue;
      }
      counters.framesOut += 1;
      receiver.ws.send(bytes, { binary: true });
    }
  }
}
