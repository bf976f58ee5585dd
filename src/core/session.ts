import { DEVICE_OF, TRACK_KINDS, TRACK_OF, joinMessage, type DeviceKind, type SourceKind, type ErrorCodeValue, type JoinMessage, type Participant, type ServerMessage, type TrackKind, type WelcomeMessage } from '../protocol/index.js';
import { Publisher, type PublisherOptions } from './publisher.js';
import { RemoteMedia, type RendererChoice } from './remote-media.js';
import { useSpeaker } from './speaker.js';
import { SignalingClient, type ConnectionState } from './signaling.js';
import { SpeakingDetector } from './speaking.js';
import { TypedEventTarget } from './typed-event-target.js';

/** Options of {@link MeetingSession}. */
export interface SessionOptions {
  /** WebSocket URL of the relay (absolute, ws: or wss:). */
  server: string;
  room: string;
  name: string;
  avatar?: string;
  /** Players' target latency, seconds (MSE). */
  latency?: number;
  /** How remote media is played (default `auto`: WebCodecs where it decodes into generated tracks, Chromium; else MSE). */
  renderer?: RendererChoice;
  /** Capture and recording options. */
  publisher?: PublisherOptions;
  /**
   * A client already joining this room with `preJoin()` (what `<meet-room>` opens while this
   * code loads), which the session takes over; by default the session opens its own.
   */
  signaling?: SignalingClient;
}

/** What changed in a session, for listeners that want details. */
export class SessionChangeEvent extends Event {
  constructor(
    /** `join`, `leave`, `state` (someone's signaled state), `media` (a remote video state), `local` (own tracks) or `connection`. */
    readonly kind: 'join' | 'leave' | 'state' | 'media' | 'local' | 'connection',
    /** The participant concerned, if any. */
    readonly participant?: Participant,
    /** Their state before a `state` change. */
    readonly previous?: Participant,
  ) {
    super('change');
  }
}

/** The relay refused something (a join, a message): its error code and message. */
export class SessionErrorEvent extends Event {
  constructor(
    /** The relay's error code. */
    readonly code: ErrorCodeValue,
    /** The relay's message. */
    readonly message: string,
  ) {
    super('error');
  }
}

/**
 * A local device stopped working by itself (unplugged, permission revoked, its recorder or
 * encoder failed). A device that cannot be turned on is not an event: `setCamera`/`setMic`
 * reject with the cause.
 */
export class SessionDeviceErrorEvent extends Event {
  constructor(
    /** The device, or `sharing` for a shared screen whose encoder failed. */
    readonly device: SourceKind,
    /** What failed, with its `name` (a DOMException's) kept. */
    readonly cause: Error,
  ) {
    super('deviceerror');
  }
}

/**
 * A camera or microphone in use was lost by itself (unplugged, taken by another app) and the
 * session went on with the browser's default one, without turning it off.
 */
export class SessionDeviceFallbackEvent extends Event {
  constructor(
    /** The device that was lost. */
    readonly device: DeviceKind,
    /** The `deviceId` now in use. */
    readonly deviceId: string | undefined,
  ) {
    super('devicefallback');
  }
}

/** The events of a {@link MeetingSession}. */
export interface SessionEventMap {
  change: SessionChangeEvent;
  error: SessionErrorEvent;
  deviceerror: SessionDeviceErrorEvent;
  devicefallback: SessionDeviceFallbackEvent;
}

/**
 * A joined meeting, without any UI: the signaling client, the local publisher, and one
 * {@link RemoteMedia} per remote participant. Elements render from it and call its
 * methods; it fires `change` ({@link SessionChangeEvent}), `error` ({@link SessionErrorEvent}),
 * `deviceerror` ({@link SessionDeviceErrorEvent}) and `devicefallback`
 * ({@link SessionDeviceFallbackEvent}). It listens to the local microphone
 * while it is on and signals when you speak.
 *
 * After a drop it re-joins with the relay's resume token: resumed, it keeps its id, the
 * participants and their media elements (players start over, showing `loading`), and
 * re-publishes the camera and microphone that were on with a new epoch.
 */
