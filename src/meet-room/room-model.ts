import type { LocalDevices, RoomApi } from '../context/room-context.js';
import type { RemoteMedia } from '../core/remote-media.js';
import type { MeetingSession, SessionChangeEvent, SessionErrorEvent, SessionOptions } from '../core/session.js';
import { SignalingClient, type ConnectionState } from '../core/signaling.js';
import { resumeAudio as resumePageAudio } from '../core/audio-output.js';
import { DeviceList, canChooseSpeaker, type DeviceChoice, type MeetDevices } from '../devices/device-list.js';
import { rememberDevice, rememberedDevices, type DeviceChoices } from '../devices/preferences.js';
import { MeetDeviceChangeEvent, type DeviceChangeReason } from '../events/device-change.js';
import { MeetErrorEvent } from '../events/error.js';
import { joinMessage, type DeviceKind, type Participant } from '../protocol/index.js';
import { describeDeviceError } from './device-error.js';
import { EN, type MeetStrings } from '../i18n/strings.js';
import { loadMedia } from './media-loader.js';


/** Live tracks to send at the welcome instead of opening the devices again (a pre-join preview's). */
export type HandedTracks = Partial<LocalDevices<MediaStreamTrack>>;

/**
 * The relay room behind `<meet-room>`: one {@link MeetingSession} per join, pending flags,
 * readable device errors, and the devices to use (listed, chosen, remembered per origin). It
 * fires `change` on {@link RoomModel.changes} after every change of what it exposes; the
 * element works the state events out of that (room-events.ts), as for any room. Errors and
 * device changes are not worked out from state: `report` is given each `meet-error` and
 * `meet-device-change`.
 */
export class RoomModel implements RoomApi {
  readonly changes = new EventTarget();
  /** The page's cameras, microphones and speakers (listed while the element is in the page). */
  readonly deviceList = new DeviceList();
  /** The devices chosen per kind (absent: the default), from this origin's memory at first. */
  private readonly chosen: DeviceChoices = rememberedDevices();
  /** Tracks handed over for the next welcome. */
  private handed: HandedTracks = {};
  private session: MeetingSession | undefined;
  /** The socket of a join whose media code is still loading (the session takes it over). */
  private early: SignalingClient | undefined;
  private joining: Promise<void> | undefined;
  /** Counts joins and leaves, so a join that finishes loading after a leave does nothing. */
  private attempt = 0;
  private welcomed = false;
  private readonly pendingCount: LocalDevices<number> = { camera: 0, mic: 0 };
  private readonly wanted: LocalDevices<boolean> = { camera: false, mic: false };
  /** The devices to turn on once welcomed. */
  private atWelcome: LocalDevices<boolean> = { camera: false, mic: false };
  private errors: LocalDevices<string | undefined> = { camera: undefined, mic: undefined };
  private lastConnection: ConnectionState = 'closed';
  private joinErrorReported = false;

  /**
   * @param report called with each `meet-error` and `meet-device-change`
   * @param words the words their messages use (the room's language)
   */
  constructor(
    private readonly report: (event: MeetErrorEvent | MeetDeviceChangeEvent) => void,
    private readonly words: () => MeetStrings = () => EN,
  ) {
    this.deviceList.addEventListener('change', () => this.onDeviceList());
  }

  /** Whether it is joining (loading the media code included) or joined. */
  get active(): boolean {
    return this.joining !== undefined;
  }

  get joined(): boolean {
    return this.welcomed;
  }

  get connection(): ConnectionState {
    return this.lastConnection;
  }

  get participants(): readonly Participant[] {
    return this.welcomed ? (this.session?.participants ?? []) : [];
  }

  get self(): Participant | undefined {
    return this.welcomed ? this.session?.self : undefined;
  }

  get localVideoTrack(): MediaStreamTrack | undefined {
    return this.session?.localVideoTrack;
  }

  get localScreenTrack(): MediaStreamTrack | undefined {
    return this.session?.localScreenTrack;
  }

