import { RecorderTrack, type RecordedFrame } from '../core/recorder-track.js';
import { withDefaults } from '../util/with-defaults.js';
import { TypedEventTarget } from '../core/typed-event-target.js';

/** Defaults of {@link CanvasCameraOptions}. */
export const CANVAS_CAMERA_DEFAULTS = Object.freeze({ width: 320, height: 180, frameRate: 15, hue: 220, timeslice: 50, keyFrameInterval: 1000 });

/** Options of {@link CanvasCamera}. */
export interface CanvasCameraOptions {
  /** Picture width, px (default 320). */
  width?: number;
  /** Picture height, px (default 180). */
  height?: number;
  /** Frames drawn and captured per second (default 15). */
  frameRate?: number;
  /** Hue of the background, degrees (default 220). */
  hue?: number;
  /** MediaRecorder timeslice, ms (default 50). */
  timeslice?: number;
  /** Keyframe interval, ms (default 1000): how far back a new viewer's stream starts. */
  keyFrameInterval?: number;
}

/** `error`: the camera cannot record; `message` says why. */
export class CanvasCameraErrorEvent extends Event {
  constructor(
    /** Why recording failed. */
    readonly message: string,
  ) {
    super('error');
  }
}

/** Receives every frame of a camera's recording, in order, each epoch starting with its init frame. */
export type CameraListener = (frame: RecordedFrame) => void;

const VIDEO_MIME_TYPES = ['video/webm;codecs=vp8', 'video/webm'];

/**
 * A fake camera: a canvas with something moving and a label on it, captured as a video
 * track and recorded with a real MediaRecorder through the real recorder and WebM
 * normalizer ({@link RecorderTrack}). Many viewers can watch one recording: a new viewer
 * gets the init frame and the frames since the latest keyframe, then the live frames, as a
 * late joiner gets them from the relay.
 *
 * It draws only while held ({@link CanvasCamera.hold}) or watched, and records only while
 * watched ({@link CanvasCamera.watch}): a local preview costs no encoder. Fires
 * {@link CanvasCameraErrorEvent} when this browser cannot record it.
 */
export class CanvasCamera extends TypedEventTarget<{ error: CanvasCameraErrorEvent }> {
  /** The canvas's video track (for a local preview). */
  readonly track: MediaStreamTrack;
  /** Text drawn on the picture; may change at any time. */
  label = '';
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly opts: Required<CanvasCameraOptions>;
  private readonly recorder: RecorderTrack;
  private readonly listeners = new Set<CameraListener>();
  private holds = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private recording = false;
  private recordedMime = '';
  private init: RecordedFrame | undefined;
  /** Frames since the latest keyframe frame: what a new viewer needs after `init`. */
  private group: RecordedFrame[] = [];
  private disposed = false;

  constructor(options: CanvasCameraOptions = {}) {
    super();
    this.opts = withDefaults(CANVAS_CAMERA_DEFAULTS, options);
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.opts.width;
    this.canvas.height = this.opts.height;
    // Opaque: with alpha, Chromium records VP8 with an alpha channel, which is slower and WebKit refuses.
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.track = this.canvas.captureStream(this.opts.frameRate).getVideoTracks()[0]!;
    this.recorder = new RecorderTrack({
      kind: 'video',
      mimeTypes: VIDEO_MIME_TYPES,
      timeslice: this.opts.timeslice,
      keyFrameInterval: this.opts.keyFrameInterval,
      onMimeType: (mime) => (this.recordedMime = mime),
      onFrame: (frame) => this.onFrame(frame),
      onError: (e) => this.dispatchEvent(new CanvasCameraErrorEvent(e.message)),
    });
  }

  /** The recorder's MIME type, as a sender announces it ('' before the first chunk). */
  get mimeType(): string {
    return this.recordedMime;
  }

  /** Keeps the camera drawing (for a preview of `track`) until the returned function is called. */
  hold(): () => void {
    let held = true;
    this.holds += 1;
    this.run();
    return () => {
      if (!held) return;
      held = false;
      this.holds -= 1;
      this.run();
    };
  }

  /**
   * Starts a viewer: `listener` gets the current init frame and keyframe group at once (or
   * the next init frame), then every new frame. Returns the function that stops it.
   */
  watch(listener: CameraListener): () => void {
    this.listeners.add(listener);
    const release = this.hold();
    if (this.init) for (const frame of [this.init, ...this.group]) listener(frame);
    return () => {
      this.listeners.delete(listener);
      release();
    };
  }

  /** Stops drawing and recording for good. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.run();
    this.track.stop();
  }

  /** Draws while anyone holds the camera and records while anyone watches it. */
  private run(): void {
    const draw = this.holds > 0 && !this.disposed;
    if (draw && this.timer === undefined) {
      this.draw();
      this.timer = setInterval(() => this.draw(), 1000 / this.opts.frameRate);
    } else if (!draw && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    const record = this.listeners.size > 0 && !this.disposed;
    if (record === this.recording) return;
    this.recording = record;
    if (record) {
      this.recorder.start(this.track);
    } else {
      this.recorder.stop();
      this.init = undefined;
      this.group = [];
    }
  }

  private onFrame(frame: RecordedFrame): void {
    if (frame.init) {
      this.init = frame;
      this.group = [];
    } else if (frame.keyframe) {
      this.group = [frame];
    } else if (this.group.length > 0) {
      this.group.push(frame);
    }
    for (const listener of this.listeners) listener(frame);
  }

  private draw(): void {
    const { ctx } = this;
    const { width: w, height: h, hue } = this.opts;
    const t = performance.now() / 1000;
    const gradient = ctx.createLinearGradient(0, 0, w, h);
    gradient.addColorStop(0, `hsl(${hue} 45% 28%)`);
    gradient.addColorStop(1, `hsl(${(hue + 40) % 360} 50% 14%)`);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, w, h);
    // A ball on a figure-eight and a sweeping bar: motion the eye (and a test) can see.
    const x = w / 2 + Math.sin(t * 1.3) * w * 0.3;
    const y = h / 2 + Math.sin(t * 2.6) * h * 0.22;
    ctx.fillStyle = `hsl(${(hue + 180) % 360} 80% 65%)`;
    ctx.beginPath();
    ctx.arc(x, y, h * 0.12, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = 'rgb(255 255 255 / 0.18)';
    ctx.fillRect(((t * 0.25) % 1) * w, 0, w * 0.04, h);
    if (this.label) {
      ctx.font = `600 ${Math.round(h * 0.11)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillStyle = 'rgb(255 255 255 / 0.9)';
      ctx.fillText(this.label, w / 2, h * 0.08, w * 0.9);
    }
  }
}