export class MeetingSession extends TypedEventTarget<SessionEventMap> {
  private readonly signaling: SignalingClient;
  private readonly publisher: Publisher;
  private readonly people = new Map<number, Participant>();
  private readonly remote = new Map<number, RemoteMedia>();
  private selfId = 0;
  private resumeToken: string | undefined;
  /** Tracks not watched here, as `id:track` (see {@link watch}); told to the relay again after a reconnect. */
  private readonly unwatched = new Set<string>();
  /** Participants known from before a relay restart that have not resumed yet, with their deadline. */
  private readonly awaited = new Map<number, ReturnType<typeof setTimeout>>();
  /** Listens to the local microphone while it is on; the result is signaled, never the audio. */
  private detector: SpeakingDetector | undefined;

  constructor(private readonly options: SessionOptions) {
    super();
    this.signaling = options.signaling ?? new SignalingClient(options.server);
    this.publisher = new Publisher(
      {
        sendState: (update) => {
          const self = this.self;
          if (self) this.setParticipant({ ...self, ...withoutNulls(update) });
          this.signaling.send({ type: 'state', ...update });
        },
        sendFrame: (bytes) => this.signaling.sendFrame(bytes),
        get bufferedAmount() {
          return signaling.bufferedAmount;
        },
      },
      options.publisher,
    );
    const signaling = this.signaling;
    signaling.addEventListener('message', (e) => this.onMessage(e.message));
    signaling.addEventListener('frame', ({ frame }) => this.remote.get(frame.sender)?.push(frame));
    signaling.addEventListener('connectionchange', ({ connection }) => {
      if (connection === 'closed') this.clearRemote();
      // Nothing arrives while away; show loading now rather than a frozen frame.
      if (connection === 'reconnecting') for (const media of this.remote.values()) media.reset();
      this.dispatchEvent(new SessionChangeEvent('connection'));
    });
    this.publisher.addEventListener('change', () => {
      this.listenForSpeech();
      this.dispatchEvent(new SessionChangeEvent('local', this.self));
    });
    this.publisher.addEventListener('error', ({ track, error }) => this.dispatchEvent(new SessionDeviceErrorEvent(DEVICE_OF[track], error)));
    this.publisher.addEventListener('fallback', ({ track, deviceId }) => this.dispatchEvent(new SessionDeviceFallbackEvent(DEVICE_OF[track], deviceId)));
  }

  /** The connection state. */
  get connection(): ConnectionState {
    return this.signaling.connection;
  }

  /** Everyone in the room, the local participant first, then in join order. */
  get participants(): Participant[] {
    return [...this.people.values()];
  }

  /** The local participant, once joined. */
  get self(): Participant | undefined {
    return this.people.get(this.selfId);
  }

  /** The local camera track for the preview, while the camera is on. */
  get localVideoTrack(): MediaStreamTrack | undefined {
    return this.publisher.videoTrack;
  }

  /** The local microphone track while the microphone is on. */
  get localAudioTrack(): MediaStreamTrack | undefined {
    return this.publisher.audioTrack;
  }

  /** A remote participant's media (elements and video state). */
  media(id: number): RemoteMedia | undefined {
    return this.remote.get(id);
  }

  /** Joins the room (camera and microphone off; turn them on once joined). */
  async join(): Promise<void> {
    await this.signaling.join(this.joinMessage(), () => this.joinMessage());
  }

  /**
   * Turns the camera on or off; resolves when the local change is done. `track`, a live
   * camera track (a pre-join preview's), is sent instead of opening the camera again.
   */
  setCamera(on: boolean, track?: MediaStreamTrack): Promise<void> {
    return this.publisher.setCamera(on, track);
  }

  /** Turns the microphone on or off, like {@link setCamera}. */
  setMic(on: boolean, track?: MediaStreamTrack): Promise<void> {
    return this.publisher.setMic(on, track);
  }

  /**
   * Starts or stops sharing a screen (the browser's picker; most want a user gesture first);
   * resolves when the local change is done, rejects if the browser refused.
   */
  setScreen(on: boolean): Promise<void> {
    return this.publisher.setScreen(on);
  }