  get pending(): LocalDevices<boolean> {
    return { camera: this.pendingCount.camera > 0, mic: this.pendingCount.mic > 0 };
  }

  get localError(): LocalDevices<string | undefined> {
    return { ...this.errors };
  }

  get devices(): MeetDevices {
    return this.deviceList.devices;
  }

  get activeDevices(): DeviceChoices {
    const session = this.session;
    const out: DeviceChoices = {};
    const camera = session?.deviceOf('camera') ?? this.chosen.camera;
    const mic = session?.deviceOf('mic') ?? this.chosen.mic;
    if (camera) out.camera = camera;
    if (mic) out.mic = mic;
    if (this.chosen.speaker) out.speaker = this.chosen.speaker;
    return out;
  }

  watch(id: number, track: 'video' | 'screen', on: boolean): void {
    this.session?.watch(id, track, on);
  }

  refreshDevices(): Promise<MeetDevices> {
    return this.deviceList.refresh();
  }

  /**
   * Uses this device from now on (`''`: the default) and remembers it for this origin. A live
   * camera or microphone switches at once (a new epoch, without turning off); otherwise the
   * choice waits for the next time it is turned on. A speaker applies to every remote sound.
   * Rejects, keeping the device in use and the memory, if the device cannot be used (a
   * speaker: `NotSupportedError` where the browser cannot choose).
   */
  async useDevice(kind: DeviceChoice, deviceId: string): Promise<void> {
    const session = this.welcomed ? this.session : undefined;
    if (kind === 'speaker') {
      if (!canChooseSpeaker()) throw new DOMException('This browser plays sound on the system output and cannot choose another (it has no setSinkId)', 'NotSupportedError');
      await session?.useSpeaker(deviceId);
    } else if (session) {
      try {
        await session.useDevice(kind, deviceId || undefined);
      } catch (e) {
        // Told, not shown on the tile: the device in use goes on.
        if (session === this.session) this.reportDevice(kind, e);
        throw e;
      }
    }
    this.choose(kind, deviceId, 'chosen');
    rememberDevice(kind, deviceId);
  }

  media(id: number): RemoteMedia | undefined {
    return this.session?.media(id);
  }

  /** Starts remote sound that autoplay blocked (call on a user gesture). */
  resumeAudio(): void {
    resumePageAudio();
    const session = this.session;
    if (!session) return;
    for (const p of session.participants) {
      const media = session.media(p.id);
      for (const [on, audio] of [[p.mic, media?.audio], [!!p.screenAudio, media?.screenAudio]] as const) {
        if (on && audio?.paused && audio.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) void audio.play().catch(() => undefined);
      }
    }
  }

  /**
   * Joins (once; a second call returns the same promise), then turns on the `devices`
   * asked for (or, if they were changed meanwhile, what `setCamera`/`setMic` said since).
   */
  join(options: SessionOptions, devices: LocalDevices<boolean>, tracks: HandedTracks = {}): Promise<void> {
    if (this.joining) {
      for (const track of Object.values(tracks)) track.stop();
      return this.joining;
    }
    this.errors = { camera: undefined, mic: undefined };
    this.atWelcome = { ...devices };
    this.handed = tracks;
    const { camera: cameraId, mic: micId } = this.chosen;
    const publisher = { ...options.publisher, ...(cameraId && { cameraId }), ...(micId && { micId }) };
    this.joining = this.load(++this.attempt, { ...options, publisher });
    this.changed();
    return this.joining;
  }

  setCamera(on: boolean): Promise<void> {
    return this.setDevice('camera', on);
  }

  setMic(on: boolean): Promise<void> {
    return this.setDevice('mic', on);
  }

  toggleCamera(): Promise<void> {
    return this.setCamera(!this.current('camera'));
  }

  toggleMic(): Promise<void> {
    return this.setMic(!this.current('mic'));
  }

