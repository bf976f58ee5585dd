import { sameBytes } from '../webm/index.js';
import { LIVE_EDGE_DEFAULTS, LiveEdgeController, type TimeRange } from './live-edge.js';
import { mediaSourceClass, toMseMime } from './mime.js';

/** One piece of a remote track's byte stream, as the protocol delivers it. */
export interface MediaFrame {
  /** Recorder run of the sender: every recorder start is a new, larger epoch. */
  epoch: number;
  /** Order within the epoch. */
  seq: number;
  /** Initialization segment (or, from a raw recorder, its first chunk): starts an epoch. */
  init: boolean;
  /** Starts a Cluster that begins with a video keyframe: playback can restart here. */
  keyframe: boolean;
  /** Bytes to append, in order. */
  data: Uint8Array;
}

/** Options of {@link MediaPlayer}; defaults in {@link PLAYER_DEFAULTS}. */
export interface PlayerOptions {
  /** The track it plays; a video player mutes its element, as the sound has its own. */
  kind: 'video' | 'audio';
  /** Target lag behind the newest buffered media, seconds. */
  targetLatency?: number;
  /**
   * Seconds of media kept behind currentTime before trimming. Trimming never cuts into the
   * keyframe group being played, so a sender with sparse keyframes (Firefox: ~7.5 s) keeps
   * up to one group more.
   */
  keepSeconds?: number;
  /** ms of bytes arriving without the playhead advancing before rebuilding the pipeline. */
  stallTimeout?: number;
  /** Bytes waiting to be appended beyond which whole keyframe groups are dropped. */
  maxQueueBytes?: number;
}

/** Defaults of {@link PlayerOptions}; the measurements behind them are in docs/player.md. */
export const PLAYER_DEFAULTS = Object.freeze({
  targetLatency: LIVE_EDGE_DEFAULTS.targetLatency,
  keepSeconds: 3,
  stallTimeout: 2000,
  maxQueueBytes: 2 * 1024 * 1024,
});

/** `off`: no epoch playing; `loading`: waiting for a first frame; `error`: see the error event. */
export type PlayerState = 'off' | 'loading' | 'playing' | 'error';
/** `unsupported`: MSE cannot play the announced MIME type; `decode`: the bytes did not play. */
export type PlayerErrorReason = 'unsupported' | 'decode';
/** Why the player asks the sender for a keyframe (a recorder restart). */
export type KeyframeCause = 'stall' | 'missed-init' | 'overflow' | 'decode';

/** `firstframe`: the first frame of a new pipeline (a new epoch, or a rebuild) was decoded. */
export class PlayerFirstFrameEvent extends Event {
  constructor(
    /** Epoch of the frame. */
    readonly epoch: number,
    /** ms from building the pipeline (init frame, or keyframe after a rebuild) to the frame. */
    readonly elapsed: number,
    /** True when the pipeline was rebuilt within the epoch after a stall or decode error. */
    readonly resync: boolean,
  ) {
    super('firstframe');
  }
}

/** `statechange`: {@link MediaPlayer.state} changed. */
export class PlayerStateChangeEvent extends Event {
  constructor(
    /** The new state. */
    readonly state: PlayerState,
    /** The state before. */
    readonly previous: PlayerState,
  ) {
    super('statechange');
  }
}

/** `error`: the current epoch cannot play (state is `error`). */
export class PlayerErrorEvent extends Event {
  constructor(
    /** Machine-readable cause. */
    readonly reason: PlayerErrorReason,
    /** Human-readable detail, e.g. the MIME type MSE refused. */
    readonly message: string,
  ) {
    super('error');
  }
}

/** `keyframeneeded`: ask the sender to restart its recorder (a new epoch starts clean). */
export class PlayerKeyframeNeededEvent extends Event {
  constructor(
    /** Epoch the request is about. */
    readonly epoch: number,
    /** What went wrong. */
    readonly cause: KeyframeCause,
  ) {
    super('keyframeneeded');
  }
}

/** Events of {@link MediaPlayer}. */
export interface MediaPlayerEventMap {
  firstframe: PlayerFirstFrameEvent;
  statechange: PlayerStateChangeEvent;
  error: PlayerErrorEvent;
  keyframeneeded: PlayerKeyframeNeededEvent;
}

