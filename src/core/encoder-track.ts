import { EncodeLadder, type LadderOptions } from './encode-ladder.js';
import type { RecordedFrame, TrackRecorder } from './recorder-track.js';
import { WebmMuxer, type MuxedVideo } from './webm/muxer.js';

/** Chromium's reader of a track's frames (not in TypeScript's DOM types yet). */
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack; maxBufferSize?: number });
  readonly readable: ReadableStream<VideoFrame>;
}

/** The MIME type the stream is announced with: the same as a MediaRecorder's, so every player takes it. */
export const ENCODER_MIME = 'video/webm;codecs=vp8';

/**
 * Largest encoded size. Chromium's software VP8 encoder (behind both MediaRecorder and
 * WebCodecs) runs two threads from 640x480 up on a two-core machine, and they synchronise by
 * busy-waiting: with other work on the cores each frame then cost 30-47 ms of CPU instead of
 * 1.5-2 ms, and three senders on one machine fell to 3-9 fps. Below that area it runs one
 * thread. 640x360 is also exactly what a 16:9 tile shows of a 640x480 camera.
 */
export const MAX_ENCODE = Object.freeze({ width: 640, height: 360 });
/**
 * Largest encoded size of a shared screen: text needs the pixels, and a screen comes at 15
 * fps (less motion to encode), so it takes the two-thread cost above.
 */
export const MAX_SCREEN_ENCODE = Object.freeze({ width: 1280, height: 720 });

/** How far a reused encoder's next input comes after its last (µs), as if the camera had paused. */
const KEPT_GAP_US = 100_000;

/** Options of {@link EncoderTrack}. */
export interface EncoderTrackOptions {
  /** ms between keyframes (a late joiner starts at one). */
  keyFrameInterval: number;
  /** Target bits per second at the full size and rate. */
  bitrate: number;
  /** Bytes waiting in the socket now: a slow network steps the ladder down too. */
  backlog(): number;
  /** Degradation tuning (defaults in LADDER_DEFAULTS). */
  ladder?: Partial<LadderOptions>;
  /** A shared screen: the whole frame (no 16:9 crop), up to {@link MAX_SCREEN_ENCODE}. */
  screen?: boolean;
  onFrame(frame: RecordedFrame): void;
  onMimeType(mimeType: string): void;
  onError(error: Error): void;
}