  /**
   * Uses this camera or microphone (a `deviceId`; undefined: the browser's default) from now
   * on. While it is on, the new one is opened, then swapped in with a new epoch: it stays on
   * for everyone, and viewers keep the last picture until the new camera's first frame.
   * Rejects (the old device going on) if the new one cannot be opened.
   */
  useDevice(device: DeviceKind, deviceId: string | undefined): Promise<void> {
    return this.publisher.useDevice(TRACK_OF[device], deviceId);
  }

  /** The camera's or microphone's `deviceId`: the one in use while on, else the one chosen (undefined: the default). */
  deviceOf(device: DeviceKind): string | undefined {
    return this.publisher.deviceOf(TRACK_OF[device]);
  }

  /**
   * Plays everyone's sound on this output (a `deviceId` of an `audiooutput`; `''`: the
   * default), where the browser can choose (`setSinkId`); rejects where it cannot.
   */
  useSpeaker(deviceId: string): Promise<void> {
    return useSpeaker(deviceId, [...this.remote.values()].flatMap((media) => [media.audio, media.screenAudio]));
  }

  /**
   * Stops (`false`) or starts again (`true`) receiving and playing someone's track here (a
   * screen you hid, a tile out of view): the relay stops sending it, and its player stops;
   * watched again, the relay sends its cached start at once and it plays from there. A
   * screen's sound goes with the screen.
   */
  watch(id: number, track: TrackKind, on: boolean): void {
    const media = this.remote.get(id);
    if (!media) return;
    for (const kind of track === 'screen' ? (['screen', 'screenAudio'] as const) : [track]) {
      if (media.watching(kind) === on) continue;
      const key = `${id}:${kind}`;
      if (on) this.unwatched.delete(key);
      else this.unwatched.add(key);
      // The player first: watched again, it is ready before the relay's cache arrives.
      media.setWatching(kind, on);
      this.signaling.send({ type: 'subscribe', from: id, track: kind, on });
    }
  }

  /** The local shared-screen track while sharing. */
  get localScreenTrack(): MediaStreamTrack | undefined {
    return this.publisher.screenTrack;
  }

  /** Follows the microphone track: a detector on the one in use, none while the mic is off. */
  private listenForSpeech(): void {
    const track = this.publisher.audioTrack;
    if (this.detector?.track === track) return;
    this.detector?.dispose();
    this.detector = undefined;
    if (!track) return;
    const detector = new SpeakingDetector(track);
    detector.addEventListener('change', () => this.setSpeaking(detector.speaking));
    this.detector = detector;
  }

  /** Sends the local speaking state (only when it changes). */
  private setSpeaking(speaking: boolean): void {
    const self = this.self;
    if (!self || self.speaking === speaking) return;
    this.setParticipant({ ...self, speaking });
    this.signaling.send({ type: 'state', speaking });
  }

  /** Leaves the room and releases camera, microphone, players and the socket. */
  leave(): void {
    this.detector?.dispose();
    this.detector = undefined;
    this.publisher.dispose();
    this.signaling.close();
    this.clearRemote();
    this.people.clear();
    this.selfId = 0;
    this.resumeToken = undefined;
    this.unwatched.clear();
  }