/** ms after the first frame during which any lag beyond the band is jumped, not eaten. */
const STARTUP_MS = 1000;
/**
 * A keyframe's time is taken as the buffered end before its frame was appended, which can be
 * up to a frame duration late (the browser estimates the last frame's length): trims stop
 * this far before it.
 */
const KEYFRAME_MARGIN = 0.2;
/**
 * A keyframe group longer than this is trimmed by time anyway (losing the rest of the group),
 * so a sender that never marks keyframes cannot grow the buffer without bound.
 */
const LONGEST_GROUP = 30;

interface PipelineHost {
  /** An append or remove finished, so the buffered ranges changed. */
  onUpdate(): void;
  /** The pipeline cannot go on. */
  onFail(reason: PlayerErrorReason, message: string): void;
  /** The queue was dropped to empty: nothing can be appended before a keyframe frame. */
  onStarved(): void;
}

/** One MediaSource with its SourceBuffer and the bounded queue of frames not yet appended. */
class Pipeline {
  /** `performance.now()` at construction, for firstframe's `elapsed`. */
  readonly startedAt = performance.now();
  private readonly ms: MediaSource;
  private readonly url: string | undefined;
  private readonly listeners = new AbortController();
  private sb: SourceBuffer | undefined;
  private initPending = true;
  private readonly queue: MediaFrame[] = [];
  private queuedBytes = 0;
  private disposed = false;
  /** Media times (s) of the appended keyframe frames not trimmed yet, oldest first. */
  private readonly keyframes: number[] = [];
  /** While a keyframe frame is being appended: the buffered end before it (-1: empty). */
  private keyframeFrom: number | undefined;

  constructor(
    private readonly el: HTMLMediaElement,
    private readonly mime: string,
    private readonly init: Uint8Array,
    private readonly limits: { keepSeconds: number; maxQueueBytes: number },
    private readonly host: PipelineHost,
  ) {
    const { ctor, managed } = mediaSourceClass()!;
    this.ms = new ctor();
    this.ms.addEventListener('sourceopen', () => this.open(), { once: true, signal: this.listeners.signal });
    if (managed) {
      // Safari plays a ManagedMediaSource only as srcObject, and only with AirPlay off.
      el.disableRemotePlayback = true;
      el.srcObject = this.ms;
    } else {
      this.url = URL.createObjectURL(this.ms);
      el.src = this.url;
    }
  }

  /** Everything pushed is appended: the buffered end is the live edge. */
  get idle(): boolean {
    return !!this.sb && !this.sb.updating && !this.initPending && this.queue.length === 0;
  }

  /** Whether the element still plays this pipeline's MediaSource. */
  get attached(): boolean {
    return this.url ? this.el.src === this.url : this.el.srcObject === this.ms;
  }

  /** Queue a frame for appending after everything before it. */
  enqueue(frame: MediaFrame): void {
    if (this.disposed) return;
    this.queue.push(frame);
    this.queuedBytes += frame.data.byteLength;
    if (this.queuedBytes > this.limits.maxQueueBytes) this.drop();
    this.pump();
  }

