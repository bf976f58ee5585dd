import { encodeFrame, isSound, type DeviceTrack, type StateUpdateMessage, type TrackKind } from '../protocol/index.js';
import { ENCODER_MIME, EncoderTrack, canEncode, encodeSource } from './encoder-track.js';
import { OPUS_MIME, OpusTrack, SoundTrack, canEncodeSound } from './opus-track.js';
import { RecorderTrack, type RecordedFrame, type TrackRecorder } from './recorder-track.js';
import { withDefaults } from '../util/with-defaults.js';
import { TypedEventTarget } from './typed-event-target.js';

/** Where a publisher's state and media go (the signaling client, in practice). */
export interface PublisherSink {
  /** Sends a state update to the room. */
  sendState(update: Omit<StateUpdateMessage, 'type'>): void;
  /** Sends an encoded media frame; false when it could not be sent. */
  sendFrame(bytes: Uint8Array): boolean;
  /** Bytes queued and not yet sent. */
  readonly bufferedAmount: number;
}

/** Options of {@link Publisher}; every default is documented in docs/media.md. */
export interface PublisherOptions {
  /** Camera constraints (default `{width: 640, height: 480}`... the browser's default camera). */
  video?: MediaTrackConstraints;
  /** Microphone constraints (default echo cancellation and noise suppression on). */
  audio?: MediaTrackConstraints;
  /** Video recorder MIME types, in order of preference (default VP8 WebM). */
  videoMimeTypes?: readonly string[];
  /** Audio recorder MIME types, in order of preference (default Opus WebM). */
  audioMimeTypes?: readonly string[];
  /** MediaRecorder timeslice in ms (default 20). */
  timeslice?: number;
  /** Keyframe interval in ms where supported (default 1000). */
  keyFrameInterval?: number;
  /** Least time between two recorder restarts asked for by keyframe requests, ms (default 1000). */
  keyframeRequestInterval?: number;
  /** Socket bytes queued past which media is dropped until it drains (default 1 MiB). */
  maxBufferedAmount?: number;
  /**
   * How the camera is encoded: `webcodecs` (a VideoEncoder, fed by a track processor in
   * Chromium, by frames copied from a `<video>` in WebKit and Firefox), `mediarecorder`, or
   * `auto` (the default): WebCodecs in Chromium, and in WebKit (its MediaRecorder records no
   * WebM), else MediaRecorder. Both send the same WebM VP8 stream. docs/media.md says why.
   */
  encoder?: 'auto' | 'webcodecs' | 'mediarecorder';
  /** Target video bitrate of the WebCodecs encoder at full size and rate, bits/s (default 1,000,000). */
  videoBitrate?: number;
  /** Constraints of a shared screen's video (default `{frameRate: 15}`: text wants detail, not motion). */
  screen?: MediaTrackConstraints;
  /** Target bitrate of a shared screen with the WebCodecs encoder, bits/s (default 1,500,000). */
  screenBitrate?: number;
  /**
   * A shared screen's sound, where the browser offers it (Chromium: a tab's or the system's
   * sound, if ticked in its picker; Firefox and Safari share none): constraints for it
   * (default: echo cancellation, noise suppression and gain control off, for music and
   * video), or `false` for none.
   */
  screenAudio?: MediaTrackConstraints | false;
  /** The camera to open (a `deviceId` from `enumerateDevices()`; default: the browser's). */
  cameraId?: string;
  /** The microphone to open (a `deviceId`; default: the browser's). */
  micId?: string;
}

/**
 * A device in use was lost (unplugged, taken by another app) and the publisher went on with
 * the browser's default one. `deviceId` is the new one's.
 */
export class PublisherFallbackEvent extends Event {
  constructor(
    readonly track: DeviceTrack,
    readonly deviceId: string | undefined,
  ) {
    super('fallback');
  }
}

/** A publisher failed to capture or record. */
export class PublisherErrorEvent extends Event {
  constructor(
    readonly track: TrackKind,
    readonly error: Error,
  ) {
    super('error');
  }
}

/** Defaults of {@link PublisherOptions} (without `video` constraints the browser picks the camera; `audio` defaults to echo cancellation and noise suppression). */
export const PUBLISHER_DEFAULTS = Object.freeze({
  videoMimeTypes: ['video/webm;codecs=vp8', 'video/webm', 'video/mp4'] as readonly string[],
  audioMimeTypes: ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'] as readonly string[],
  timeslice: 20,
  keyFrameInterval: 1000,
  keyframeRequestInterval: 1000,
  maxBufferedAmount: 1024 * 1024,
  encoder: 'auto' as NonNullable<PublisherOptions['encoder']>,
  videoBitrate: 1_000_000,
  screenBitrate: 1_500_000,
});

