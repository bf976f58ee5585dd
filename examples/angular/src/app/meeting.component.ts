import { Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, signal, viewChild } from '@angular/core';
// Registers <meet-room>, <meet-tile> and <meet-controls>; the main entry's types declare them
// in HTMLElementTagNameMap, which is how strict templates type `$event` below.
import 'meet-elements/all.js';
import type {
  MeetCameraChangeEvent,
  MeetJoinedEvent,
  MeetParticipantJoinEvent,
  MeetParticipantLeaveEvent,
  MeetRoom,
} from 'meet-elements';

// ?room=standup&name=Ada (and ?server=wss://… for a relay elsewhere).
const params = new URLSearchParams(location.search);

interface Person {
  name: string;
  camera: boolean;
}

@Component({
  selector: 'app-meeting',
  // Lets the template use elements Angular does not know (any tag with a dash).
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <!-- Attributes (server, camera), property bindings ([room], [name], [latency]), and events. -->
      <meet-room
        #roomElement
        [attr.server]="server"
        [room]="roomName"
        [name]="name"
        camera
        [latency]="0.3"
        (meet-joined)="onJoined($event)"
        (meet-participant-join)="onParticipantJoin($event)"
        (meet-participant-leave)="onParticipantLeave($event)"
        (meet-camera-change)="onCameraChange($event)"
      ></meet-room>
      <aside>
        <p>
          Your camera: <b data-testid="my-camera">{{ myCamera() ? 'on' : 'off' }}</b>
          <button data-testid="toggle-camera" (click)="roomElement.toggleCamera()">Toggle camera</button>
        </p>
        <h2>Others ({{ people().size }})</h2>
        <ul data-testid="people">
          @for (entry of people(); track entry[0]) {
            <li [attr.data-camera]="entry[1].camera ? 'on' : 'off'">{{ entry[1].name }}: camera {{ entry[1].camera ? 'on' : 'off' }}</li>
          }
        </ul>
        <h2>Events</h2>
        <ol data-testid="log">
          @for (line of log(); track $index) {
            <li>{{ line }}</li>
          }
        </ol>
      </aside>
    </main>
  `,
  styles: `
    main { display: grid; grid-template-columns: 1fr 260px; height: 100vh; }
    meet-room { min-height: 0; }
    aside { padding: 0 16px; overflow: auto; }
  `,
})
export class MeetingComponent {
  /**
   * The <meet-room>. In the template, `roomElement` is the element itself (typed MeetRoom);
   * a property of the same name would be hidden by it there.
   */
  readonly room = viewChild.required<ElementRef<MeetRoom>>('roomElement');
  readonly server = params.get('server') ?? '/ws';
  readonly roomName = params.get('room') ?? 'demo';
  readonly name = params.get('name') ?? `Guest ${Math.floor(Math.random() * 1000)}`;
  readonly myCamera = signal(false);
  /** Everyone else, by participant id: kept up to date from the room's events. */
  readonly people = signal<ReadonlyMap<number, Person>>(new Map());
  readonly log = signal<readonly string[]>([]);

  onJoined(e: MeetJoinedEvent) {
    // People already in the room come with the join, not as meet-participant-join events.
    const others = this.room().nativeElement.participants.filter((p) => p.id !== e.self.id);
    this.people.set(new Map(others.map((p) => [p.id, { name: p.name, camera: p.camera }])));
    this.say(`You joined as ${e.self.name}`);
  }

  onParticipantJoin({ participant: p }: MeetParticipantJoinEvent) {
    this.updatePeople((next) => next.set(p.id, { name: p.name, camera: p.camera }));
    this.say(`${p.name} joined`);
  }

  onParticipantLeave({ participant: p }: MeetParticipantLeaveEvent) {
    this.updatePeople((next) => next.delete(p.id));
    this.say(`${p.name} left`);
  }

  onCameraChange(e: MeetCameraChangeEvent) {
    const onOff = e.camera ? 'on' : 'off';
    if (e.local) {
      this.myCamera.set(e.camera);
      this.say(`Your camera is ${onOff}`);
    } else {
      const { id, name } = e.participant;
      this.updatePeople((next) => next.has(id) && next.set(id, { name, camera: e.camera }));
      this.say(`${name} turned their camera ${onOff}`);
    }
  }

  private say(line: string) {
    this.log.update((lines) => [...lines, line]);
  }

  private updatePeople(change: (next: Map<number, Person>) => void) {
    this.people.update((before) => {
      const next = new Map(before);
      change(next);
      return next;
    });
  }
}
