import { createContext } from '@lit/context';
import type { RemoteMedia } from '../core/remote-media.js';
import type { DeviceChoice, MeetDevices } from '../devices/device-list.js';
import type { DeviceChoices } from '../devices/preferences.js';
import type { MeetStrings } from '../i18n/strings.js';
import type { ConnectionState } from '../core/signaling.js';
import type { Participant } from '../protocol/index.js';

/** Per-device flags of the local participant. */
export interface LocalDevices<T> {
  camera: T;
  mic: T;
}

/**
 * What `<meet-room>` gives its descendants (and `<meet-controls for=...>`): the room's
 * state and the actions on it. One object for the room's whole life; it fires `change`
 * on {@link RoomApi.changes} whenever anything it exposes changes.
 */
export interface RoomApi {
  /** Fires `change` when any value below changes. */
  readonly changes: EventTarget;
  /** Whether the relay has welcomed us (and we have not left). */
  readonly joined: boolean;
  /** The connection to the relay. */
  readonly connection: ConnectionState;
  /** Everyone in the room, the local participant first, then in join order. */
  readonly participants: readonly Participant[];
  /** The local participant, once joined. */
  readonly self: Participant | undefined;
  /** The local camera track while the camera is on (for the preview). */
  readonly localVideoTrack: MediaStreamTrack | undefined;
  /** The local shared-screen track while sharing (for the preview); absent where a room cannot share. */
  readonly localScreenTrack?: MediaStreamTrack | undefined;
  /** Whether a camera or microphone change is in progress. */
  readonly pending: Readonly<LocalDevices<boolean>>;
  /** Why the local camera or microphone could not be turned on, if it could not. */
  readonly localError: Readonly<LocalDevices<string | undefined>>;
  /** A remote participant's media (the elements to adopt, the video state). */
  media(id: number): RemoteMedia | undefined;
  /** Turns the local camera on or off; resolves when done. */
  setCamera(on: boolean): Promise<void>;
  /** Turns the local microphone on or off; resolves when done. */
  setMic(on: boolean): Promise<void>;
  /** Flips the local camera. */
  toggleCamera(): Promise<void>;
  /** Flips the local microphone. */
  toggleMic(): Promise<void>;
  /**
   * Starts or stops sharing a screen (the browser's picker; call it from a click); rejects
   * when the browser refuses. Absent where a room cannot share (the screen button hides).
   */
  setScreen?(on: boolean): Promise<void>;
  /** The page's cameras, microphones and speakers; absent where a room offers no device choice (the settings button hides). */
  readonly devices?: MeetDevices;
  /** The `deviceId` in use (or chosen for the next use) per kind; a kind left out is the browser's default. */
  readonly activeDevices?: Readonly<DeviceChoices>;
  /**
   * Uses this camera, microphone or speaker from now on (`''`: the default), switching a live
   * one without turning it off; rejects, keeping the one in use, if it cannot be used.
   */
  useDevice?(kind: DeviceChoice, deviceId: string): Promise<void>;
  /** Lists the devices again now (after a device opened, the browser may name them). */
  refreshDevices?(): Promise<unknown>;
  /**
   * Stops (`false`) or starts again (`true`) receiving and playing someone's video or shared
   * screen here only (a screen you hid): while off it is not sent to you, and its state is
   * `off`. Absent where a room cannot.
   */
  watch?(id: number, track: 'video' | 'screen', on: boolean): void;
  /** The words the room's elements show (its language, with the page's overrides); English when absent. */
  readonly strings?: MeetStrings;
  /** Leaves the room. */
  leave(): void;
}

/** The part of a room that offers devices: what a device menu or a pre-join screen needs. */
export type DeviceRoom = Pick<RoomApi, 'changes' | 'devices' | 'activeDevices' | 'useDevice' | 'refreshDevices' | 'strings'>;

/** The room context: provided by `<meet-room>`, consumed by tiles and controls. */
export const roomContext = createContext<RoomApi>(Symbol('meet-room'));