/** The state that turns each track off. */
const OFF_STATE: Readonly<Record<TrackKind, Omit<StateUpdateMessage, 'type'>>> = {
  video: { camera: false },
  audio: { mic: false, speaking: false },
  screen: { sharing: false },
  screenAudio: { screenAudio: null },
};

/** The state that announces a slot's track on, with its MIME type. */
function onState(slot: TrackSlot): Omit<StateUpdateMessage, 'type'> {
  const mime = slot.announced ?? null;
  switch (slot.kind) {
    case 'video':
      return { camera: true, video: mime };
    case 'audio':
      return { mic: true, audio: mime };
    case 'screen':
      return { sharing: true, screen: mime };
    case 'screenAudio':
      return { screenAudio: mime };
  }
}

/** Whether a track is a camera's or microphone's (which can be chosen, switched and fall back). */
function isDevice(kind: TrackKind): kind is DeviceTrack {
  return kind === 'video' || kind === 'audio';
}

/** Microphone constraints when none are given: a meeting wants echo cancellation and noise suppression. */
const MIC_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true };
/**
 * What `getUserMedia` is asked for a camera (`video`) or microphone (`audio`): the options'
 * constraints (or the defaults), and exactly `deviceId` when one is given. The pre-join
 * preview opens devices the same way, so the tracks it hands over are the publisher's own.
 */
export function captureConstraints(kind: DeviceTrack, options: Pick<PublisherOptions, 'video' | 'audio'>, deviceId: string | undefined): MediaTrackConstraints | true {
  const base = kind === 'video' ? options.video : (options.audio ?? MIC_CONSTRAINTS);
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : (base ?? true);
}

/** A shared screen's video when no constraints are given. */
const SCREEN_CONSTRAINTS: MediaTrackConstraints = { frameRate: 15 };
/** A shared screen's sound when no constraints are given: a tab's sound is music and video, not a voice. */
const SCREEN_AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
/** ms between checks of a backed-up socket, waiting for it to drain. */
const DRAIN_CHECK_MS = 50;

interface TrackSlot {
  kind: TrackKind;
  track: MediaStreamTrack | undefined;
  recorder: TrackRecorder;
  /** The MIME type announced to the room. */
  announced: string | undefined;
  lastRestart: number;
  restartTimer: ReturnType<typeof setTimeout> | undefined;
  congested: boolean;
  /** Bumped by every on/off change, so a slow getUserMedia cannot override a later call. */
  generation: number;
  /**
   * performance.now() of the last two keyframe frames sent, to see whether keyframes come by
   * themselves. A (re)start's own first keyframe begins the count again: a restart asked for
   * 0.6 s after the epoch began once looked like keyframes every 0.6 s, and the next requests,
   * for 15 s, restarted nothing.
   */
  keyframesAt: [number, number];
  /** An init was the last thing sent: the next keyframe is a (re)start's. */
  afterInit: boolean;
}

/** The events of a {@link Publisher}. */
export interface PublisherEventMap {
  change: Event;
  error: PublisherErrorEvent;
  fallback: PublisherFallbackEvent;
}

/**
 * The local side: captures camera and microphone, records each on its own MediaRecorder,
 * and sends normalized frames. Camera off signals first, then stops the recorder and the
 * camera (its light goes out). Camera on acquires, signals, and starts a new recorder (a
 * new epoch). The microphone and a shared screen (`getDisplayMedia`, its own track and
 * epochs beside the camera) work the same way; toggling one never touches the others.
 *
 * `useDevice` switches the camera or microphone while it is on: a new epoch from the new
 * device, the old one released once the new one is open.
 *
 * Fires `change` when the local tracks change, `fallback` ({@link PublisherFallbackEvent})
 * when the device in use (or chosen) was lost and the browser's default took over, and
 * `error` ({@link PublisherErrorEvent}) when a track fails by itself (its recorder failed, no
 * device left); `setCamera`/`setMic` reject instead.
 */