  /** Append the next queued bytes, or trim, unless the SourceBuffer is busy. */
  pump(): void {
    const sb = this.sb;
    if (!sb || sb.updating || this.disposed || this.ms.readyState !== 'open') return;
    // Trim in batches of a second: every remove() is an update the appends wait for.
    if (this.trim(this.limits.keepSeconds, 1)) return;
    const data = this.initPending ? this.init : this.queue[0]?.data;
    if (!data) return;
    try {
      // Frames come from WebSocket ArrayBuffers, never SharedArrayBuffers.
      sb.appendBuffer(data as Uint8Array<ArrayBuffer>);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'QuotaExceededError') {
        // Retry on updateend after freeing what the playhead passed; if nothing can be
        // freed, the media ahead is too much to ever play live: skip to a later keyframe.
        if (!this.trim(0.5, 0.1)) this.drop();
        return;
      }
      this.host.onFail('decode', `appendBuffer failed: ${errorText(e)}`);
      return;
    }
    if (this.initPending) {
      this.initPending = false;
    } else {
      if (this.queue[0]!.keyframe) this.keyframeFrom = sb.buffered.length ? sb.buffered.end(sb.buffered.length - 1) : -1;
      this.shift();
    }
  }

  /** Release the MediaSource; `detach` also empties the element (else the next src replaces it). */
  dispose(detach: boolean): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.abort();
    if (this.url) URL.revokeObjectURL(this.url);
    if (detach && this.attached) {
      if (this.url) this.el.removeAttribute('src');
      else this.el.srcObject = null;
      this.el.load();
    }
    this.queue.length = 0;
  }

  private open(): void {
    // The element has resolved the URL; revoking now lets the MediaSource die with it.
    if (this.url) URL.revokeObjectURL(this.url);
    try {
      this.sb = this.ms.addSourceBuffer(this.mime);
    } catch (e) {
      this.host.onFail('unsupported', `addSourceBuffer("${this.mime}") failed: ${errorText(e)}`);
      return;
    }
    const signal = this.listeners.signal;
    this.sb.addEventListener('updateend', () => {
      this.noteKeyframe();
      this.pump();
      this.host.onUpdate();
    }, { signal });
    this.sb.addEventListener('error', () => {
      this.host.onFail('decode', `the browser could not parse the "${this.mime}" stream`);
    }, { signal });
    this.pump();
  }

  /** After a keyframe frame's append: record where it starts. */
  private noteKeyframe(): void {
    const from = this.keyframeFrom;
    if (from === undefined) return;
    const buffered = this.sb!.buffered;
    // Into an empty buffer: Chromium leaves the newest block out of `buffered` until the next
    // one arrives, so the start may only show after a later append.
    if (from < 0 && !buffered.length) return;
    this.keyframeFrom = undefined;
    this.keyframes.push(from >= 0 ? from : buffered.start(0));
  }

  /**
   * Remove media more than `keep` s behind the playhead if that frees at least `min` s, but
   * never the keyframe the playing group decodes from: MSE's remove() also removes every
   * frame up to the next keyframe, which would empty the buffer under the playhead.
   */
  private trim(keep: number, min: number): boolean {
    const sb = this.sb!;
    const start = sb.buffered.length ? sb.buffered.start(0) : Infinity;
    const now = this.el.currentTime;
    let cut = now - keep;
    let key: number | undefined;
    for (const k of this.keyframes) if (k <= now) key = k;
    // Without any keyframe frame (a sender that does not mark them) only time limits the trim.
    if (key !== undefined && cut - key < LONGEST_GROUP) cut = Math.min(cut, key - KEYFRAME_MARGIN);
    if (cut - start < min) return false;
    sb.remove(start, cut);
    while (this.keyframes.length && this.keyframes[0]! < cut) this.keyframes.shift();
    return true;
  }

  /**
   * Drop whole groups of frames from the head, resuming at a keyframe frame, until the queue
   * fits: appending a backlog late only adds lag, and a partial group would not decode.
   */
  private drop(): void {
    do {
      this.shift();
      while (this.queue[0] && !this.queue[0].keyframe) this.shift();
    } while (this.queuedBytes > this.limits.maxQueueBytes);
    if (!this.queue.length) this.host.onStarved();
  }

  private shift(): void {
    const frame = this.queue.shift();
    if (frame) this.queuedBytes -= frame.data.byteLength;
  }
}

/**
 * Plays one remote track (video or audio) from frames pushed in order, with Media Source
 * Extensions on its own media element, near the live edge.
 *
 * Every epoch (recorder run) gets a fresh MediaSource. Frames of older or stopped epochs are
 * dropped. A watchdog rebuilds the pipeline from the next keyframe frame when bytes keep
 * arriving but the playhead does not move.
 *
 * @event firstframe - {@link PlayerFirstFrameEvent}: a new pipeline shows its first frame.
 * @event statechange - {@link PlayerStateChangeEvent}: {@link MediaPlayer.state} changed.
 * @event error - {@link PlayerErrorEvent}: `unsupported` MIME type or `decode` failure.
 * @event keyframeneeded - {@link PlayerKeyframeNeededEvent}: ask the sender to restart its recorder.
 */