  /**
   * Starts or stops sharing a screen once joined. A refusal (the picker cancelled, no
   * permission, no user gesture) rejects and is reported as `screen-denied`, any other
   * failure as `screen-failed`.
   */
  async setScreen(on: boolean): Promise<void> {
    const session = this.session;
    if (!session || !this.welcomed) throw new Error('Join the room before sharing a screen');
    try {
      await session.setScreen(on);
    } catch (e) {
      if (session === this.session) this.screenFailed(e);
      throw e;
    } finally {
      if (session === this.session) this.changed();
    }
  }

  leave(): void {
    for (const track of Object.values(this.handed)) track.stop();
    this.handed = {};
    if (!this.joining) return;
    this.attempt += 1; // a join still loading its code gives up
    this.early?.close();
    this.early = undefined;
    if (this.session) this.teardown(this.session);
    else this.joining = undefined;
    this.changed();
  }

  /**
   * Joins with a new session. The socket opens and joins at once (devices off, as a session
   * joins) while the media code loads (once per page); the session then takes it over, with
   * what the relay sent meanwhile.
   */
  private async load(attempt: number, options: SessionOptions): Promise<void> {
    const signaling = new SignalingClient(options.server);
    signaling.preJoin(joinMessage(options, { camera: false, mic: false }));
    this.early = signaling;
    let Session: typeof MeetingSession;
    try {
      Session = (await loadMedia()).MeetingSession;
    } catch (e) {
      if (attempt !== this.attempt) return;
      signaling.close();
      this.early = undefined;
      this.report(new MeetErrorEvent('join-failed', this.words().joinFailed((e as Error).message)));
      this.joining = undefined;
      this.changed();
      throw e;
    }
    if (attempt !== this.attempt) return; // left while loading (leave() closed the socket)
    this.early = undefined;
    const session = new Session({ ...options, signaling });
    this.session = session;
    session.addEventListener('change', (e) => this.onChange(session, e));
    session.addEventListener('error', (e) => this.onError(session, e));
    session.addEventListener('deviceerror', (e) => {
      if (session !== this.session) return;
      if (e.device === 'sharing') this.screenFailed(e.cause);
      else this.deviceFailed(e.device, e.cause);
    });
    session.addEventListener('devicefallback', (e) => {
      if (session === this.session) this.choose(e.device, '', 'fallback', e.deviceId);
    });
    return this.start(session);
  }

  private async start(session: MeetingSession): Promise<void> {
    this.joinErrorReported = false;
    try {
      await session.join();
    } catch (e) {
      if (session !== this.session) return; // left while joining: not a failure
      if (!this.joinErrorReported) this.report(new MeetErrorEvent('join-failed', this.words().joinFailed((e as Error).message)));
      this.teardown(session);
      this.changed();
      throw e;
    }
    if (session !== this.session) return;
    const { camera, mic } = this.atWelcome;
    const handed = this.handed;
    this.handed = {};
    // A remembered speaker that is gone: the default, and say so.
    const speaker = this.chosen.speaker;
    if (speaker && canChooseSpeaker()) session.useSpeaker(speaker).catch(() => session === this.session && this.choose('speaker', '', 'fallback'));
    // Failures are already reported (meet-error, the local tile); joining still worked.
    await Promise.all([
      camera ? this.setDevice('camera', true, handed.camera).catch(() => undefined) : handed.camera?.stop(),
      mic ? this.setDevice('mic', true, handed.mic).catch(() => undefined) : handed.mic?.stop(),
    ]);
  }

  private current(device: DeviceKind): boolean {
    return this.pendingCount[device] > 0 ? this.wanted[device] : (this.self?.[device] ?? false);
  }

