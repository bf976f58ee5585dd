import { useRef, useState } from 'react';
import type {
  MeetCameraChangeEvent,
  MeetJoinedEvent,
  MeetParticipantJoinEvent,
  MeetParticipantLeaveEvent,
  MeetRoom,
} from 'meet-elements';

// ?room=standup&name=Ada (and ?server=wss://… for a relay elsewhere).
const params = new URLSearchParams(location.search);
const server = params.get('server') ?? '/ws';
const roomName = params.get('room') ?? 'demo';
const name = params.get('name') ?? `Guest ${Math.floor(Math.random() * 1000)}`;

interface Person {
  name: string;
  camera: boolean;
}

export function App() {
  const room = useRef<MeetRoom>(null);
  const [myCamera, setMyCamera] = useState(false);
  /** Everyone else, by participant id: kept up to date from the room's events. */
  const [people, setPeople] = useState<ReadonlyMap<number, Person>>(new Map());
  const [log, setLog] = useState<readonly string[]>([]);
  const say = (line: string) => setLog((lines) => [...lines, line]);
  const updatePeople = (change: (next: Map<number, Person>) => void) =>
    setPeople((before) => {
      const next = new Map(before);
      change(next);
      return next;
    });

  const onJoined = (e: MeetJoinedEvent) => {
    // People already in the room come with the join, not as meet-participant-join events.
    const others = (e.target as MeetRoom).participants.filter((p) => p.id !== e.self.id);
    setPeople(new Map(others.map((p) => [p.id, { name: p.name, camera: p.camera }])));
    say(`You joined as ${e.self.name}`);
  };
  const onParticipantJoin = ({ participant: p }: MeetParticipantJoinEvent) => {
    updatePeople((next) => next.set(p.id, { name: p.name, camera: p.camera }));
    say(`${p.name} joined`);
  };
  const onParticipantLeave = ({ participant: p }: MeetParticipantLeaveEvent) => {
    updatePeople((next) => next.delete(p.id));
    say(`${p.name} left`);
  };
  const onCameraChange = (e: MeetCameraChangeEvent) => {
    const onOff = e.camera ? 'on' : 'off';
    if (e.local) {
      setMyCamera(e.camera);
      say(`Your camera is ${onOff}`);
    } else {
      const { id, name } = e.participant;
      updatePeople((next) => next.has(id) && next.set(id, { name, camera: e.camera }));
      say(`${name} turned their camera ${onOff}`);
    }
  };

  return (
    <main>
      {/* Attributes and properties alike are plain props; events are on<event-name>. */}
      <meet-room
        ref={room}
        server={server}
        room={roomName}
        name={name}
        camera
        latency={0.3}
        onmeet-joined={onJoined}
        onmeet-participant-join={onParticipantJoin}
        onmeet-participant-leave={onParticipantLeave}
        onmeet-camera-change={onCameraChange}
      />
      <aside>
        <p>
          Your camera: <b data-testid="my-camera">{myCamera ? 'on' : 'off'}</b>{' '}
          <button data-testid="toggle-camera" onClick={() => room.current?.toggleCamera()}>
            Toggle camera
          </button>
        </p>
        <h2>Others ({people.size})</h2>
        <ul data-testid="people">
          {[...people].map(([id, p]) => (
            <li key={id} data-camera={p.camera ? 'on' : 'off'}>
              {p.name}: camera {p.camera ? 'on' : 'off'}
            </li>
          ))}
        </ul>
        <h2>Events</h2>
        <ol data-testid="log">
          {log.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      </aside>
    </main>
  );
}
