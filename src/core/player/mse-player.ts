import { BasePlayer, PlayerErrorEvent, PlayerFirstFrameEvent, errorText, type KeyframeCause, type MediaFrame, type PlayerErrorReason, type PlayerOptions } from './base.js';
import { LiveEdgeController, type TimeRange } from './live-edge.js';
import { mediaSourceClass, toMseMime } from './mime.js';
import { WebmBlockReader } from '../webm/blocks.js';

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
/** ms between two pump-and-steer ticks while loading (how `<audio>` sees its first frame: its time advances). */
const TICK_LOADING_MS = 20;
/** ms between two copies of the frame on screen while playing (for holding the picture at a new epoch). */
const SNAPSHOT_EVERY_MS = 300;
/** A copy older than this is not shown in place of the last frame. */
const SNAPSHOT_MAX_AGE_MS = 2000;
/** ms between two pump-and-steer ticks while playing. */
const TICK_PLAYING_MS = 100;

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
  /** The next append is the first media after the init: it sets the timestamp offset. */
  private firstMedia = true;
  /** The sender's media time (s) at the element's time 0. */
  offset = 0;
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
      if (!this.initPending && this.firstMedia) {
        this.firstMedia = false;
        // The media starts at 0, where the element's playhead is: no seek before the first
        // frame (a late joiner's media starts seconds into the epoch; Firefox took 25-60 ms
        // from the first append to a frame shown after that seek).
        const start = this.queue[0]!.keyframe ? startSeconds(this.init, data) : undefined;
        if (start) sb.timestampOffset = -(this.offset = start);
      }
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
 * @event statechange - {@link PlayerStateChangeEvent}: {@link MsePlayer.state} changed.
 * @event error - {@link PlayerErrorEvent}: `unsupported` MIME type or `decode` failure.
 * @event keyframeneeded - {@link PlayerKeyframeNeededEvent}: ask the sender to restart its recorder.
 */
export class MsePlayer extends BasePlayer {
  private readonly controller: LiveEdgeController;
  private readonly elementListeners = new AbortController();
  private pipeline: Pipeline | undefined;
  /** Waiting for a keyframe frame, to append to the current pipeline or to rebuild. */
  private resync: 'none' | 'append' | 'rebuild' = 'none';
  private rebuilt = false;
  private firstFramePending = false;
  /** The element's poster is the last frame of the epoch before, held until the new first frame. */
  private posterHeld = false;
  /** The latest copy of the frame on screen (see `snapshot`). */
  private lastShot: { canvas: HTMLCanvasElement; at: number } | undefined;
  private firstFrameAt = 0;
  private frameCallback = 0;
  /** currentTime when playback was first seen, to detect it advancing. */
  private anchor = NaN;
  private blocked = false;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTime = NaN;
  private lastProgressAt = 0;
  private bytesSinceProgress = 0;

  /**
   * @param element the `<video>` or `<audio>` this player owns from now on
   * @param options see {@link PlayerOptions}
   */
  constructor(element: HTMLVideoElement | HTMLAudioElement, options: PlayerOptions) {
    super(element, options);
    this.controller = new LiveEdgeController({ targetLatency: this.opts.targetLatency });
    const signal = this.elementListeners.signal;
    element.addEventListener('error', () => this.onElementError(), { signal });
    element.addEventListener('timeupdate', () => this.checkAdvancing(), { signal });
    element.addEventListener('seeking', () => (this.anchor = NaN), { signal });
    element.addEventListener('playing', () => {
      this.blocked = false;
      this.checkAdvancing();
    }, { signal });
  }

  /**
   * The sender's media time (s) at the element's time 0: each pipeline plays its media from
   * 0, so add this to `currentTime` or `buffered` for the time in the sender's stream.
   */
  get mediaOffset(): number {
    return this.pipeline?.offset ?? 0;
  }

  /** Seconds from the playhead to the end of the buffered media. */
  get lag(): number {
    const buffered = this.element.buffered;
    if (!this.pipeline || !buffered.length) return 0;
    return Math.max(0, buffered.end(buffered.length - 1) - this.element.currentTime);
  }

  /** A frame of the epoch: appended in order (an init with new bytes is an MSE re-init). */
  protected accept(frame: MediaFrame): void {
    this.bytesSinceProgress += frame.data.byteLength;
    if (this.resync !== 'none') {
      if (!frame.keyframe) return;
      const rebuild = this.resync === 'rebuild' || !this.pipeline;
      this.resync = 'none';
      if (rebuild) return this.build(frame, true);
    }
    this.pipeline?.enqueue(frame);
  }

  protected override release(): void {
    this.elementListeners.abort();
  }

  protected startEpoch(): void {
    this.resync = 'none';
    // A new epoch while one plays (a device switch, a restart after congestion): the last
    // picture stays up until the new epoch's first frame, and the state stays `playing`.
    const hold = this.state === 'playing' && this.holdPicture();
    this.build(undefined, false, hold);
  }

