import { sameBytes } from '../webm/index.js';
import { LIVE_EDGE_DEFAULTS } from './live-edge.js';
import { withDefaults } from '../../util/with-defaults.js';
import { TypedEventTarget } from '../typed-event-target.js';

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

/** Options of a player (either renderer); defaults in {@link PLAYER_DEFAULTS}. */
export interface PlayerOptions {
  /** The track it plays; a video player mutes its element, as the sound has its own. */
  kind: 'video' | 'audio';
  /** Target lag behind the newest buffered media, seconds (MSE; WebCodecs shows each frame once decoded). */
  targetLatency?: number;
  /**
   * Seconds of media kept behind currentTime before trimming. Trimming never cuts into the
   * keyframe group being played, so a sender with sparse keyframes (Firefox: ~7.5 s) keeps
   * up to one group more.
   */
  keepSeconds?: number;
  /** ms of bytes arriving without a frame shown before the player resyncs at a keyframe. */
  stallTimeout?: number;
  /** Bytes waiting to be appended beyond which whole keyframe groups are dropped. */
  maxQueueBytes?: number;
  /**
   * Audio, WebCodecs renderer: the node of the page's audio context its sound goes to,
   * instead of the element (one output stream for the whole room, audio-output.ts).
   */
  output?: AudioNode;
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

/** `statechange`: a player's state changed. */
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

/** `keyframeneeded`: ask the sender for a keyframe. */
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

/** Events of a player. */
export interface MediaPlayerEventMap {
  firstframe: PlayerFirstFrameEvent;
  statechange: PlayerStateChangeEvent;
  error: PlayerErrorEvent;
  keyframeneeded: PlayerKeyframeNeededEvent;
}

/**
 * What RemoteMedia plays a remote track with: frames in, a state and events out. Two
 * renderers implement it: {@link MsePlayer} (Media Source Extensions, every browser) and
 * WebCodecsPlayer (decode with WebCodecs, show each frame once decoded).
 */
export interface Player extends TypedEventTarget<MediaPlayerEventMap> {
  /** The MIME type the sender announced; read when an epoch starts. */
  mimeType: string;
  /** `off` (no epoch), `loading` (waiting for a first frame), `playing` or `error`. */
  readonly state: PlayerState;
  /** The newest epoch seen with its init frame (0 before any). */
  readonly epoch: number;
  /** Seconds what is shown is behind the newest media received (0 when caught up or idle). */
  readonly lag: number;
  /** Seconds of media played since the epoch started (the element's clock, or the sound handed to the output). */
  readonly played: number;
  /** Feeds one frame, in order. */
  push(frame: MediaFrame): void;
  /** The sender turned the track off: drop the rest of this epoch, show nothing, `off`. */
  stop(): void;
  /** Releases everything it holds. */
  dispose(): void;
}

/**
 * What both renderers share: the epoch rules and the state. An init frame of a newer epoch
 * starts it; non-init frames of an unseen epoch ask for a keyframe (`missed-init`, at most
 * once per `stallTimeout`); frames of older or stopped epochs, and an init repeated within an
 * epoch (a sender's spliced restart), are dropped. Subclasses render.
 */
export abstract class BasePlayer extends TypedEventTarget<MediaPlayerEventMap> implements Player {
  mimeType = '';
  protected readonly opts: Required<Omit<PlayerOptions, 'output'>>;
  /** See {@link PlayerOptions.output}. */
  protected readonly output: AudioNode | undefined;
  /** Whether frames of the current epoch are wanted (not after stop() or an `unsupported` error). */
  protected epochOpen = false;
  /** The current epoch's init frame. */
  protected init: Uint8Array | undefined;
  protected disposed = false;
  private stateValue: PlayerState = 'off';
  private epochValue = 0;
  private missedInit = { epoch: -1, at: 0 };

  /**
   * @param element the `<video>` or `<audio>` this player owns from now on
   * @param options see {@link PlayerOptions}
   */
  constructor(
    protected readonly element: HTMLVideoElement | HTMLAudioElement,
    options: PlayerOptions,
  ) {
    super();
    this.opts = withDefaults(PLAYER_DEFAULTS, options);
    this.output = options.output;
    if (options.kind === 'video') {
      // Autoplay needs no user gesture when muted; the sound has its own element.
      element.muted = true;
      if (element instanceof HTMLVideoElement) element.playsInline = true;
    }
    element.autoplay = true;
  }

  get state(): PlayerState {
    return this.stateValue;
  }

  get epoch(): number {
    return this.epochValue;
  }

  abstract get lag(): number;

  get played(): number {
    return this.element.currentTime;
  }

  push(frame: MediaFrame): void {
    if (this.disposed) return;
    if (frame.epoch > this.epochValue) {
      if (!frame.init) return this.onMissedInit(frame.epoch);
      this.epochValue = frame.epoch;
      this.epochOpen = true;
      this.init = frame.data;
      return this.startEpoch();
    }
    if (frame.epoch < this.epochValue || !this.epochOpen) return;
    if (frame.init) {
      // A sender's recorder restarted within the epoch repeats its init: nothing new.
      if (sameBytes(frame.data, this.init)) return;
      this.init = frame.data;
    }
    this.accept(frame);
  }

  stop(): void {
    if (this.disposed) return;
    this.epochOpen = false;
    this.teardown(true);
    this.setState('off');
  }

  dispose(): void {
    if (this.disposed) return;
    this.stop();
    this.disposed = true;
    this.release();
  }

  /** A new epoch began with `this.init`: start rendering it. */
  protected abstract startEpoch(): void;
  /** A frame of the current epoch (an init with new bytes included). */
  protected abstract accept(frame: MediaFrame): void;
  /** Stops rendering the epoch; `detach` also empties the element. */
  protected abstract teardown(detach: boolean): void;
  /** Releases what outlives epochs (listeners), after the last `stop()`. */
  protected release(): void {
    // Nothing by default.
  }

  protected setState(state: PlayerState): void {
    if (state === this.stateValue) return;
    const previous = this.stateValue;
    this.stateValue = state;
    this.dispatchEvent(new PlayerStateChangeEvent(state, previous));
  }

  protected keyframeNeeded(cause: KeyframeCause): void {
    this.dispatchEvent(new PlayerKeyframeNeededEvent(this.epochValue, cause));
  }

  private onMissedInit(epoch: number): void {
    const now = performance.now();
    if (this.missedInit.epoch === epoch && now - this.missedInit.at < this.opts.stallTimeout) return;
    this.missedInit = { epoch, at: now };
    this.dispatchEvent(new PlayerKeyframeNeededEvent(epoch, 'missed-init'));
  }
}

/** `Name: message` of anything thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
