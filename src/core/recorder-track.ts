import { WebmNormalizer, type NormalizedFrame } from './webm/index.js';
import type { TrackKind } from '../protocol/index.js';

/** What a recorder hands on: one normalized frame of one epoch. */
export interface RecordedFrame extends NormalizedFrame {
  epoch: number;
  seq: number;
}

/** Options of one track's recording. */
export interface RecorderTrackOptions {
  kind: TrackKind;
  /** MIME types to try in order (the first supported one is used). */
  mimeTypes: readonly string[];
  /** MediaRecorder timeslice in ms. */
  timeslice: number;
  /** Keyframe interval in ms, where the browser supports it (video only). */
  keyFrameInterval: number;
  /** Called with each frame, in order. */
  onFrame(frame: RecordedFrame): void;
  /** Called once per epoch with the recorder's real MIME type (from the first Blob). */
  onMimeType(mimeType: string, epoch: number): void;
  /** Called when recording fails. */
  onError(error: Error): void;
}

/** Picks the first MIME type this browser's MediaRecorder supports. */
export function pickRecorderMime(candidates: readonly string[]): string | undefined {
  return candidates.find((t) => MediaRecorder.isTypeSupported(t));
}

/**
 * One MediaRecorder at a time on one track. Every `start()` is a new epoch: a new
 * recorder, whose stream begins with an init segment and a keyframe, through a new
 * normalizer. Chunks of a stopped epoch are discarded, so nothing stale is ever sent.
 */
export class RecorderTrack {
  private recorder: MediaRecorder | undefined;
  private epochValue = 0;
  private seq = 0;
  /** Blob reads are async; chaining keeps chunks in order. */
  private chain: Promise<void> = Promise.resolve();

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
    this.stop();
    const { kind, timeslice, keyFrameInterval } = this.options;
    const mimeType = pickRecorderMime(this.options.mimeTypes);
    if (!mimeType) {
      this.options.onError(new Error(`this browser cannot record ${kind} as ${this.options.mimeTypes.join(' or ')}`));
      return;
    }
    const epoch = ++this.epochValue;
    this.seq = 0;
    const init: MediaRecorderOptions & { videoKeyFrameIntervalDuration?: number } = { mimeType };
    if (kind === 'video') init.videoKeyFrameIntervalDuration = keyFrameInterval;
    const recorder = new MediaRecorder(new MediaStream([track]), init);
    const normalizer = new WebmNormalizer();
    let announced = false;
    recorder.addEventListener('dataavailable', ({ data }) => {
      if (!announced && data.type) {
        announced = true;
        this.options.onMimeType(data.type, epoch);
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
        for (const frame of frames) this.options.onFrame({ ...frame, epoch, seq: this.seq++ });
      });
    });
    recorder.addEventListener('error', (e) => this.options.onError(new Error(`recorder error: ${(e as ErrorEvent).message ?? 'unknown'}`)));
    this.recorder = recorder;
    recorder.start(timeslice);
  }

  /** Stops the recorder; its pending chunks are dropped. */
  stop(): void {
    const recorder = this.recorder;
    this.recorder = undefined;
    if (recorder && recorder.state !== 'inactive') recorder.stop();
  }
}
