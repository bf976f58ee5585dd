import { WebmNormalizer, sameBytes, type NormalizedFrame } from './webm/index.js';
import type { DeviceTrack } from '../protocol/index.js';

/** What a recorder hands on: one normalized frame of one epoch. */
export interface RecordedFrame extends NormalizedFrame {
  epoch: number;
  seq: number;
}

/**
 * What records one track into frames: {@link RecorderTrack} (MediaRecorder) or
 * EncoderTrack (WebCodecs). `start` begins a new epoch; `splice` gets a keyframe into the
 * current one if it can.
 */
export interface TrackRecorder {
  /** The current (or last) epoch number; 0 before the first start. */
  readonly epoch: number;
  /** Whether it is recording. */
  readonly recording: boolean;
  /** Starts a new epoch on `track`, stopping any previous one. */
  start(track: MediaStreamTrack): void;
  /** A keyframe soon, in the current epoch where possible; otherwise a start. */
  splice(track: MediaStreamTrack): void;
  /** Stops; nothing more of this run is emitted. */
  stop(): void;
  /** Stops and frees what it keeps between runs (the recorder is not used again). */
  dispose(): void;
}

/** Options of one track's recording. */
export interface RecorderTrackOptions {
  kind: DeviceTrack;
  /** MIME types to try in order (the first supported one is used). */
  mimeTypes: readonly string[];
  /** MediaRecorder timeslice in ms. */
  timeslice: number;
  /** Keyframe interval in ms, where the browser supports it (video only). */
  keyFrameInterval: number;
  /** Called with each frame, in order. */
  onFrame(frame: RecordedFrame): void;
  /** Called once per epoch with the recorder's real MIME type (from the first Blob). */
  onMimeType(mimeType: string): void;
  /** Called when recording fails. */
  onError(error: Error): void;
  /** Numbers epochs from a counter shared with another recorder of the track (see SoundTrack). */
  nextEpoch?: () => number;
}

/** Picks the first MIME type this browser's MediaRecorder supports. */
export function pickRecorderMime(candidates: readonly string[]): string | undefined {
  return candidates.find((t) => MediaRecorder.isTypeSupported(t));
}

/**
 * A restarted recorder's first block goes this long after the previous recorder's last one:
 * about a frame, so the timeline runs on without a gap or an overlap.
 */
const SPLICE_GAP_MS = 33;

/**
 * One MediaRecorder at a time on one track, each through its own normalizer. `start()`
 * begins a new epoch: a new recorder, whose stream begins with an init segment and a
 * keyframe. `splice()` restarts the recorder for a keyframe within the current epoch: its
 * timecodes carry on where the previous recorder stopped, so viewers that are playing see one
 * keyframe and nothing else. Chunks of a stopped recorder are discarded, so nothing stale is
 * ever sent.
 */
export class RecorderTrack implements TrackRecorder {
  private recorder: MediaRecorder | undefined;
  private normalizer: WebmNormalizer | undefined;
  private epochValue = 0;
  private seq = 0;
  /** The init frame of the current epoch, to tell whether a spliced recorder can continue it. */
  private epochInit: Uint8Array | undefined;
  /**
   * Timecode (ms) of the epoch's newest block, whichever recorder wrote it. A restart asked
   * for before the restarted recorder wrote a block splices after the recorder before it;
   * it used to start a new epoch (a full reset for every viewer), seen under load with two
   * restarts 0.5 s apart.
   */
  private epochLast: number | undefined;
  /** Blob reads are async; chaining keeps chunks in order. */
  private chain: Promise<void> = Promise.resolve();
  /** The MIME type chosen, once: `isTypeSupported` is synchronous and slow under load. */
  private mimeType: string | undefined;

  constructor(private readonly options: RecorderTrackOptions) {}

  /** The current (or last) epoch number; 0 before the first start. */
  get epoch(): number {
    return this.epochValue;
  }

  /** Whether a recorder is running. */
  get recording(): boolean {
    return this.recorder !== undefined;
  }

  /** Starts a new recorder (a new epoch) on `track`, stopping any previous one. */
  start(track: MediaStreamTrack): void {
    this.record(track, undefined);
  }

  /**
   * Restarts the recorder on `track` so a keyframe comes at once, in the same epoch when the
   * new recorder writes the same init segment (same codec and settings); otherwise, or when
   * nothing is recording yet, this is {@link RecorderTrack.start}. The new recorder's init
   * frame is sent again, for viewers that missed it; players skip an init they already have.
   */
  splice(track: MediaStreamTrack): void {
    const last = this.recorder && this.epochInit ? (this.normalizer?.lastTimecode ?? this.epochLast) : undefined;
    this.record(track, last === undefined ? undefined : last + SPLICE_GAP_MS);
  }

  private record(track: MediaStreamTrack, timeOffset: number | undefined): void {
    this.stop();
    const { kind, timeslice, keyFrameInterval } = this.options;
    const mimeType = (this.mimeType ??= pickRecorderMime(this.options.mimeTypes));
    if (!mimeType) {
      this.options.onError(new Error(`this browser cannot record ${kind} as ${this.options.mimeTypes.join(' or ')}`));
      return;
    }
    // A splice decides its epoch at its init frame; a start takes a new one now.
    let epoch = timeOffset === undefined ? this.newEpoch() : this.epochValue;
    const init: MediaRecorderOptions & { videoKeyFrameIntervalDuration?: number } = { mimeType };
    if (kind === 'video') init.videoKeyFrameIntervalDuration = keyFrameInterval;
    const recorder = new MediaRecorder(new MediaStream([track]), init);
    const normalizer = new WebmNormalizer({ timeOffset });
    let announced = false;
    recorder.addEventListener('dataavailable', ({ data }) => {
      if (!announced && data.type) {
        announced = true;
        this.options.onMimeType(data.type);
      }
      this.chain = this.chain.then(async () => {
        const bytes = new Uint8Array(await data.arrayBuffer());
        if (this.recorder !== recorder) return; // stopped or superseded while reading
        let frames;
        try {
          frames = normalizer.push(bytes);
        } catch (e) {
          // Bytes the normalizer cannot follow: stop rather than send a broken stream.
          this.stop();
          this.options.onError(new Error(`cannot read the recorder's ${kind} stream: ${(e as Error).message}`));
          return;
        }
        for (const frame of frames) {
          if (frame.init) {
            if (timeOffset !== undefined && !sameBytes(frame.data, this.epochInit)) epoch = this.newEpoch();
            this.epochInit = frame.data;
          }
          this.options.onFrame({ ...frame, epoch, seq: this.seq++ });
        }
        this.epochLast = normalizer.lastTimecode ?? this.epochLast;
      });
    });
    recorder.addEventListener('error', (e) => this.options.onError(new Error(`recorder error: ${(e as ErrorEvent).message ?? 'unknown'}`)));
    this.recorder = recorder;
    this.normalizer = normalizer;
    recorder.start(timeslice);
  }

  private newEpoch(): number {
    this.seq = 0;
    this.epochInit = undefined;
    this.epochLast = undefined;
    this.epochValue = this.options.nextEpoch ? this.options.nextEpoch() : this.epochValue + 1;
    return this.epochValue;
  }

  /** Stops the recorder; its pending chunks are dropped. */
  stop(): void {
    const recorder = this.recorder;
    this.recorder = undefined;
    if (recorder && recorder.state !== 'inactive') recorder.stop();
  }

  /** A recorder keeps nothing between runs: the same as stop(). */
  dispose(): void {
    this.stop();
  }
}