export class MediaPlayer extends EventTarget {
  /** The recorder's MIME type as announced by the sender; read when an epoch starts. */
  mimeType = '';

  private readonly opts: Required<PlayerOptions>;
  private readonly controller: LiveEdgeController;
  private readonly elementListeners = new AbortController();
  private _state: PlayerState = 'off';
  private _epoch = 0;
  /** Whether frames of the current epoch are wanted (not after stop() or `unsupported`). */
  private epochOpen = false;
  private init: Uint8Array | undefined;
  private pipeline: Pipeline | undefined;
  /** Waiting for a keyframe frame, to append to the current pipeline or to rebuild. */
  private resync: 'none' | 'append' | 'rebuild' = 'none';
  private rebuilt = false;
  private firstFramePending = false;
  private firstFrameAt = 0;
  private frameCallback = 0;
  /** currentTime when playback was first seen, to detect it advancing. */
  private anchor = NaN;
  private blocked = false;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTime = NaN;
  private lastProgressAt = 0;
  private bytesSinceProgress = 0;
  private missedInit = { epoch: -1, at: 0 };
  private disposed = false;

  /**
   * @param element the `<video>` or `<audio>` this player owns from now on
   * @param options see {@link PlayerOptions}
   */
  constructor(
    private readonly element: HTMLVideoElement | HTMLAudioElement,
    options: PlayerOptions,
  ) {
    super();
    this.opts = {
      kind: options.kind,
      targetLatency: options.targetLatency ?? PLAYER_DEFAULTS.targetLatency,
      keepSeconds: options.keepSeconds ?? PLAYER_DEFAULTS.keepSeconds,
      stallTimeout: options.stallTimeout ?? PLAYER_DEFAULTS.stallTimeout,
      maxQueueBytes: options.maxQueueBytes ?? PLAYER_DEFAULTS.maxQueueBytes,
    };
    this.controller = new LiveEdgeController({ targetLatency: this.opts.targetLatency });
    if (options.kind === 'video') {
      // Autoplay needs no user gesture when muted; the sound has its own element.
      element.muted = true;
      if (element instanceof HTMLVideoElement) element.playsInline = true;
    }
    element.autoplay = true;
    const signal = this.elementListeners.signal;
    element.addEventListener('error', () => this.onElementError(), { signal });
    element.addEventListener('timeupdate', () => this.checkAdvancing(), { signal });
    element.addEventListener('seeking', () => (this.anchor = NaN), { signal });
    element.addEventListener('playing', () => {
      this.blocked = false;
      this.checkAdvancing();
    }, { signal });
  }

  /** `off` (no epoch), `loading` (waiting for a first frame), `playing` or `error`. */
  get state(): PlayerState {
    return this._state;
  }

  /** The newest epoch seen with its init frame (0 before any). */
  get epoch(): number {
    return this._epoch;
  }

  /** Seconds from the playhead to the end of the buffered media. */
  get lag(): number {
    const buffered = this.element.buffered;
    if (!this.pipeline || !buffered.length) return 0;
    return Math.max(0, buffered.end(buffered.length - 1) - this.element.currentTime);
  }

  /**
   * Feed one frame. An init frame of a newer epoch starts a fresh pipeline; non-init frames
   * of an unseen epoch, and frames of older or stopped epochs, are dropped.
   */
  push(frame: MediaFrame): void {
    if (this.disposed) return;
    if (frame.epoch > this._epoch) {
      if (frame.init) this.startEpoch(frame);
      else this.onMissedInit(frame.epoch);
      return;
    }
    if (frame.epoch < this._epoch || !this.epochOpen) return;
    if (frame.init) {
      // A sender's recorder restarted within the epoch repeats its init: nothing to append.
      if (this.init && sameBytes(frame.data, this.init)) return;
      this.init = frame.data;
    }
    this.bytesSinceProgress += frame.data.byteLength;
    if (this.resync !== 'none') {
      if (!frame.keyframe) return;
      const rebuild = this.resync === 'rebuild' || !this.pipeline;
      this.resync = 'none';
      if (rebuild) return this.build(frame, true);
    }
    this.pipeline?.enqueue(frame);
  }

