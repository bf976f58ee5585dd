import type { RoomApi } from '../context/room-context.js';
import type { ConnectionState } from '../core/signaling.js';
import { MeetCameraChangeEvent } from '../events/camera-change.js';
import { MeetConnectionChangeEvent } from '../events/connection-change.js';
import { MeetJoinedEvent } from '../events/joined.js';
import { MeetLeftEvent } from '../events/left.js';
import { MeetMicChangeEvent } from '../events/mic-change.js';
import { MeetParticipantJoinEvent } from '../events/participant-join.js';
import { MeetParticipantLeaveEvent } from '../events/participant-leave.js';
import { MeetScreenChangeEvent } from '../events/screen-change.js';
import { MeetSpeakingChangeEvent } from '../events/speaking-change.js';
import type { Participant } from '../protocol/index.js';

/** How a room looked at one moment: what its `meet-*` events are worked out from. */
export interface RoomSnapshot {
  readonly joined: boolean;
  readonly connection: ConnectionState;
  readonly self: Participant | undefined;
  readonly people: ReadonlyMap<number, Participant>;
}

/** The room as it is now. */
export function snapshotRoom(room: RoomApi): RoomSnapshot {
  return { joined: room.joined, connection: room.connection, self: room.self, people: new Map(room.participants.map((p) => [p.id, p])) };
}

/**
 * The `meet-*` events from one snapshot of a room to the next, in this order: connection,
 * joined, who left, then each person in the room's order (who came, or camera / mic /
 * speaking / screen), left. Nothing about people
 * is news before the room is joined. The local participant is compared with the last local
 * state even when a reconnect that was not resumed gave it a new id, and its old id does not
 * "leave".
 */
export function roomEvents(before: RoomSnapshot, now: RoomSnapshot): Event[] {
  const events: Event[] = [];
  if (now.connection !== before.connection) events.push(new MeetConnectionChangeEvent(now.connection));
  if (now.joined && !before.joined && now.self) events.push(new MeetJoinedEvent(now.self, [...now.people.values()]));
  if (now.joined && before.joined) {
    const selfId = now.self?.id;
    const wasSelf = (id: number) => id === selfId || id === before.self?.id;
    for (const [id, p] of before.people) if (!now.people.has(id) && !wasSelf(id)) events.push(new MeetParticipantLeaveEvent(p));
    for (const [id, p] of now.people) {
      const local = id === selfId;
      const was = before.people.get(id) ?? (local ? before.self : undefined);
      if (!was) {
        if (!local) events.push(new MeetParticipantJoinEvent(p));
        continue;
      }
      if (was.camera !== p.camera) events.push(new MeetCameraChangeEvent(p, p.camera, local));
      if (was.mic !== p.mic) events.push(new MeetMicChangeEvent(p, p.mic, local));
      if (was.speaking !== p.speaking) events.push(new MeetSpeakingChangeEvent(p, p.speaking, local));
      if (!!was.sharing !== !!p.sharing) events.push(new MeetScreenChangeEvent(p, !!p.sharing, local));
    }
  }
  if (before.joined && !now.joined) events.push(new MeetLeftEvent());
  return events;
}

/**
 * Follows one room (a relay room or any other {@link RoomApi}) and, on each of its changes,
 * calls `onChange` with the `meet-*` events that change means (often none).
 */
export class RoomWatcher {
  private room: RoomApi | undefined;
  private seen: RoomSnapshot | undefined;

  constructor(private readonly onChange: (events: Event[]) => void) {}

  /** Follows `room` from how it looks now (nothing is fired for it); `undefined` stops. */
  watch(room: RoomApi | undefined): void {
    if (room === this.room) return;
    this.room?.changes.removeEventListener('change', this.changed);
    room?.changes.addEventListener('change', this.changed);
    this.room = room;
    this.seen = room && snapshotRoom(room);
  }

  private readonly changed = () => {
    const before = this.seen!;
    this.seen = snapshotRoom(this.room!);
    this.onChange(roomEvents(before, this.seen));
  };
}
