import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalDevices } from '../context/room-context.js';
import type { SessionOptions } from '../core/session.js';
import { MeetErrorEvent } from '../events/error.js';
import { MeetLeftEvent } from '../events/left.js';
import type { HandedTracks, RoomModel } from './room-model.js';

type Host = ReactiveControllerHost & HTMLElement;

/** What the element asks to be joined to, read at every update. */
export interface JoinRequest {
  /** A room is shown instead (`source`): nothing is joined. */
  elsewhere: boolean;
  /** Identifies what is asked for: another key means another join. */
  key: string;
  /** The session to join, or undefined while server, room or name is missing. */
  options: SessionOptions | undefined;
  /** The camera and microphone to turn on once welcomed. */
  devices: LocalDevices<boolean>;
  /** A pre-join screen shows: join only on `join()`, never by itself. */
  hold: boolean;
}

/** The notice after leaving on purpose (shown in the room's language). */
export const LEFT_NOTICE = Symbol('left');

/**
 * The join lifecycle of `<meet-room>`: it reconciles what the element asks for (server,
 * room, name, avatar; being in the page) with what its relay room is joined to. It joins
 * once the element is in the page with everything set, joins anew when the request
 * changes, leaves when the element is removed (not when it only moves: the leave waits a
 * task), and does not join again by itself after the user left or a join failed, until
 * `join()` or a new insertion. `notice` is what the room says about that.
 */
export class JoinController implements ReactiveController {
  /** Why the room is not joined, when the user should hear it (join failed, connection lost), or {@link LEFT_NOTICE}. */
  notice: string | typeof LEFT_NOTICE = '';
  /** Whether the room should be joined whenever it can be. */
  private wanted = true;
  private joinedKey = '';
  private leaveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: Host,
    private readonly model: RoomModel,
    private readonly request: () => JoinRequest,
  ) {
    host.addController(this);
  }

  /**
   * Joins what the element asks for now; rejects when server, room or name is missing.
   * `tracks` (a pre-join preview's) are sent instead of opening the devices again.
   */
  async join(tracks?: HandedTracks): Promise<void> {
    const request = this.request();
    if (request.elsewhere) return;
    this.wanted = true;
    this.setNotice('');
    if (!request.options) throw new Error('<meet-room> needs server, room and name to join');
    this.joinedKey = request.key;
    await this.model.join(request.options, request.devices, tracks);
  }

  /** The user left (the element leaves the room it shows): stay out until asked again. */
  stay(): void {
    this.wanted = false;
  }

  /** Forgets the notice (another room is shown). */
  clearNotice(): void {
    this.setNotice('');
  }

  /** Learns from the room's own events: leaving, or failing before the welcome, stops auto-joining. */
  onRoomEvent(e: Event): void {
    if (e instanceof MeetLeftEvent) {
      this.wanted = false;
      if (!this.notice) this.setNotice(LEFT_NOTICE);
    } else if (e instanceof MeetErrorEvent && (e.code === 'connection-lost' || !this.model.joined)) {
      // Before the welcome, any error means the join failed: do not retry it on every render.
      this.wanted = false;
      this.setNotice(e.message);
    }
  }

  hostConnected(): void {
    // Moved within the page: the meeting goes on. Inserted anew: join again.
    if (this.leaveTimer !== undefined) clearTimeout(this.leaveTimer);
    else this.wanted = true;
    this.leaveTimer = undefined;
  }

  hostDisconnected(): void {
    this.leaveTimer = setTimeout(() => {
      this.leaveTimer = undefined;
      if (this.host.isConnected) return;
      this.wanted = false;
      this.model.leave();
    });
  }

  hostUpdated(): void {
    const request = this.request();
    // A shown source replaces the relay room; a new server, room, name or avatar means another join.
    if (this.model.active && (request.elsewhere || this.joinedKey !== request.key)) {
      this.model.leave();
      this.wanted = true;
    }
    // After this update, not during it: joining changes what the room renders.
    if (this.wanted && !this.model.active && !request.elsewhere && !request.hold) void this.host.updateComplete.then(() => this.joinNow());
  }

  private joinNow(): void {
    const request = this.request();
    if (this.wanted && this.host.isConnected && !this.model.active && !request.elsewhere && !request.hold && request.options) {
      this.join().catch(() => undefined);
    }
  }

  private setNotice(notice: string | typeof LEFT_NOTICE): void {
    if (notice === this.notice) return;
    this.notice = notice;
    this.host.requestUpdate();
  }
}