export class Publisher extends TypedEventTarget<PublisherEventMap> {
  private readonly slots: Record<TrackKind, TrackSlot>;
  private readonly opts: Required<Omit<PublisherOptions, 'video' | 'audio' | 'screen' | 'screenAudio' | 'cameraId' | 'micId'>> & Pick<PublisherOptions, 'video' | 'audio' | 'screen' | 'screenAudio'>;
  /** The shared screen's sound, from the same `getDisplayMedia`, until its slot takes it. */
  private screenSound: MediaStreamTrack | undefined;
  private drainTimer: ReturnType<typeof setInterval> | undefined;
  /** The device asked for per kind (undefined: the browser's default). */
  private readonly chosen: Record<DeviceTrack, string | undefined>;

  constructor(
    private readonly sink: PublisherSink,
    options: PublisherOptions = {},
  ) {
    super();
    this.opts = withDefaults(PUBLISHER_DEFAULTS, options);
    this.slots = { video: this.slot('video'), audio: this.slot('audio'), screen: this.slot('screen'), screenAudio: this.slot('screenAudio') };
    this.chosen = { video: options.cameraId, audio: options.micId };
  }

  /** The camera's or microphone's `deviceId`: the one in use while on, else the one chosen (undefined: the default). */
  deviceOf(kind: DeviceTrack): string | undefined {
    return this.slots[kind].track?.getSettings().deviceId ?? this.chosen[kind];
  }

  /**
   * Uses this camera (`video`) or microphone (`audio`) from now on (undefined: the browser's
   * default). While the track is on, the new device is opened first and then swapped in: its
   * recorder starts a new epoch (viewers keep the last picture until its first frame), and
   * the old device is released. If the new one cannot be opened the old one goes on, the
   * choice is not kept, and this rejects.
   */
  async useDevice(kind: DeviceTrack, deviceId: string | undefined): Promise<void> {
    const slot = this.slots[kind];
    const before = this.chosen[kind];
    this.chosen[kind] = deviceId;
    if (!slot.track) return;
    const generation = ++slot.generation;
    let track: MediaStreamTrack;
    try {
      track = await this.open(kind);
    } catch (e) {
      if (generation === slot.generation) this.chosen[kind] = before;
      throw e instanceof Error ? e : new Error(String(e));
    }
    if (generation !== slot.generation || !slot.track) {
      track.stop(); // turned off, or switched again, meanwhile
      return;
    }
    this.swap(slot, track);
  }

  /** The live camera track, if the camera is on (for the local preview). */
  get videoTrack(): MediaStreamTrack | undefined {
    return this.slots.video.track;
  }

  /** Whether the camera is on. */
  get camera(): boolean {
    return this.slots.video.track !== undefined;
  }

  /** Whether the microphone is on. */
  get mic(): boolean {
    return this.slots.audio.track !== undefined;
  }

  /** The live microphone track, if on (for speaking detection). */
  get audioTrack(): MediaStreamTrack | undefined {
    return this.slots.audio.track;
  }

  /** The live shared-screen track, if sharing (for the local preview). */
  get screenTrack(): MediaStreamTrack | undefined {
    return this.slots.screen.track;
  }

  /** The shared screen's live sound track, if it has one. */
  get screenAudioTrack(): MediaStreamTrack | undefined {
    return this.slots.screenAudio.track;
  }

  /**
   * Starts or stops sharing a screen. Starting asks the browser for one (its picker; most
   * browsers want a user gesture first) and rejects if that is refused; its sound, where the
   * browser gives one, is sent as the `screenAudio` track beside it. Stopping it from the
   * browser's own "Stop sharing" ends it the same way, with a `change` event.
   */
  async setScreen(on: boolean): Promise<void> {
    if (!on) await this.set(this.slots.screenAudio, false);
    await this.set(this.slots.screen, on);
    const sound = this.screenSound;
    this.screenSound = undefined;
    if (on && sound && this.slots.screen.track) await this.set(this.slots.screenAudio, true, sound).catch(() => undefined);
    else sound?.stop();
  }

  /**
   * Turns the camera on or off. Resolves when the local change is done. `track`, a live
   * camera track (a pre-join preview's), is used instead of opening the camera again.
   */
  setCamera(on: boolean, track?: MediaStreamTrack): Promise<void> {
    return this.set(this.slots.video, on, track);
  }

  /** Turns the microphone on or off, like {@link setCamera}. */
  setMic(on: boolean, track?: MediaStreamTrack): Promise<void> {
    return this.set(this.slots.audio, on, track);
  }