  /** The join, or the re-join after a drop: the devices that are on now, and the resume token. */
  private joinMessage(): JoinMessage {
    return joinMessage(this.options, this.publisher, this.resumeToken);
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.resumeToken = message.resume;
        if (message.resumed && message.self.id === this.selfId) this.onResumed(message);
        else this.onWelcome(message);
        // A new connection sends everything: say again what is not watched here.
        for (const key of this.unwatched) {
          const [id, track] = key.split(':') as [string, TrackKind];
          this.signaling.send({ type: 'subscribe', from: Number(id), track, on: false });
        }
        this.publisher.republish();
        this.dispatchEvent(new SessionChangeEvent('join', message.self));
        return;
      case 'joined':
        // Someone we knew before a relay restart is back: not a join.
        if (this.people.has(message.participant.id)) return this.updateRemote(message.participant);
        this.addRemote(message.participant);
        this.dispatchEvent(new SessionChangeEvent('join', message.participant));
        return;
      case 'left':
        this.removeRemote(message.id);
        return;
      case 'state': {
        const previous = this.people.get(message.id);
        if (!previous) return;
        const { type: _type, id: _id, ...state } = message;
        this.updateRemote({ id: previous.id, name: previous.name, ...(previous.avatar && { avatar: previous.avatar }), ...state });
        return;
      }
      case 'keyframe-request':
        this.publisher.requestKeyframe(message.track);
        return;
      case 'error':
        this.dispatchEvent(new SessionErrorEvent(message.code, message.message));
        return;
    }
  }

  /** A first welcome, or one that did not resume: the room starts over (new ids, fresh players). */
  private onWelcome(message: WelcomeMessage): void {
    this.clearRemote();
    this.people.clear();
    this.unwatched.clear();
    this.selfId = message.self.id;
    this.people.set(message.self.id, message.self);
    for (const p of message.participants) this.addRemote(p);
  }

  /**
   * The same participant again after a drop: keep everyone and their media, take the relay's
   * states. Those the welcome leaves out left meanwhile; after a relay restart
   * (`recovering`) they may still be resuming, so they stay that long.
   */
  private onResumed(message: WelcomeMessage): void {
    this.people.set(message.self.id, message.self);
    const listed = new Set<number>();
    for (const p of message.participants) {
      listed.add(p.id);
      if (this.people.has(p.id)) this.updateRemote(p);
      else this.addRemote(p);
    }
    for (const id of [...this.remote.keys()]) {
      if (listed.has(id) || this.awaited.has(id)) continue;
      if (!message.recovering) {
        this.removeRemote(id, false);
        continue;
      }
      // Not back yet after the relay's restart: reconnecting, as the relay says of a drop.
      const known = this.people.get(id);
      if (known) this.updateRemote({ ...known, reconnecting: true });
      this.awaited.set(id, setTimeout(() => this.removeRemote(id), message.recovering));
    }
  }

  /** A known participant's new state (from `state`, a resumed welcome or a return after a restart). */
  private updateRemote(next: Participant): void {
    const previous = this.people.get(next.id);
    clearTimeout(this.awaited.get(next.id));
    this.awaited.delete(next.id);
    this.people.set(next.id, next);
    this.remote.get(next.id)?.update(next);
    this.dispatchEvent(new SessionChangeEvent('state', next, previous));
  }

  /** Someone left; `announce` false when a welcome already shows it (the room model diffs welcomes). */
  private removeRemote(id: number, announce = true): void {
    const p = this.people.get(id);
    clearTimeout(this.awaited.get(id));
    this.awaited.delete(id);
    this.people.delete(id);
    this.remote.get(id)?.dispose();
    this.remote.delete(id);
    for (const track of TRACK_KINDS) this.unwatched.delete(`${id}:${track}`);
    if (p && announce) this.dispatchEvent(new SessionChangeEvent('leave', p));
  }

  private addRemote(p: Participant): void {
    this.people.set(p.id, p);
    const media = new RemoteMedia(p, {
      ...(this.options.latency !== undefined && { latency: this.options.latency }),
      ...(this.options.renderer && { renderer: this.options.renderer }),
      requestKeyframe: (track: TrackKind) => this.signaling.send({ type: 'keyframe-request', to: p.id, track }),
    });
    media.addEventListener('change', () => this.dispatchEvent(new SessionChangeEvent('media', this.people.get(p.id))));
    this.remote.set(p.id, media);
  }

  private setParticipant(p: Participant): void {
    const previous = this.people.get(p.id);
    this.people.set(p.id, p);
    this.dispatchEvent(new SessionChangeEvent('state', p, previous));
  }

  private clearRemote(): void {
    for (const media of this.remote.values()) media.dispose();
    this.remote.clear();
    for (const timer of this.awaited.values()) clearTimeout(timer);
    this.awaited.clear();
  }
}

function withoutNulls<T extends object>(update: T): Partial<Participant> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(update)) if (v !== null) out[k] = v;
  return out as Partial<Participant>;
}