  /** The sender turned the track off: drop the rest of this epoch, empty the element, `off`. */
  stop(): void {
    if (this.disposed) return;
    this.epochOpen = false;
    this.resync = 'none';
    this.teardown(true);
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    this.setState('off');
  }

  /** Release the MediaSource, object URL, listeners, timers and frame callbacks. */
  dispose(): void {
    if (this.disposed) return;
    this.stop();
    this.disposed = true;
    this.elementListeners.abort();
  }

  private startEpoch(frame: MediaFrame): void {
    this._epoch = frame.epoch;
    this.epochOpen = true;
    this.init = frame.data;
    this.resync = 'none';
    this.build(undefined, false);
  }

  /** Replace the pipeline with a fresh one fed the epoch's init, then `first` if given. */
  private build(first: MediaFrame | undefined, resync: boolean): void {
    const mse = toMseMime(this.mimeType);
    if (!mse.ok) return this.fail('unsupported', mse.message);
    // Not detached: the new src replaces the old one without an empty load in between.
    this.teardown(false);
    this.controller.reset();
    const pipeline: Pipeline = new Pipeline(this.element, mse.mime, this.init!, this.opts, {
      onUpdate: () => this.pipeline === pipeline && this.steer(),
      onFail: (reason, message) => this.pipeline === pipeline && this.fail(reason, message),
      onStarved: () => this.pipeline === pipeline && this.needKeyframe('overflow', 'append'),
    });
    this.pipeline = pipeline;
    this.rebuilt = resync;
    this.firstFramePending = true;
    this.anchor = NaN;
    this.lastProgressAt = performance.now();
    this.bytesSinceProgress = 0;
    if (first) pipeline.enqueue(first);
    this.watchFirstFrame(pipeline);
    this.setState('loading');
    this.play();
    this.schedule();
  }

  private teardown(detach: boolean): void {
    this.pipeline?.dispose(detach);
    this.pipeline = undefined;
    this.firstFramePending = false;
    if (this.frameCallback && this.element instanceof HTMLVideoElement) {
      this.element.cancelVideoFrameCallback(this.frameCallback);
    }
    this.frameCallback = 0;
  }

  private fail(reason: PlayerErrorReason, message: string): void {
    this.teardown(true);
    // A restart cannot fix the type; a decode error is fixed by any later keyframe.
    const recoverable = reason === 'decode' && this.epochOpen;
    if (reason === 'unsupported') this.epochOpen = false;
    if (recoverable) this.resync = 'rebuild';
    this.setState('error');
    this.dispatchEvent(new PlayerErrorEvent(reason, message));
    if (recoverable) this.dispatchEvent(new PlayerKeyframeNeededEvent(this._epoch, 'decode'));
  }

  private needKeyframe(cause: KeyframeCause, resync: 'append' | 'rebuild'): void {
    this.resync = resync;
    this.dispatchEvent(new PlayerKeyframeNeededEvent(this._epoch, cause));
  }

  private onMissedInit(epoch: number): void {
    const now = performance.now();
    if (this.missedInit.epoch === epoch && now - this.missedInit.at < this.opts.stallTimeout) return;
    this.missedInit = { epoch, at: now };
    this.dispatchEvent(new PlayerKeyframeNeededEvent(epoch, 'missed-init'));
  }

  private onElementError(): void {
    if (!this.pipeline?.attached) return;
    const error = this.element.error;
    this.fail('decode', `media element error ${error?.code ?? '?'}: ${error?.message || 'no detail'}`);
  }

  private watchFirstFrame(pipeline: Pipeline): void {
    const el = this.element;
    // rVFC reports the frame actually shown; the time-advancing check covers <audio>, and
    // videos that are not rendered (display: none while a tile shows its avatar).
    if (this.opts.kind !== 'video' || !(el instanceof HTMLVideoElement) || !el.requestVideoFrameCallback) return;
    this.frameCallback = el.requestVideoFrameCallback(() => {
      this.frameCallback = 0;
      if (this.pipeline === pipeline) this.onFirstFrame();
    });
  }

