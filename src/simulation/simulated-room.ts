import type { LocalDevices, RoomApi } from '../context/room-context.js';
import type { RecordedFrame } from '../core/recorder-track.js';
import { RemoteMedia } from '../core/remote-media.js';
import type { ConnectionState } from '../core/signaling.js';
import type { Participant, ParticipantState } from '../protocol/index.js';
import type { DeviceChoice, MeetDevices } from '../devices/device-list.js';
import type { DeviceChoices } from '../devices/preferences.js';
import { CanvasCamera, CanvasCameraErrorEvent, type CanvasCameraOptions } from './canvas-camera.js';
import type { SimulatedPerson } from './people.js';
import { withDefaults } from '../util/with-defaults.js';

/** The devices a simulated room lists: two of each, named as a laptop with a headset would. */
export const SIMULATED_DEVICES: MeetDevices = Object.freeze({
  cameras: [
    { deviceId: 'sim-camera-1', label: 'Built-in Camera', groupId: 'sim-laptop' },
    { deviceId: 'sim-camera-2', label: 'USB Webcam', groupId: 'sim-webcam' },
  ],
  microphones: [
    { deviceId: 'sim-mic-1', label: 'Built-in Microphone', groupId: 'sim-laptop' },
    { deviceId: 'sim-mic-2', label: 'Headset Microphone', groupId: 'sim-headset' },
  ],
  speakers: [
    { deviceId: 'sim-speaker-1', label: 'Built-in Speakers', groupId: 'sim-laptop' },
    { deviceId: 'sim-speaker-2', label: 'Headset', groupId: 'sim-headset' },
  ],
});

/** Defaults of {@link SimulatedRoomOptions}. */
export const SIMULATED_ROOM_DEFAULTS = Object.freeze({ cameras: 4, camera: {} as Omit<CanvasCameraOptions, 'hue'>, deviceDelay: 300, devices: SIMULATED_DEVICES });

/** Options of {@link SimulatedRoom}. */
export interface SimulatedRoomOptions {
  /** You, the local participant (default `{name: 'You'}`: camera and microphone on). */
  self?: SimulatedPerson;
  /** Everyone else, in join order. */
  participants?: readonly SimulatedPerson[];
  /**
   * How many fake cameras (each a canvas and a video encoder) the participants share,
   * round-robin (default 4). A camera used by one participant shows their name.
   */
  cameras?: number;
  /** Size, frame rate and recording options of every camera. */
  camera?: Omit<CanvasCameraOptions, 'hue'>;
  /** How long your own camera or microphone change takes, ms (default 300): the controls show it pending. */
  deviceDelay?: number;
  /** Target lag of remote video behind live, seconds (the player's default when unset). */
  latency?: number;
  /** The cameras, microphones and speakers the settings menu offers (default {@link SIMULATED_DEVICES}). */
  devices?: MeetDevices;
}

/**
 * Announced instead of a camera's real type to make video fail the real way: Chromium's
 * H.264-in-Matroska recording, which MSE cannot play.
 */
export const UNPLAYABLE_VIDEO_MIME = 'video/x-matroska;codecs=avc1';

/** Least time between two restarts of a viewer's stream asked for by its player, ms. */
const RESYNC_INTERVAL = 1000;

interface Member {
  participant: Participant;
  camera: CanvasCamera;
  /** The remote participant's media; none for you. */
  media: RemoteMedia | undefined;
  error: boolean;
  stalled: boolean;
  /** Stops watching the camera (remote) or holding it for the preview (you). */
  release: (() => void) | undefined;
  /** Stops watching the shared screen (remote) or holding it for the preview (you). */
  releaseScreen: (() => void) | undefined;
  screenEpoch: number;
  screenSeq: number;
  /** This viewer's epoch: every (re)start of the stream is a new one, as after a recorder restart. */
  epoch: number;
  seq: number;
  lastResync: number;
}

