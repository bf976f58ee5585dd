import type { LocalDevices, RoomApi } from '../context/room-context.js';
import type { RemoteMedia } from '../core/remote-media.js';
import type { ConnectionState } from '../core/signaling.js';
import type { DeviceChoice, MeetDevices } from '../devices/device-list.js';
import type { DeviceChoices } from '../devices/preferences.js';
import type { MeetStrings } from '../i18n/strings.js';
import type { Participant } from '../protocol/index.js';

/**
 * The room a `<meet-room>` shows, as one object for the element's whole life: its relay
 * room, or `source` while one is set. Tiles, controls and `for=` hold this object, so
 * setting or clearing `source` reaches them as a `change` like any other; nobody has to
 * look the room up again.
 */
export class RoomSwitch implements RoomApi {
  readonly changes = new EventTarget();
  private followed: RoomApi | undefined;
  private following = false;
  private last: RoomApi | undefined;

  /**
   * @param shown the room to show now: read on every access, so it is never stale
   * @param words the words its elements show (the element's language)
   */
  constructor(
    private readonly shown: () => RoomApi,
    private readonly words: () => MeetStrings,
  ) {
    this.last = shown();
  }

  get strings(): MeetStrings {
    return this.words();
  }

  /** The words changed (a new language): tell listeners. */
  relabel(): void {
    this.changed();
  }

  /** The room shown now. */
  get room(): RoomApi {
    return this.shown();
  }

  /**
   * Listens to the room shown while `on` (the element is in the page), so that a room it
   * no longer shows, or an element removed from the page, can be collected. Call it again
   * when the room shown may have changed: if it did, listeners hear `change`.
   */
  follow(on: boolean): void {
    this.following = on;
    const room = this.room;
    const listened = on ? room : undefined;
    if (listened !== this.followed) {
      this.followed?.changes.removeEventListener('change', this.changed);
      listened?.changes.addEventListener('change', this.changed);
      this.followed = listened;
    }
    if (room === this.last) return;
    this.last = room;
    this.changed();
  }

  /** The room shown may have changed (`source` was set): follow it, and tell listeners. */
  refresh(): void {
    this.follow(this.following);
  }

  get joined(): boolean {
    return this.room.joined;
  }
  get connection(): ConnectionState {
    return this.room.connection;
  }
  get participants(): readonly Participant[] {
    return this.room.participants;
  }
  get self(): Participant | undefined {
    return this.room.self;
  }
  get localVideoTrack(): MediaStreamTrack | undefined {
    return this.room.localVideoTrack;
  }
  get localScreenTrack(): MediaStreamTrack | undefined {
    return this.room.localScreenTrack;
  }
  /** The room's `setScreen`, where it has one. */
  get setScreen(): ((on: boolean) => Promise<void>) | undefined {
    const room = this.room;
    return room.setScreen && ((on: boolean) => room.setScreen!(on));
  }
  get devices(): MeetDevices | undefined {
    return this.room.devices;
  }
  get activeDevices(): Readonly<DeviceChoices> | undefined {
    return this.room.activeDevices;
  }
  /** The room's `useDevice`, where it has one. */
  get useDevice(): ((kind: DeviceChoice, deviceId: string) => Promise<void>) | undefined {
    const room = this.room;
    return room.useDevice && ((kind: DeviceChoice, deviceId: string) => room.useDevice!(kind, deviceId));
  }
  /** The room's `refreshDevices`, where it has one. */
  get refreshDevices(): (() => Promise<unknown>) | undefined {
    const room = this.room;
    return room.refreshDevices && (() => room.refreshDevices!());
  }
  /** The room's `watch`, where it has one. */
  get watch(): ((id: number, track: 'video' | 'screen', on: boolean) => void) | undefined {
    const room = this.room;
    return room.watch && ((id: number, track: 'video' | 'screen', on: boolean) => room.watch!(id, track, on));
  }
  get pending(): Readonly<LocalDevices<boolean>> {
    return this.room.pending;
  }
  get localError(): Readonly<LocalDevices<string | undefined>> {
    return this.room.localError;
  }
  media(id: number): RemoteMedia | undefined {
    return this.room.media(id);
  }
  setCamera(on: boolean): Promise<void> {
    return this.room.setCamera(on);
  }
  setMic(on: boolean): Promise<void> {
    return this.room.setMic(on);
  }
  toggleCamera(): Promise<void> {
    return this.room.toggleCamera();
  }
  toggleMic(): Promise<void> {
    return this.room.toggleMic();
  }
  leave(): void {
    this.room.leave();
  }

  private readonly changed = (): void => {
    this.changes.dispatchEvent(new Event('change'));
  };
}