  private checkAdvancing(): void {
    const el = this.element;
    if (!this.firstFramePending || el.seeking || el.paused) return;
    if (el.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    if (Number.isNaN(this.anchor)) this.anchor = el.currentTime;
    else if (el.currentTime > this.anchor) this.onFirstFrame();
  }

  private onFirstFrame(): void {
    const pipeline = this.pipeline;
    if (!this.firstFramePending || !pipeline) return;
    this.firstFramePending = false;
    this.firstFrameAt = performance.now();
    this.setState('playing');
    this.dispatchEvent(new PlayerFirstFrameEvent(this._epoch, performance.now() - pipeline.startedAt, this.rebuilt));
  }

  private schedule(): void {
    if (this.tickTimer !== undefined || this.disposed) return;
    // Fast while loading: the time-advancing check is how <audio> sees its first frame.
    const delay = this.firstFramePending ? 20 : 100;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = undefined;
      if (!this.epochOpen && !this.pipeline) return;
      this.pipeline?.pump();
      this.steer();
      this.checkAdvancing();
      this.watchdog();
      this.schedule();
    }, delay);
  }

  private steer(): void {
    const el = this.element;
    const pipeline = this.pipeline;
    if (!pipeline) return;
    if (el.paused && !this.blocked) this.play();
    // While a backlog is still being appended its end is not the live edge yet.
    if (!pipeline.idle || el.seeking || el.readyState === HTMLMediaElement.HAVE_NOTHING) return;
    if (this.firstFramePending) {
      // Chromium's first seek into a keyframe group, before it has shown any frame, took
      // 0.5-1.3 s with Firefox senders' long groups (later seeks: under 0.15 s). So the first
      // frame comes from where the media starts, and the jump to the live edge follows it.
      const buffered = el.buffered;
      if (buffered.length && el.currentTime < buffered.start(0)) el.currentTime = buffered.start(0);
      return;
    }
    // Lag beyond the band is jumped, not eaten, for a while after the first frame.
    const starting = performance.now() - this.firstFrameAt < STARTUP_MS;
    const decision = this.controller.update(toRanges(el.buffered), el.currentTime, starting);
    if (decision.seekTo !== undefined && Math.abs(decision.seekTo - el.currentTime) > 0.001) {
      el.currentTime = decision.seekTo;
    }
    if (el.playbackRate !== decision.playbackRate) el.playbackRate = decision.playbackRate;
  }

  private watchdog(): void {
    const el = this.element;
    const now = performance.now();
    const moving = this.pipeline && (el.currentTime !== this.lastTime || el.paused);
    if (moving) {
      this.lastTime = el.currentTime;
      this.lastProgressAt = now;
      this.bytesSinceProgress = 0;
      return;
    }
    if (this.bytesSinceProgress === 0 || now - this.lastProgressAt < this.opts.stallTimeout) return;
    this.lastProgressAt = now;
    this.bytesSinceProgress = 0;
    if (this._state !== 'error') this.setState('loading');
    // Without a pipeline we are already waiting after a decode error: ask again.
    this.needKeyframe(this.pipeline ? 'stall' : 'decode', 'rebuild');
  }

  private play(): void {
    this.element.play().catch((e: unknown) => {
      // Blocked autoplay (sound before any user gesture) fails the same way every time;
      // the page's own play() after a gesture resumes, and 'playing' clears the flag.
      if (e instanceof DOMException && e.name === 'NotAllowedError') this.blocked = true;
    });
  }

  /** Listen to a {@link MediaPlayerEventMap} event with its typed event object. */
  override addEventListener<K extends keyof MediaPlayerEventMap>(
    type: K,
    listener: (this: MediaPlayer, event: MediaPlayerEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  /** Remove a listener added with {@link MediaPlayer.addEventListener}. */
  override removeEventListener<K extends keyof MediaPlayerEventMap>(
    type: K,
    listener: (this: MediaPlayer, event: MediaPlayerEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  private setState(state: PlayerState): void {
    if (state === this._state) return;
    const previous = this._state;
    this._state = state;
    this.dispatchEvent(new PlayerStateChangeEvent(state, previous));
  }
}

function toRanges(ranges: TimeRanges): TimeRange[] {
  return Array.from({ length: ranges.length }, (_, i) => [ranges.start(i), ranges.end(i)] as const);
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