  /**
   * Someone needs a keyframe. The WebCodecs encoder makes the next frame one. A recorder is
   * restarted (it starts with one), spliced into the current epoch so viewers who are playing
   * see just that keyframe, unless its own keyframes come often enough that the next is no
   * further away than a restart would take (Chromium's, every `keyFrameInterval`; Firefox
   * ignores the option and makes one every ~7.5 s). A restart blocks the page for a moment,
   * and under load requests from every viewer would restart it over and over.
   * Rate-limited: requests inside `keyframeRequestInterval` of the last one are merged into
   * one at the end of it.
   */
  requestKeyframe(kind: TrackKind): void {
    const slot = this.slots[kind];
    if (!slot.track || slot.restartTimer) return;
    if (slot.recorder instanceof RecorderTrack && this.keyframesComeSoon(slot)) return;
    const wait = slot.lastRestart + this.opts.keyframeRequestInterval - performance.now();
    if (wait <= 0) return this.restart(slot, true);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      this.restart(slot, true);
    }, wait);
  }

  /** Re-announces and restarts every live track (after a reconnect: receivers need a fresh start). */
  republish(): void {
    for (const slot of Object.values(this.slots)) {
      if (!slot.track) continue;
      this.sink.sendState(onState(slot));
      this.restart(slot);
    }
  }

  /** Stops every recorder and track. */
  dispose(): void {
    for (const slot of Object.values(this.slots)) {
      slot.generation += 1;
      this.release(slot);
      slot.recorder.dispose();
    }
    clearInterval(this.drainTimer);
  }

  /** Whether the slot's last keyframes came within `keyFrameInterval` (+ half) of each other, and the next is due within it. */
  private keyframesComeSoon(slot: TrackSlot): boolean {
    const [before, last] = slot.keyframesAt;
    const limit = this.opts.keyFrameInterval * 1.5;
    return last - before <= limit && performance.now() - last <= limit;
  }

  private slot(kind: TrackKind): TrackSlot {
    const slot: TrackSlot = {
      kind,
      track: undefined,
      announced: undefined,
      lastRestart: -Infinity,
      restartTimer: undefined,
      congested: false,
      generation: 0,
      keyframesAt: [-Infinity, -Infinity],
      afterInit: false,
      recorder: undefined!,
    };
    if (!isSound(kind) && this.usesEncoder()) {
      slot.recorder = this.encoderTrack(slot);
      slot.announced = ENCODER_MIME;
    } else if (isSound(kind) && this.usesSoundEncoder()) {
      slot.recorder = this.opusTrack(slot);
      slot.announced = OPUS_MIME;
    } else if (isSound(kind) && this.opts.encoder === 'auto' && canEncode() && canEncodeSound()) {
      // Chromium: the AudioEncoder while the page's audio context runs, else the recorder.
      slot.recorder = new SoundTrack((nextEpoch) => this.opusTrack(slot, nextEpoch), (nextEpoch) => this.recorderTrack(slot, nextEpoch));
      slot.announced = OPUS_MIME;
    } else {
      slot.recorder = this.recorderTrack(slot);
      slot.announced = this.recordable(kind);
    }
    return slot;
  }

  /** The first of `kind`'s MIME types this browser's MediaRecorder supports. */
  private recordable(kind: TrackKind): string | undefined {
    return typeof MediaRecorder === 'undefined' ? undefined : this.mimeTypes(kind).find((t) => MediaRecorder.isTypeSupported(t));
  }

  /**
   * Whether the microphone goes through an AudioEncoder: where the MediaRecorder records no
   * WebM sound (WebKit: MP4 only) and the browser has an AudioEncoder and an AudioWorklet,
   * unless `encoder="mediarecorder"` was asked for.
   */
  private usesSoundEncoder(): boolean {
    const { encoder } = this.opts;
    if (encoder === 'mediarecorder' || !canEncodeSound()) return false;
    return encoder === 'webcodecs' || !this.recordable('audio')?.startsWith('audio/webm');
  }

  /**
   * Whether the camera goes through a VideoEncoder: when asked (`webcodecs`), and on `auto`
   * where there is a track processor (Chromium), or where a VideoEncoder can take frames
   * copied from a `<video>` and the MediaRecorder records no WebM (WebKit: MP4 only).
   */
  private usesEncoder(): boolean {
    const { encoder } = this.opts;
    if (encoder !== 'auto') return encoder === 'webcodecs';
    if (canEncode()) return true;
    return encodeSource() === 'element' && !this.recordable('video')?.startsWith('video/webm');
  }

  private mimeTypes(kind: TrackKind): readonly string[] {
    return isSound(kind) ? this.opts.audioMimeTypes : this.opts.videoMimeTypes;
  }

  private opusTrack(slot: TrackSlot, nextEpoch?: () => number): OpusTrack {
    return new OpusTrack({
      onFrame: (frame) => this.send(slot, frame),
      onMimeType: (mime) => this.announce(slot, mime),
      onError: (error) => this.dispatchEvent(new PublisherErrorEvent(slot.kind, error)),
      nextEpoch,
    });
  }

  private recorderTrack(slot: TrackSlot, nextEpoch?: () => number): RecorderTrack {
    const { kind } = slot;
    return new RecorderTrack({
      nextEpoch,
      kind: isSound(kind) ? 'audio' : 'video',
      mimeTypes: this.mimeTypes(kind),
      timeslice: this.opts.timeslice,
      keyFrameInterval: this.opts.keyFrameInterval,
      onFrame: (frame) => this.send(slot, frame),
      onMimeType: (mime) => this.announce(slot, mime),
      onError: (error) => this.dispatchEvent(new PublisherErrorEvent(kind, error)),
    });
  }

  private encoderTrack(slot: TrackSlot): EncoderTrack {
    return new EncoderTrack({
      keyFrameInterval: this.opts.keyFrameInterval,
      bitrate: slot.kind === 'screen' ? this.opts.screenBitrate : this.opts.videoBitrate,
      screen: slot.kind === 'screen',
      backlog: () => this.sink.bufferedAmount,
      onFrame: (frame) => this.send(slot, frame),
      onMimeType: (mime) => this.announce(slot, mime),
      onError: (error) => {
        // A browser that lists the APIs but cannot encode (no VP8, a GPU process gone):
        // record this camera with a MediaRecorder from now on, unless that was asked against.
        if (this.opts.encoder === 'webcodecs') {
          this.dispatchEvent(new PublisherErrorEvent(slot.kind, error));
          return;
        }
        slot.recorder.dispose();
        slot.recorder = this.recorderTrack(slot);
        this.restart(slot);
      },
    });
  }

  private async set(slot: TrackSlot, on: boolean, given?: MediaStreamTrack): Promise<void> {
    const generation = ++slot.generation;
    if (!on) {
      if (!slot.track) return;
      // Signal first: every receiver flips to the avatar the moment this arrives.
      this.sink.sendState(OFF_STATE[slot.kind]);
      this.release(slot);
      this.dispatchEvent(new Event('change'));
      return;
    }
    if (slot.track) {
      if (given && given !== slot.track) given.stop();
      return;
    }
    let track: MediaStreamTrack;
    let fellBack = false;
    try {
      if (given?.readyState === 'live') track = given;
      else ({ track, fellBack } = await this.openOrDefault(slot.kind));
    } catch (e) {
      if (generation !== slot.generation) return;
      // The caller hears of it (the promise rejects); `error` is for failures nobody asked for.
      throw e instanceof Error ? e : new Error(String(e));
    }
    if (generation !== slot.generation) {
      track.stop(); // turned off (or on again) while we waited for the device
      return;
    }
    slot.track = track;
    this.watch(slot, track);
    this.sink.sendState(onState(slot));
    this.restart(slot);
    this.dispatchEvent(new Event('change'));
    if (fellBack && isDevice(slot.kind)) this.dispatchEvent(new PublisherFallbackEvent(slot.kind, track.getSettings().deviceId));
  }

  /**
   * Opens the chosen device; if it is gone (unplugged since it was chosen or remembered), the
   * browser's default one instead, forgetting the choice.
   */
  private async openOrDefault(kind: TrackKind): Promise<{ track: MediaStreamTrack; fellBack: boolean }> {
    try {
      return { track: await this.open(kind), fellBack: false };
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (!isDevice(kind) || !this.chosen[kind] || (name !== 'NotFoundError' && name !== 'OverconstrainedError')) throw e;
      this.chosen[kind] = undefined;
      return { track: await this.open(kind), fellBack: true };
    }
  }

  /**
   * Opens the device for `kind`: the screen picker (its sound, if any, is kept for the
   * `screenAudio` slot), or the chosen camera or microphone.
   */
  private async open(kind: TrackKind): Promise<MediaStreamTrack> {
    const devices = navigator.mediaDevices;
    if (kind === 'screenAudio') throw new Error('a screen\'s sound comes with the screen');
    if (kind === 'screen') {
      const sound = this.opts.screenAudio === false ? false : (this.opts.screenAudio ?? SCREEN_AUDIO_CONSTRAINTS);
      const stream = await devices.getDisplayMedia({ video: this.opts.screen ?? SCREEN_CONSTRAINTS, audio: sound });
      const track = stream.getVideoTracks()[0]!;
      // A screen's picture is text and lines: the encoders keep detail over motion.
      track.contentHint = 'detail';
      this.screenSound?.stop();
      this.screenSound = stream.getAudioTracks()[0];
      return track;
    }
    return (await devices.getUserMedia({ [kind]: captureConstraints(kind, this.opts, this.chosen[kind]) })).getTracks()[0]!;
  }

  /**
   * Follows a live track's end. A screen share ended from the browser's own "Stop sharing"
   * just stops. A camera or microphone lost by itself (unplugged, taken by another app) goes
   * on with the browser's default device, with a `fallback` event; if there is none, it is
   * signaled off like a click would, with an `error` event.
   */
  private watch(slot: TrackSlot, track: MediaStreamTrack): void {
    let handled = false;
    const ended = (): void => {
      if (handled || slot.track !== track) return;
      handled = true;
      if (slot.kind === 'screen') return void this.setScreen(false);
      if (!isDevice(slot.kind)) return void this.set(slot, false);
      void this.fallBack(slot, slot.kind);
    };
    track.addEventListener('ended', ended);
    // Firefox (ESR 140) calls no addEventListener listener of a MediaStreamTrack for an event
    // dispatched by script, only `onended` (how tests unplug a device): both, run once.
    track.onended = ended;
  }

  private async fallBack(slot: TrackSlot, kind: DeviceTrack): Promise<void> {
    const generation = ++slot.generation;
    const lost = this.chosen[kind];
    this.chosen[kind] = undefined;
    let track: MediaStreamTrack | undefined;
    try {
      track = await this.open(kind);
    } catch {
      track = undefined;
    }
    if (generation !== slot.generation) return track?.stop();
    if (!track) {
      this.chosen[kind] = lost;
      this.dispatchEvent(new PublisherErrorEvent(kind, new Error(`${kind === 'video' ? 'camera' : 'microphone'} stopped`)));
      return this.set(slot, false);
    }
    this.swap(slot, track);
    this.dispatchEvent(new PublisherFallbackEvent(kind, track.getSettings().deviceId));
  }

  /** Puts `track` in place of the slot's live one: a new epoch from it, then the old device released. */
  private swap(slot: TrackSlot, track: MediaStreamTrack): void {
    const old = slot.track;
    slot.track = track;
    this.watch(slot, track);
    this.restart(slot);
    old?.stop();
    this.dispatchEvent(new Event('change'));
  }

  /** Starts the slot's recorder again: a new epoch, or with `splice` the same one if it can. */
  private restart(slot: TrackSlot, splice = false): void {
    if (!slot.track) return;
    clearTimeout(slot.restartTimer);
    slot.restartTimer = undefined;
    slot.lastRestart = performance.now();
    // After congestion the stream has a hole: only a new epoch is clean.
    if (splice && !slot.congested) slot.recorder.splice(slot.track);
    else slot.recorder.start(slot.track);
    slot.congested = false;
  }

  private release(slot: TrackSlot): void {
    clearTimeout(slot.restartTimer);
    slot.restartTimer = undefined;
    slot.recorder.stop();
    slot.track?.stop();
    slot.track = undefined;
    slot.congested = false;
    slot.keyframesAt = [-Infinity, -Infinity];
  }

  private announce(slot: TrackSlot, mime: string): void {
    if (mime === slot.announced) return;
    slot.announced = mime;
    this.sink.sendState({ [slot.kind]: mime });
  }

  private send(slot: TrackSlot, frame: RecordedFrame): void {
    if (this.sink.bufferedAmount > this.opts.maxBufferedAmount) {
      // Never queue without bound: stop, and start a new epoch once the socket drains.
      slot.congested = true;
      slot.recorder.stop();
      this.watchDrain();
      return;
    }
    const { epoch, seq, init, keyframe, data } = frame;
    if (keyframe) slot.keyframesAt = [slot.afterInit ? -Infinity : slot.keyframesAt[1], performance.now()];
    slot.afterInit = init;
    this.sink.sendFrame(encodeFrame({ track: slot.kind, epoch, seq, init, keyframe }, data));
  }

  private watchDrain(): void {
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => {
      if (this.sink.bufferedAmount > this.opts.maxBufferedAmount / 2) return;
      clearInterval(this.drainTimer);
      this.drainTimer = undefined;
      for (const slot of Object.values(this.slots)) if (slot.congested) this.restart(slot);
    }, DRAIN_CHECK_MS);
  }
}