/**
 * A room with no server, for demos, Storybook and tests: a {@link RoomApi} that
 * `<meet-room>` renders through its `source` property, and that tiles and controls consume
 * like a joined relay room.
 *
 * Every remote participant's video is real media on the real receiving path: a canvas
 * recorded by MediaRecorder, normalized into frames and pushed into a {@link RemoteMedia}
 * (MSE players), exactly as frames from the relay are. Your own preview is a canvas track.
 * Participants share a few cameras; each viewer starts from the camera's init frame and its
 * latest keyframe, as a late joiner does.
 *
 * Script it with `setCamera(id, on)`, `setMic(id, on)`, `setSpeaking(id, on)`, `setSharing(id, on)`, `setReconnecting(id, on)`,
 * `setError(id)`, `setStalled(id)`, `add()`, `remove()`, `setPending()`,
 * `setLocalError()` and `setConnection()`. `setCamera(on)` and `setMic(on)` without an id
 * are the {@link RoomApi} calls the controls make: your device, after `deviceDelay`.
 * Call `dispose()` when done: it stops every camera and player.
 */
export class SimulatedRoom implements RoomApi {
  /** Fires `change` whenever anything the room exposes changes. */
  readonly changes = new EventTarget();
  private readonly members = new Map<number, Member>();
  private readonly cameraList: CanvasCamera[] = [];
  /** The one fake screen everyone who shares shows (made at the first share). */
  private screenCamera: CanvasCamera | undefined;
  private readonly opts: Required<Omit<SimulatedRoomOptions, 'self' | 'participants' | 'latency'>> & Pick<SimulatedRoomOptions, 'latency'>;
  private readonly selfId: number;
  private nextId = 1;
  private isJoined = true;
  private state: ConnectionState = 'open';
  private readonly inFlight: LocalDevices<number> = { camera: 0, mic: 0 };
  private readonly held: LocalDevices<boolean> = { camera: false, mic: false };
  private readonly errors: LocalDevices<string | undefined> = { camera: undefined, mic: undefined };
  private list: readonly Participant[] | undefined;
  private disposed = false;
  private chosen: DeviceChoices = {};

  constructor(options: SimulatedRoomOptions = {}) {
    const opts = withDefaults(SIMULATED_ROOM_DEFAULTS, options);
    this.opts = { ...opts, cameras: Math.max(1, Math.floor(opts.cameras)) };
    this.selfId = this.addMember(options.self ?? { name: 'You' }, true).id;
    for (const person of options.participants ?? []) this.addMember(person, false);
    this.relabel();
  }

  /** Whether you are in the room (until `leave()`). */
  get joined(): boolean {
    return this.isJoined;
  }

  /** The simulated connection: `open` until `leave()` or `setConnection()`. */
  get connection(): ConnectionState {
    return this.state;
  }

  /** Everyone, you first, then in join order (empty after `leave()`). */
  get participants(): readonly Participant[] {
    this.list ??= [...this.members.values()].map((m) => m.participant);
    return this.list;
  }

  /** You, while joined. */
  get self(): Participant | undefined {
    return this.members.get(this.selfId)?.participant;
  }

  /** Your camera's canvas track while your camera is on. */
  get localVideoTrack(): MediaStreamTrack | undefined {
    const me = this.members.get(this.selfId);
    return me?.participant.camera ? me.camera.track : undefined;
  }

  /** Whether your camera or microphone change is in progress (or held by `setPending`). */
  get pending(): Readonly<LocalDevices<boolean>> {
    return { camera: this.inFlight.camera > 0 || this.held.camera, mic: this.inFlight.mic > 0 || this.held.mic };
  }

  /** Your device errors, as set by `setLocalError` (or a camera that cannot record). */
  get localError(): Readonly<LocalDevices<string | undefined>> {
    return { ...this.errors };
  }

  /** The devices the settings menu offers (the `devices` option). */
  get devices(): MeetDevices {
    return this.opts.devices;
  }

  /** The devices chosen with `useDevice` (the first of each kind until then). */
  get activeDevices(): DeviceChoices {
    const { cameras, microphones, speakers } = this.opts.devices;
    const first = { camera: cameras[0]?.deviceId, mic: microphones[0]?.deviceId, speaker: speakers[0]?.deviceId };
    const out: DeviceChoices = {};
    for (const kind of ['camera', 'mic', 'speaker'] as const) {
      const id = this.chosen[kind] ?? first[kind];
      if (id) out[kind] = id;
    }
    return out;
  }