  private async setDevice(device: DeviceKind, on: boolean, track?: MediaStreamTrack): Promise<void> {
    const session = this.session;
    if (!session || !this.welcomed) {
      if (this.joining) this.atWelcome[device] = on; // still loading or joining: for the welcome
      return;
    }
    this.wanted[device] = on;
    this.pendingCount[device] += 1;
    this.changed();
    try {
      await (device === 'camera' ? session.setCamera(on, track) : session.setMic(on, track));
      if (session === this.session) this.errors[device] = undefined;
    } catch (e) {
      if (session !== this.session) return;
      this.deviceFailed(device, e);
      throw e;
    } finally {
      if (session === this.session) {
        this.pendingCount[device] -= 1;
        this.changed();
      }
    }
  }

  private onChange(session: MeetingSession, e: SessionChangeEvent): void {
    if (session !== this.session) return;
    // A device just opened: the browser may name the devices now.
    if (e.kind === 'local') void this.deviceList.refresh();
    if (e.kind === 'connection') this.onConnection(session);
    else if (e.kind === 'join' && e.participant && e.participant.id === session.self?.id) this.welcomed = true;
    this.changed();
  }

  private onConnection(session: MeetingSession): void {
    const connection = session.connection;
    if (connection === this.lastConnection) return;
    this.lastConnection = connection;
    if (connection === 'closed' && this.welcomed) {
      // The relay ended the meeting for good (a refused re-join, a protocol violation):
      // the connection change, then why, then (from the caller's change) the room left.
      this.changed();
      this.report(new MeetErrorEvent('connection-lost', this.words().connectionLost));
      this.teardown(session);
    }
  }

  /** The relay refused something; before the welcome that is why the join failed. */
  private onError(session: MeetingSession, e: SessionErrorEvent): void {
    if (session !== this.session) return;
    if (!this.welcomed) this.joinErrorReported = true;
    this.report(new MeetErrorEvent(e.code, e.message));
    this.changed();
  }

  /** The one path of a device failure, thrown or by itself: shown on the local tile and reported. */
  private deviceFailed(device: DeviceKind, cause: unknown): void {
    this.errors[device] = this.reportDevice(device, cause);
    this.changed();
  }

  /** Fires the `meet-error` of a device that could not be used; returns its message. */
  private reportDevice(device: DeviceKind, cause: unknown): string {
    const { code, message } = describeDeviceError(device, cause, this.words());
    this.report(new MeetErrorEvent(code, message));
    return message;
  }

  private screenFailed(cause: unknown): void {
    const denied = cause instanceof DOMException && cause.name === 'NotAllowedError';
    const detail = cause instanceof Error ? cause.message : String(cause);
    const t = this.words();
    this.report(new MeetErrorEvent(denied ? 'screen-denied' : 'screen-failed', denied ? t.screenDenied : t.screenFailed(detail)));
  }

  /** Records the device now used for `kind` and tells the page (`inUse`: what a fallback opened). */
  private choose(kind: DeviceChoice, deviceId: string, reason: DeviceChangeReason, inUse?: string): void {
    if (deviceId) this.chosen[kind] = deviceId;
    else delete this.chosen[kind];
    this.changed();
    this.report(new MeetDeviceChangeEvent(reason, kind, inUse ?? deviceId, this.devices));
  }

  /** The list changed: tell the page; a chosen speaker that is gone gives way to the default. */
  private onDeviceList(): void {
    this.changed();
    this.report(new MeetDeviceChangeEvent('list', undefined, undefined, this.devices));
    const speaker = this.chosen.speaker;
    const { speakers } = this.devices;
    if (!speaker || !speakers.length || speakers.some((d) => d.deviceId === speaker)) return;
    const session = this.welcomed ? this.session : undefined;
    void (session?.useSpeaker('') ?? Promise.resolve()).then(
      () => this.choose('speaker', '', 'fallback'),
      () => undefined,
    );
  }

  private teardown(session: MeetingSession): void {
    this.session = undefined;
    this.joining = undefined;
    this.welcomed = false;
    this.lastConnection = 'closed';
    this.pendingCount.camera = 0;
    this.pendingCount.mic = 0;
    session.leave();
  }

  private changed(): void {
    this.changes.dispatchEvent(new Event('change'));
  }
}