  /**
   * Keeps the picture on screen while the element loads a new MediaSource: the last frame
   * becomes the element's poster (shown until the new first frame). A new epoch goes to a
   * fresh MediaSource, because Chromium showed a new init and keyframe appended after the
   * old epoch in the same SourceBuffer as the old camera's picture with the new camera's
   * motion for seconds (the device-switch benchmark). Returns whether it could.
   */
  private holdPicture(): boolean {
    const el = this.element;
    // The frame on screen now, or, when the playhead ran out of the old epoch's media (the
    // element then draws nothing but still shows its last frame), the latest snapshot.
    this.snapshot();
    const shot = this.lastShot;
    if (!(el instanceof HTMLVideoElement) || !shot || performance.now() - shot.at > SNAPSHOT_MAX_AGE_MS) return false;
    try {
      el.poster = shot.canvas.toDataURL('image/jpeg', 0.85);
    } catch {
      return false; // a tainted canvas: a blank is all we can do
    }
    this.posterHeld = true;
    return true;
  }

  /**
   * Copies the frame on screen into a small canvas (at most 640 wide), at most every
   * `SNAPSHOT_EVERY_MS` while playing: what {@link holdPicture} shows if a new epoch comes
   * when the element has no current frame to draw.
   */
  private snapshot(force = true): void {
    const el = this.element;
    if (!(el instanceof HTMLVideoElement) || el.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !el.videoWidth) return;
    const now = performance.now();
    if (!force && this.lastShot && now - this.lastShot.at < SNAPSHOT_EVERY_MS) return;
    const scale = Math.min(1, 640 / el.videoWidth);
    const canvas = this.lastShot?.canvas ?? document.createElement('canvas');
    const width = Math.round(el.videoWidth * scale);
    const height = Math.round(el.videoHeight * scale);
    if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    canvas.getContext('2d')?.drawImage(el, 0, 0, width, height);
    this.lastShot = { canvas, at: now };
  }

  /** Takes down the held picture (our poster only, never one the page set). */
  private releasePicture(): void {
    if (!this.posterHeld) return;
    this.posterHeld = false;
    this.element.removeAttribute('poster');
  }

  /**
   * Replace the pipeline with a fresh one fed the epoch's init, then `first` if given.
   * `keepPlaying`: the held last picture stands in, so the state stays `playing`.
   */
  private build(first: MediaFrame | undefined, resync: boolean, keepPlaying = false): void {
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
    if (!keepPlaying) this.setState('loading');
    this.play();
    this.schedule();
  }

  protected teardown(detach: boolean): void {
    this.pipeline?.dispose(detach);
    this.pipeline = undefined;
    this.firstFramePending = false;
    if (this.frameCallback && this.element instanceof HTMLVideoElement) {
      this.element.cancelVideoFrameCallback(this.frameCallback);
    }
    this.frameCallback = 0;
    if (!detach) return;
    this.releasePicture();
    this.lastShot = undefined;
    // The epoch is over: nothing to resync, no ticking.
    this.resync = 'none';
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
  }


  private fail(reason: PlayerErrorReason, message: string): void {
    this.teardown(true);
    // A restart cannot fix the type; a decode error is fixed by any later keyframe.
    const recoverable = reason === 'decode' && this.epochOpen;
    if (reason === 'unsupported') this.epochOpen = false;
    this.setState('error');
    this.dispatchEvent(new PlayerErrorEvent(reason, message));
    if (!recoverable) return;
    this.resync = 'rebuild';
    this.keyframeNeeded('decode');
    // The watchdog asks again if no keyframe comes.
    this.schedule();
  }

  private needKeyframe(cause: KeyframeCause, resync: 'append' | 'rebuild'): void {
    this.resync = resync;
    this.keyframeNeeded(cause);
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
    const onFrame = (): void => {
      this.frameCallback = 0;
      if (this.pipeline !== pipeline) return;
      // A frame of the source before (still presented as the new one loads) is not ours.
      if (el.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !pipeline.attached) this.frameCallback = el.requestVideoFrameCallback(onFrame);
      else this.onFirstFrame();
    };
    this.frameCallback = el.requestVideoFrameCallback(onFrame);
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
    this.releasePicture();
    this.setState('playing');
    this.dispatchEvent(new PlayerFirstFrameEvent(this.epoch, performance.now() - pipeline.startedAt, this.rebuilt));
  }

  private schedule(): void {
    if (this.tickTimer !== undefined || this.disposed) return;
    const delay = this.firstFramePending ? TICK_LOADING_MS : TICK_PLAYING_MS;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = undefined;
      if (!this.epochOpen && !this.pipeline) return;
      this.pipeline?.pump();
      if (this.state === 'playing') this.snapshot(false);
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
      // The media starts at 0 (the timestamp offset) unless its start could not be read;
      // then it is sought here. Chromium's first seek into a keyframe group, before it has
      // shown any frame, took 0.5-1.3 s with Firefox senders' long groups (later seeks: under
      // 0.15 s). So the first frame comes from where the media starts, and the jump to the
      // live edge follows it.
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
    if (this.state !== 'error') this.setState('loading');
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
}

/**
 * Media time (s) of the first block in `frame`, a keyframe frame (a Cluster start) after
 * `init`, if both parse and the init holds no media itself (a raw recorder's first chunk).
 */
function startSeconds(init: Uint8Array, frame: Uint8Array): number | undefined {
  try {
    const reader = new WebmBlockReader();
    reader.readInit(init);
    if (reader.read(init).length) return undefined;
    const first = reader.read(frame)[0];
    return first && first.timestamp / 1e6;
  } catch {
    return undefined; // not a normalized frame: the first-frame seek still finds the media
  }
}

function toRanges(ranges: TimeRanges): TimeRange[] {
  return Array.from({ length: ranges.length }, (_, i) => [ranges.start(i), ranges.end(i)] as const);
}