const hasProcessor = () => typeof (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor === 'function';

/**
 * How this browser can give a camera's frames to a VideoEncoder: `processor` (a track
 * processor, Chromium), `element` (copies of what a `<video>` playing the camera presents,
 * through a canvas: WebKit, and Firefox when asked), or undefined (no VideoEncoder).
 */
export function encodeSource(): 'processor' | 'element' | undefined {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return undefined;
  if (hasProcessor()) return 'processor';
  const video = typeof HTMLVideoElement !== 'undefined' ? HTMLVideoElement.prototype : undefined;
  return video && 'requestVideoFrameCallback' in video ? 'element' : undefined;
}

/** Whether this browser encodes a camera with WebCodecs on `encoder="auto"`: where it has a track processor (Chromium). */
export function canEncode(): boolean {
  return encodeSource() === 'processor';
}

/** What {@link EncoderTrack} reads a camera's frames from: a track processor's reader, or an {@link ElementFrameReader}. */
interface FrameReader {
  read(): Promise<ReadableStreamReadResult<VideoFrame>>;
  cancel(): Promise<void>;
}

/**
 * A camera's frames where there is no track processor (WebKit; Firefox when asked): a
 * `<video>` outside the document plays the track, and each frame it presents
 * (requestVideoFrameCallback) is drawn on a canvas and read as a VideoFrame. The copy is
 * needed: WebKitGTK 2.50's VP8 encoder fails ("Encoding failed") on frames made from the
 * `<video>` itself and takes frames made from a canvas. A frame not read yet is replaced by
 * the next one (the newest wins; a queue is latency).
 */
export class ElementFrameReader implements FrameReader {
  private readonly video = document.createElement('video');
  private readonly canvas = document.createElement('canvas');
  private readonly context = this.canvas.getContext('2d', { alpha: false })!;
  private next: VideoFrame | undefined;
  private waiting: ((result: ReadableStreamReadResult<VideoFrame>) => void) | undefined;
  private done = false;
  private handle = 0;
  private readonly onEnded = () => this.finish();

  constructor(private readonly track: MediaStreamTrack) {
    Object.assign(this.video, { muted: true, playsInline: true, autoplay: true });
    this.video.srcObject = new MediaStream([track]);
    void this.video.play().catch(() => undefined);
    this.handle = this.video.requestVideoFrameCallback(this.onFrame);
    track.addEventListener('ended', this.onEnded);
  }

  read(): Promise<ReadableStreamReadResult<VideoFrame>> {
    const frame = this.next;
    this.next = undefined;
    if (frame) return Promise.resolve({ done: false, value: frame });
    if (this.done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  cancel(): Promise<void> {
    this.finish();
    return Promise.resolve();
  }

  private readonly onFrame = (now: DOMHighResTimeStamp): void => {
    if (this.done) return;
    this.handle = this.video.requestVideoFrameCallback(this.onFrame);
    const { videoWidth: width, videoHeight: height } = this.video;
    if (!width || !height) return;
    if (this.canvas.width !== width || this.canvas.height !== height) Object.assign(this.canvas, { width, height });
    this.context.drawImage(this.video, 0, 0, width, height);
    const frame = new VideoFrame(this.canvas, { timestamp: Math.round(now * 1000) });
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) {
      waiting({ done: false, value: frame });
    } else {
      this.next?.close();
      this.next = frame;
    }
  };

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.video.cancelVideoFrameCallback(this.handle);
    this.track.removeEventListener('ended', this.onEnded);
    this.video.srcObject = null;
    this.next?.close();
    this.next = undefined;
    this.waiting?.({ done: true, value: undefined });
    this.waiting = undefined;
  }
}

/** The camera's frames, from its track processor where there is one. */
function readFrames(track: MediaStreamTrack): FrameReader {
  return hasProcessor() ? new MediaStreamTrackProcessor({ track }).readable.getReader() : new ElementFrameReader(track);
}

interface Crop {
  rect: { x: number; y: number; width: number; height: number };
  width: number;
  height: number;
}

/**
 * The 16:9 centre of a `w` x `h` frame (with `screen`: all of it), and the even size to encode
 * it at (within MAX_ENCODE, or MAX_SCREEN_ENCODE for a screen, times `scale`).
 */
export function encodeSize(w: number, h: number, scale: number, screen = false): Crop {
  let cw = w;
  let ch = screen ? h : Math.round((w * 9) / 16);
  if (ch > h) {
    ch = h;
    cw = Math.round((h * 16) / 9);
  }
  const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
  cw = even(cw);
  ch = even(ch);
  const max = screen ? MAX_SCREEN_ENCODE : MAX_ENCODE;
  const fit = Math.min(1, max.width / cw, max.height / ch) * scale;
  // Offsets even too: a 4:2:0 frame's chroma planes are cropped at half resolution.
  return {
    rect: { x: Math.floor((w - cw) / 4) * 2, y: Math.floor((h - ch) / 4) * 2, width: cw, height: ch },
    width: even(cw * fit),
    height: even(ch * fit),
  };
}

/** `crop` moved by the origin of the frame's visible rect. */
function offset(crop: Crop, visible: DOMRectReadOnly): Crop {
  return { ...crop, rect: { ...crop.rect, x: crop.rect.x + visible.x, y: crop.rect.y + visible.y } };
}

/** One encoder run on one track: its reader, encoder and muxer. A new size is a new run. */
interface Run {
  track: MediaStreamTrack;
  reader: FrameReader;
  encoder: VideoEncoder | undefined;
  muxer: WebmMuxer | undefined;
  crop: Crop | undefined;
  epoch: number;
  /** Input timestamp (µs) of the run's first frame: the epoch's time zero. */
  t0: number | undefined;
  /**
   * Added to the camera's timestamps (µs) so that a reused encoder's inputs only ever grow
   * (a new camera may count from 0 again), and chunks stamped before the run's first input
   * (the spare's blank frame) are told apart.
   */
  shift: number | undefined;
  /** Capture timestamp (µs) of the last frame offered, and the frame-rate cap's credit in frames. */
  lastOffered: number;
  credit: number;
  lastKeyframe: number;
  keyframeWanted: boolean;
  announced: boolean;
  /** The encoder's configuration (the spare made when the run ends is configured the same way). */
  config: VideoEncoderConfig | undefined;
  stopped: boolean;
  window: { start: number; offered: number; dropped: number };
}

/**
 * The camera encoded with WebCodecs instead of a MediaRecorder: the same wire stream (WebM
 * VP8, one init per epoch, a Cluster per keyframe), with what a recorder cannot do. A keyframe
 * on demand (`splice`) is the next frame, in the same epoch, with no restart. When the
 * encoder falls behind it drops frames rather than queue them, and the {@link EncodeLadder}
 * lowers the frame rate, then the size, and climbs back when it can. A new size is a new
 * epoch (its init segment says the size); a new frame rate is not.
 */
export class EncoderTrack implements TrackRecorder {
  private run: Run | undefined;
  private epochValue = 0;
  private seq = 0;
  private readonly ladder: EncodeLadder;
  /**
   * A warm encoder for the next run, made when a run stops (camera off): a VP8 encoder
   * takes 100-250 ms under load from its first frame to its first chunk (measured at 3
   * people), all of it on the camera-on path. This one has encoded one blank frame instead,
   * while the camera was off, and never a camera frame (it holds none of the old camera's
   * buffers). Used when the next run configures an encoder the same way.
   */
  private spare: { encoder: VideoEncoder; key: string } | undefined;
  /** Largest input timestamp given to any encoder of this track (µs), the spare's blank frame included. */
  private lastInput = 0;

  constructor(private readonly options: EncoderTrackOptions) {
    this.ladder = new EncodeLadder(options.ladder);
  }

  get epoch(): number {
    return this.epochValue;
  }

  get recording(): boolean {
    return this.run !== undefined;
  }

  /** How many ladder steps below full quality the sender is (0: full). */
  get level(): number {
    return this.ladder.level;
  }

  start(track: MediaStreamTrack): void {
    this.stop();
    this.ladder.reset();
    this.begin(track);
  }

  /** A keyframe now, in the same epoch; on another track (or when stopped), a new start. */
  splice(track: MediaStreamTrack): void {
    if (this.run && this.run.track === track) this.run.keyframeWanted = true;
    else this.start(track);
  }

  stop(): void {
    const run = this.run;
    this.run = undefined;
    if (run) this.end(run);
  }

  dispose(): void {
    this.stop();
    this.drop();
  }

  /** Closes the spare encoder. */
  private drop(): void {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.encoder.state !== 'closed') spare.encoder.close();
  }

  private begin(track: MediaStreamTrack): void {
    const reader = readFrames(track);
    const run: Run = {
      track,
      reader,
      encoder: undefined,
      muxer: undefined,
      crop: undefined,
      epoch: this.newEpoch(),
      t0: undefined,
      shift: undefined,
      lastOffered: NaN,
      credit: 1,
      lastKeyframe: -Infinity,
      keyframeWanted: true,
      announced: false,
      config: undefined,
      stopped: false,
      window: { start: performance.now(), offered: 0, dropped: 0 },
    };
    this.run = run;
    // Set the encoder up now, from the camera's settings, while the camera starts (its first
    // frame comes 130-210 ms after getUserMedia here): creating it at the first frame put
    // its start-up on the camera-on -> first frame path. A first frame of another size
    // configures again (no new epoch: nothing was sent yet).
    const { width, height } = track.getSettings();
    if (width && height) this.configure(run, encodeSize(width, height, this.ladder.step.scale, this.options.screen));
    void this.pull(run);
  }

  private end(run: Run): void {
    run.stopped = true;
    void run.reader.cancel().catch(() => undefined);
    const encoder = run.encoder;
    if (!encoder || encoder.state === 'closed') return;
    const warm = encoder.state === 'configured' ? run.config : undefined;
    encoder.close();
    this.drop();
    if (warm) this.warmUp(warm);
  }

  /** A spare encoder configured as `config`, started on one blank frame (its output is not sent). */
  private warmUp(config: VideoEncoderConfig): void {
    const encoder = this.create(config);
    const { width, height } = config;
    const timestamp = this.lastInput + KEPT_GAP_US;
    this.lastInput = timestamp;
    const blank = new VideoFrame(new Uint8Array(width * height * 4), { format: 'RGBX', codedWidth: width, codedHeight: height, timestamp });
    try {
      encoder.encode(blank, { keyFrame: true });
      this.spare = { encoder, key: JSON.stringify(config) };
    } catch {
      encoder.close();
    } finally {
      blank.close();
    }
  }

  private newEpoch(): number {
    this.seq = 0;
    return ++this.epochValue;
  }

  /** Reads the track's frames until the run stops or the track ends. */
  private async pull(run: Run): Promise<void> {
    for (;;) {
      let result: ReadableStreamReadResult<VideoFrame>;
      try {
        result = await run.reader.read();
      } catch {
        return; // cancelled by stop()
      }
      if (result.done) return;
      const frame = result.value;
      try {
        if (!run.stopped && this.run === run) this.offer(run, frame);
      } catch (e) {
        this.fail(run, e);
      } finally {
        frame.close();
      }
    }
  }

  private offer(run: Run, frame: VideoFrame): void {
    const step = this.ladder.step;
    // The frame-rate cap: each camera frame earns `fps` x its duration of credit; a frame
    // goes out for one whole credit (20 fps capped at 15 sends 3 frames of 4, evenly).
    const elapsed = Number.isNaN(run.lastOffered) ? Infinity : frame.timestamp - run.lastOffered;
    run.lastOffered = frame.timestamp;
    run.credit = Math.min(2, run.credit + (elapsed * step.fps) / 1e6);
    if (run.credit < 1 - 1e-6) return;
    run.credit -= 1;
    this.sample(run);
    run.window.offered += 1;
    // The visible rect, in coded pixels: a screen capture's display size can differ from it.
    const visible = frame.visibleRect;
    const crop = visible ? offset(encodeSize(visible.width, visible.height, step.scale, this.options.screen), visible) : encodeSize(frame.codedWidth, frame.codedHeight, step.scale, this.options.screen);
    if (!run.encoder || !run.crop || crop.width !== run.crop.width || crop.height !== run.crop.height) this.configure(run, crop);
    const encoder = run.encoder!;
    // Still busy with earlier frames: drop this one rather than queue it (a queue is latency).
    if (encoder.encodeQueueSize >= 2) {
      run.window.dropped += 1;
      return;
    }
    run.shift ??= Math.max(0, this.lastInput + KEPT_GAP_US - frame.timestamp);
    const timestamp = frame.timestamp + run.shift;
    this.lastInput = Math.max(this.lastInput, timestamp);
    run.t0 ??= timestamp;
    const keyFrame = run.keyframeWanted || timestamp - run.lastKeyframe >= this.options.keyFrameInterval * 1000;
    const input = new VideoFrame(frame, { visibleRect: run.crop!.rect, timestamp });
    try {
      encoder.encode(input, { keyFrame });
    } finally {
      input.close();
    }
    if (keyFrame) {
      run.lastKeyframe = timestamp;
      run.keyframeWanted = false;
    }
  }

  /** A (new) encoder for `crop`: a new size after the first is a new epoch. */
  private configure(run: Run, crop: Crop): void {
    if (run.encoder) {
      run.encoder.close();
      if (run.announced) run.epoch = this.newEpoch();
      run.t0 = undefined;
      run.announced = false;
    }
    const { width, height } = crop;
    const full = encodeSize(run.track.getSettings().width ?? width, run.track.getSettings().height ?? height, 1, this.options.screen);
    const area = (width * height) / Math.max(1, full.width * full.height);
    const config: VideoEncoderConfig = {
      codec: 'vp8',
      width,
      height,
      bitrate: Math.round(this.options.bitrate * area * Math.min(1, this.ladder.step.fps / 20)),
      framerate: Math.min(this.ladder.step.fps, run.track.getSettings().frameRate ?? 30),
      latencyMode: 'realtime',
    };
    run.config = config;
    run.encoder = this.reuse(config) ?? this.create(config);
    run.crop = crop;
    run.muxer = new WebmMuxer({ codecId: 'V_VP8', width, height });
    run.keyframeWanted = true;
  }

  /** The spare encoder, if it is configured as `config`; otherwise it is closed. */
  private reuse(config: VideoEncoderConfig): VideoEncoder | undefined {
    const spare = this.spare;
    if (spare && spare.key === JSON.stringify(config) && spare.encoder.state === 'configured') {
      this.spare = undefined;
      return spare.encoder;
    }
    this.drop();
    return undefined;
  }

  /** A new encoder; its chunks go to whichever run uses it now. */
  private create(config: VideoEncoderConfig): VideoEncoder {
    const encoder: VideoEncoder = new VideoEncoder({
      output: (chunk, meta) => this.run && this.onChunk(this.run, encoder, chunk, meta),
      error: (e) => (this.run?.encoder === encoder ? this.fail(this.run, e) : this.spare?.encoder === encoder && this.drop()),
    });
    encoder.configure(config);
    return encoder;
  }

  private onChunk(run: Run, encoder: VideoEncoder, chunk: EncodedVideoChunk, meta: EncodedVideoChunkMetadata | undefined): void {
    if (run.stopped || this.run !== run || run.encoder !== encoder) return; // superseded
    if (run.t0 === undefined || chunk.timestamp < run.t0) return; // the spare's blank frame
    if (!run.announced) {
      // A new epoch starts with its init segment and a keyframe.
      if (chunk.type !== 'key') return;
      run.announced = true;
      const colorSpace = meta?.decoderConfig?.colorSpace;
      if (colorSpace && colorSpace.matrix) run.muxer = new WebmMuxer({ ...(run.muxer!.track as MuxedVideo), colorSpace });
      this.options.onMimeType(ENCODER_MIME);
      this.emit(run, run.muxer!.init());
    }
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    this.emit(run, run.muxer!.frame(data, (chunk.timestamp - run.t0!) / 1000, chunk.type === 'key'));
  }

  private emit(run: Run, frame: { data: Uint8Array; init: boolean; keyframe: boolean }): void {
    this.options.onFrame({ ...frame, epoch: run.epoch, seq: this.seq++ });
  }

  /** Once a second: the ladder's verdict on the last second. */
  private sample(run: Run): void {
    const now = performance.now();
    const w = run.window;
    if (now - w.start < 1000) return;
    this.ladder.update({ offered: w.offered, dropped: w.dropped, backlog: this.options.backlog() }, now);
    run.window = { start: now, offered: 0, dropped: 0 };
  }

  private fail(run: Run, e: unknown): void {
    if (run.stopped || this.run !== run) return;
    this.stop();
    this.options.onError(new Error(`video encoder: ${e instanceof Error ? e.message : String(e)}`));
  }
}
