import { expect } from '@open-wc/testing';
import type { ConnectionState } from '../../src/core/signaling.js';
import { roomEvents, type RoomSnapshot } from '../../src/meet-room/room-events.js';
import type { Participant } from '../../src/protocol/index.js';

function person(id: number, name: string, state: Partial<Participant> = {}): Participant {
  return { id, name, camera: false, mic: false, speaking: false, ...state };
}

function room(joined: boolean, connection: ConnectionState, self: Participant | undefined, others: Participant[] = []): RoomSnapshot {
  const people = self ? [self, ...others] : others;
  return { joined, connection, self, people: new Map(people.map((p) => [p.id, p])) };
}

/** Each event as its type and, where it has them, the participant's name and the new value. */
function described(events: Event[]): string[] {
  return events.map((e) => {
    const fields = e as Event & Partial<{ participant: Participant; self: Participant; camera: boolean; mic: boolean; speaking: boolean; connection: string; local: boolean }>;
    const who = (fields.participant ?? fields.self)?.name;
    const value = fields.camera ?? fields.mic ?? fields.speaking ?? fields.connection;
    return [e.type, who, value === undefined ? undefined : String(value), fields.local ? '(local)' : undefined].filter((s) => s !== undefined).join(' ');
  });
}

const ada = person(1, 'Ada');
const bob = person(2, 'Bob');
const cy = person(3, 'Cy');

describe('room events: one diff of two snapshots', () => {
  it('connecting, then the welcome: the connection changes, then joined; the people already there are not news', () => {
    const closed = room(false, 'closed', undefined);
    const connecting = room(false, 'connecting', undefined);
    const welcomed = room(true, 'open', ada, [bob]);
    expect(described(roomEvents(closed, connecting))).to.deep.equal(['meet-connection-change connecting']);
    expect(described(roomEvents(connecting, welcomed))).to.deep.equal(['meet-connection-change open', 'meet-joined Ada']);
  });

  it('people leaving, then each person in the room order: coming or changing', () => {
    const before = room(true, 'open', ada, [bob]);
    const now = room(true, 'open', person(1, 'Ada', { speaking: true }), [cy]);
    expect(described(roomEvents(before, now))).to.deep.equal(['meet-participant-leave Bob', 'meet-speaking-change Ada true (local)', 'meet-participant-join Cy']);
    const changed = room(true, 'open', ada, [person(2, 'Bob', { camera: true, mic: true })]);
    expect(described(roomEvents(before, changed))).to.deep.equal(['meet-camera-change Bob true', 'meet-mic-change Bob true']);
  });

  it('nothing about people before the room is joined', () => {
    expect(roomEvents(room(false, 'open', undefined, [bob]), room(false, 'open', undefined, [cy]))).to.deep.equal([]);
  });

  it('a reconnect that was not resumed: a new id for everyone; the old self does not leave, the local state is compared across ids', () => {
    const before = room(true, 'reconnecting', person(1, 'Ada', { camera: true }), [bob]);
    const now = room(true, 'open', person(7, 'Ada', { camera: true, mic: true }), [person(8, 'Bob')]);
    expect(described(roomEvents(before, now))).to.deep.equal([
      'meet-connection-change open',
      'meet-participant-leave Bob',
      'meet-mic-change Ada true (local)',
      'meet-participant-join Bob',
    ]);
  });

  it('leaving: the connection closes and the room is left', () => {
    expect(described(roomEvents(room(true, 'open', ada, [bob]), room(false, 'closed', undefined)))).to.deep.equal(['meet-connection-change closed', 'meet-left']);
  });

  it('no change, no event', () => {
    const now = room(true, 'open', ada, [bob]);
    expect(roomEvents(now, room(true, 'open', { ...ada }, [{ ...bob }]))).to.deep.equal([]);
  });
});