  /** Chooses a device after `deviceDelay` ms, as the settings menu does; the picture stays the same. */
  async useDevice(kind: DeviceChoice, deviceId: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.opts.deviceDelay));
    if (deviceId) this.chosen = { ...this.chosen, [kind]: deviceId };
    else this.chosen = Object.fromEntries(Object.entries(this.chosen).filter(([k]) => k !== kind));
    this.changed();
  }

  /** The devices, as listed (they never change here). */
  async refreshDevices(): Promise<MeetDevices> {
    return this.opts.devices;
  }

  /** A remote participant's media. */
  media(id: number): RemoteMedia | undefined {
    return this.members.get(id)?.media;
  }

  /** Turns your camera on or off after `deviceDelay` ms (the RoomApi call the controls make). */
  setCamera(on: boolean): Promise<void>;
  /** Turns a participant's camera on or off at once (you included). */
  setCamera(id: number, on: boolean): void;
  setCamera(idOrOn: number | boolean, on = false): Promise<void> | void {
    if (typeof idOrOn === 'boolean') return this.changeLocal('camera', idOrOn);
    this.update(this.member(idOrOn), { camera: on });
  }

  /** Turns your microphone on or off after `deviceDelay` ms (the RoomApi call the controls make). */
  setMic(on: boolean): Promise<void>;
  /** Turns a participant's microphone on or off at once (you included). */
  setMic(id: number, on: boolean): void;
  setMic(idOrOn: number | boolean, on = false): Promise<void> | void {
    if (typeof idOrOn === 'boolean') return this.changeLocal('mic', idOrOn);
    this.update(this.member(idOrOn), on ? { mic: true } : { mic: false, speaking: false });
  }

  /** Flips your camera. */
  toggleCamera(): Promise<void> {
    return this.setCamera(!this.self?.camera);
  }

  /** Flips your microphone. */
  toggleMic(): Promise<void> {
    return this.setMic(!this.self?.mic);
  }

  /**
   * Starts or stops a participant's screen share at once (you included): their screen tile
   * shows a wide fake screen (a real recording on the real receiving path, as their camera).
   */
  setSharing(id: number, on: boolean): void {
    const m = this.member(id);
    this.update(m, on ? { sharing: true, ...(this.screen().mimeType && { screen: this.screen().mimeType }) } : { sharing: false });
  }

  /** Your shared screen's canvas track while you share. */
  get localScreenTrack(): MediaStreamTrack | undefined {
    const me = this.members.get(this.selfId);
    return me?.participant.sharing ? this.screen().track : undefined;
  }

  /**
   * Stops or starts again playing a remote participant's video or screen here (a screen
   * you hid): as with a relay, watched again it starts over from its latest keyframe.
   */
  watch(id: number, track: 'video' | 'screen', on: boolean): void {
    const m = this.remote(id);
    m.media!.setWatching(track, on);
    if (track === 'screen') m.media!.setWatching('screenAudio', on);
    if (!on) return;
    if (track === 'screen') this.restartScreen(m);
    else this.restart(m);
  }

  /**
   * Marks a remote participant as reconnecting (their connection dropped and the relay waits
   * for them: their tile greys out with a spinner) or back (`false`), as a relay does.
   */
  setReconnecting(id: number, on: boolean): void {
    const m = this.remote(id);
    this.update(m, { reconnecting: on });
    if (!on) this.restart(m);
  }

  /** Marks a participant as speaking or not (the ring shows while their microphone is on). */
  setSpeaking(id: number, on: boolean): void {
    this.update(this.member(id), { speaking: on });
  }

  /**
   * Makes a remote participant's video fail the real way: their video is announced as
   * {@link UNPLAYABLE_VIDEO_MIME}, so the player reports `unsupported`. `false` restores it.
   */
  setError(id: number, on = true): void {
    const m = this.remote(id);
    m.error = on;
    this.announce(m);
    this.restart(m);
  }

  /**
   * Stops a remote participant's video from arriving although their camera is on, as on a
   * stalled network: before a first frame the tile keeps loading, after it the picture
   * freezes. `false` restarts it from the latest keyframe.
   */
  setStalled(id: number, on = true): void {
    const m = this.remote(id);
    m.stalled = on;
    this.flow(m);
  }

  /** Someone joins; returns them as the room lists them. */
  add(person: SimulatedPerson): Participant {
    if (!this.isJoined) throw new Error('SimulatedRoom: cannot add people after leave()');
    const p = this.addMember(person, false);
    this.relabel();
    this.changed();
    return p;
  }

  /** A remote participant leaves. */
  remove(id: number): void {
    const m = this.remote(id);
    this.drop(m);
    this.members.delete(id);
    this.relabel();
    this.changed();
  }

  /** Holds your camera or microphone change in progress (the controls show it pending) until `false`. */
  setPending(device: keyof LocalDevices<unknown>, on: boolean): void {
    this.held[device] = on;
    this.changed();
  }

  /** Sets why your camera or microphone could not be turned on (your tile shows it); `undefined` clears it. */
  setLocalError(device: keyof LocalDevices<unknown>, message: string | undefined): void {
    this.errors[device] = message;
    this.changed();
  }

  /** Sets the connection state shown (`reconnecting` shows the room's reconnecting notice). */
  setConnection(state: ConnectionState): void {
    this.state = state;
    this.changed();
  }

  /** Leaves: the room empties and its players stop, as after leaving a relay room. */
  leave(): void {
    if (!this.isJoined) return;
    this.isJoined = false;
    this.state = 'closed';
    for (const m of this.members.values()) this.drop(m);
    this.members.clear();
    this.changed();
  }

  /** Leaves and stops every camera for good. */
  dispose(): void {
    if (this.disposed) return;
    this.leave();
    this.disposed = true;
    for (const camera of this.cameraList) camera.dispose();
    this.screenCamera?.dispose();
  }

  private addMember(person: SimulatedPerson, local: boolean): Participant {
    const participant: Participant = {
      id: this.nextId++,
      name: person.name,
      ...(person.avatar && { avatar: person.avatar }),
      camera: person.camera ?? true,
      mic: person.mic ?? true,
      speaking: !!person.speaking && (person.mic ?? true),
    };
    const m: Member = {
      participant,
      camera: this.cameraFor(participant.id - 1),
      media: undefined,
      error: !!person.error,
      stalled: !!person.stalled,
      release: undefined,
      releaseScreen: undefined,
      screenEpoch: 0,
      screenSeq: 0,
      epoch: 0,
      seq: 0,
      lastResync: -Infinity,
    };
    if (!local) {
      const media = new RemoteMedia(participant, {
        ...(this.opts.latency !== undefined && { latency: this.opts.latency }),
        requestKeyframe: (track) => {
          if (track === 'screen') return this.restartScreen(m);
          if (track !== 'video' || performance.now() - m.lastResync < RESYNC_INTERVAL) return;
          m.lastResync = performance.now();
          this.restart(m);
        },
      });
      media.addEventListener('change', () => this.changed());
      m.media = media;
      this.announce(m);
    }
    this.members.set(participant.id, m);
    this.flow(m);
    return m.participant;
  }

  private cameraFor(index: number): CanvasCamera {
    const k = index % this.opts.cameras;
    let camera = this.cameraList[k];
    if (!camera) {
      camera = new CanvasCamera({ ...this.opts.camera, hue: (200 + k * 97) % 360 });
      camera.addEventListener('error', (e) => {
        if (e instanceof CanvasCameraErrorEvent) this.setLocalError('camera', `Simulated camera: ${e.message}`);
      });
      this.cameraList[k] = camera;
    }
    return camera;
  }

  /** The fake screen: wide, sharper than a camera, labelled as a screen. */
  private screen(): CanvasCamera {
    if (!this.screenCamera) {
      this.screenCamera = new CanvasCamera({ ...this.opts.camera, width: 640, height: 360, hue: 40 });
      this.screenCamera.label = 'Shared screen';
    }
    return this.screenCamera;
  }

  /** A camera used by one participant shows their name; a shared one its number. */
  private relabel(): void {
    this.cameraList.forEach((camera, k) => {
      const users = [...this.members.values()].filter((m) => m.camera === camera);
      camera.label = users.length === 1 ? users[0]!.participant.name : `Camera ${k + 1}`;
    });
  }

  private member(id: number): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`SimulatedRoom: no participant ${id}`);
    return m;
  }

  private remote(id: number): Member {
    const m = this.member(id);
    if (!m.media) throw new Error(`SimulatedRoom: participant ${id} is you, not a remote participant`);
    return m;
  }

  private async changeLocal(device: keyof LocalDevices<unknown>, on: boolean): Promise<void> {
    if (!this.isJoined) return;
    this.inFlight[device] += 1;
    this.changed();
    await new Promise((r) => setTimeout(r, this.opts.deviceDelay));
    this.inFlight[device] -= 1;
    const me = this.members.get(this.selfId);
    if (!me) return this.changed();
    if (device === 'camera') this.update(me, { camera: on });
    else this.update(me, on ? { mic: true } : { mic: false, speaking: false });
  }

  /** Applies a state change the way a relay `state` message does: a new participant object. */
  private update(m: Member, state: Partial<ParticipantState>): void {
    m.participant = { ...m.participant, ...state };
    m.media?.update(m.participant);
    this.flow(m);
    this.changed();
  }

  /** The video type a remote participant announces. */
  private announce(m: Member): void {
    const video = m.error ? UNPLAYABLE_VIDEO_MIME : m.camera.mimeType;
    if (!video || m.participant.video === video) return;
    m.participant = { ...m.participant, video };
    m.media?.update(m.participant);
    this.changed();
  }

  /** Watches (or holds, for your preview) the camera and the screen exactly while they should flow. */
  private flow(m: Member): void {
    const sharing = this.isJoined && !!m.participant.sharing;
    if (sharing && !m.releaseScreen) {
      m.releaseScreen = m.media ? this.screen().watch((frame) => this.deliverScreen(m, frame)) : this.screen().hold();
    } else if (!sharing && m.releaseScreen) {
      m.releaseScreen();
      m.releaseScreen = undefined;
    }
    const wanted = this.isJoined && m.participant.camera && !m.stalled;
    if (wanted && !m.release) {
      m.release = m.media ? m.camera.watch((frame) => this.deliver(m, frame)) : m.camera.hold();
    } else if (!wanted && m.release) {
      m.release();
      m.release = undefined;
    }
  }

  /** A fresh stream for one viewer: a new epoch from the camera's init frame and latest keyframe. */
  private restart(m: Member): void {
    m.release?.();
    m.release = undefined;
    this.flow(m);
  }

  private restartScreen(m: Member): void {
    m.releaseScreen?.();
    m.releaseScreen = undefined;
    this.flow(m);
  }

  private deliverScreen(m: Member, frame: RecordedFrame): void {
    if (frame.init) {
      m.screenEpoch += 1;
      m.screenSeq = 0;
      const screen = this.screen().mimeType;
      if (screen && m.participant.screen !== screen) {
        // As announce() does: not update(), which would watch again from inside a watch.
        m.participant = { ...m.participant, screen };
        m.media?.update(m.participant);
        this.changed();
      }
    }
    m.media!.push({ track: 'screen', sender: m.participant.id, epoch: m.screenEpoch, seq: m.screenSeq++, init: frame.init, keyframe: frame.keyframe, payload: frame.data });
  }

  private deliver(m: Member, frame: RecordedFrame): void {
    if (frame.init) {
      m.epoch += 1;
      m.seq = 0;
      // The type is known by now: the recorder reports it with its first chunk.
      this.announce(m);
    }
    m.media!.push({
      track: 'video',
      sender: m.participant.id,
      epoch: m.epoch,
      seq: m.seq++,
      init: frame.init,
      keyframe: frame.keyframe,
      payload: frame.data,
    });
  }

  private drop(m: Member): void {
    m.release?.();
    m.release = undefined;
    m.releaseScreen?.();
    m.releaseScreen = undefined;
    m.media?.dispose();
  }

  private changed(): void {
    this.list = undefined;
    this.changes.dispatchEvent(new Event('change'));
  }
}
