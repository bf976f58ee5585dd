import { JitterBuffer } from './jitter-buffer.js';
import { addWorkletModule } from '../audio-output.js';

/** Chromium's writable track (not in TypeScript's DOM types yet). */
declare class MediaStreamTrackGenerator<T extends VideoFrame | AudioData> extends MediaStreamTrack {
  constructor(init: { kind: 'video' | 'audio' });
  readonly writable: WritableStream<T>;
}

/** What a decoder gives out. */
export type DecodedOutput = VideoFrame | AudioData;

/**
 * Where a WebCodecs player puts what it decodes, made once per player and kept across
 * epochs: a generated track (Chromium), else a canvas captured into the tile's `<video>`
 * (video) or a jitter buffer in an AudioWorklet (sound).
 */
export interface FrameSink {
  /** Takes `out` (and closes it) and returns true, or returns false when it cannot take it now: the caller closes it. */
  write(out: DecodedOutput): boolean;
  /** Lets go of the element or node; the sink is not used again. */
  release(): void;
}

/** Longest a jitter buffer holds sound beyond its target before dropping the oldest (seconds). */
const JITTER_MAX_S = 0.25;
/** Sound a jitter buffer gathers before it plays, and again after running dry (seconds). */
const JITTER_TARGET_S = 0.06;
/** Decoded sound kept while the worklet's code loads, at most (AudioData objects, ~20 ms each). */
const MAX_PENDING_AUDIO = 25;

const hasGenerator = () => typeof (globalThis as { MediaStreamTrackGenerator?: unknown }).MediaStreamTrackGenerator === 'function';

/**
 * Whether this browser can show decoded `kind` output: a generated track (Chromium), or a
 * canvas capture (video) / an AudioWorklet (sound) where it has none (Firefox).
 */
export function canSink(kind: 'video' | 'audio'): boolean {
  if (hasGenerator()) return true;
  if (kind === 'video') return typeof HTMLCanvasElement !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function';
  return typeof AudioWorkletNode === 'function';
}

/** Whether the sink is a generated track, the path the benchmark measured (Chromium). */
export const sinksToTrack = hasGenerator;

/**
 * A sink for `kind`: sound goes to `output` when one is given (the page's audio context),
 * else to the element; video to the element.
 */
export function openSink(kind: 'video' | 'audio', element: HTMLMediaElement, output: AudioNode | undefined): FrameSink {
  if (hasGenerator()) return new GeneratorSink(kind, element, output);
  if (kind === 'video') return new CanvasSink(element);
  if (!output) throw new Error('WebCodecs sound needs the page audio context in this browser');
  return new WorkletSink(output);
}

/** A generated track: each frame goes to the element (or the audio context) as a WebRTC track's would. */
class GeneratorSink implements FrameSink {
  private readonly generator: MediaStreamTrackGenerator<DecodedOutput>;
  private readonly writer: WritableStreamDefaultWriter<DecodedOutput>;
  private readonly source: MediaStreamAudioSourceNode | undefined;

  constructor(
    kind: 'video' | 'audio',
    private readonly element: HTMLMediaElement,
    output: AudioNode | undefined,
  ) {
    this.generator = new MediaStreamTrackGenerator<DecodedOutput>({ kind });
    this.writer = this.generator.writable.getWriter();
    if (output) {
      this.source = new MediaStreamAudioSourceNode(output.context as AudioContext, { mediaStream: new MediaStream([this.generator]) });
      this.source.connect(output);
    } else {
      element.srcObject = new MediaStream([this.generator]);
    }
  }

  write(out: DecodedOutput): boolean {
    // The track has not taken the last frame yet: drop this one rather than queue it. A
    // queued frame is latency, and decoders stop when their frames are not given back.
    if ((this.writer.desiredSize ?? 1) <= 0) return false;
    void this.writer.write(out).catch(() => undefined);
    return true;
  }

  release(): void {
    void this.writer.close().catch(() => undefined);
    this.source?.disconnect();
    this.generator.stop();
    if (!this.source) this.element.srcObject = null;
  }
}

/** A canvas each frame is drawn on as it is decoded, captured frame by frame into the element. */
class CanvasSink implements FrameSink {
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;
  private readonly track: MediaStreamTrack;
  /** Sends the frame just drawn: the track's `requestFrame` (the standard), or the stream's (Firefox's). */
  private readonly requestFrame: () => void;

  constructor(private readonly element: HTMLMediaElement) {
    this.context = this.canvas.getContext('2d', { alpha: false })!;
    // Frame rate 0: a frame goes out only when requestFrame() says one was drawn.
    const stream = this.canvas.captureStream(0) as MediaStream & { requestFrame?: () => void };
    const track = stream.getVideoTracks()[0] as MediaStreamTrack & { requestFrame?: () => void };
    this.track = track;
    this.requestFrame = track.requestFrame ? () => track.requestFrame!() : () => stream.requestFrame?.();
    element.srcObject = stream;
  }

  write(out: DecodedOutput): boolean {
    const frame = out as VideoFrame;
    const { displayWidth: width, displayHeight: height } = frame;
    if (this.canvas.width !== width || this.canvas.height !== height) Object.assign(this.canvas, { width, height });
    this.context.drawImage(frame, 0, 0, width, height);
    frame.close();
    this.requestFrame();
    return true;
  }

  release(): void {
    this.track.stop();
    this.element.srcObject = null;
  }
}

/**
 * The jitter buffer's AudioWorklet: decoded sound comes in over its port as planes of float
 * samples and goes to a {@link JitterBuffer}, which fills each render quantum. Built from the
 * class's own source: the bundle stays one file, and a worklet loads from a URL.
 */
const jitterWorklet = () => `const JitterBuffer = ${JitterBuffer.toString()};
registerProcessor('meet-jitter-buffer', class extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { target, max } = options.processorOptions;
    this.buffer = new JitterBuffer(sampleRate, target, max);
    this.port.onmessage = (e) => this.buffer.push(e.data.planes, e.data.rate);
  }
  process(inputs, outputs) {
    this.buffer.pull(outputs[0]);
    return true;
  }
});`;

/** Sound into an AudioWorklet jitter buffer connected to `output` (where there is no generated track). */
class WorkletSink implements FrameSink {
  private node: AudioWorkletNode | undefined;
  private pending: AudioData[] | undefined = [];

  constructor(output: AudioNode) {
    addWorkletModule(output.context, jitterWorklet()).then(
      () => {
        if (!this.pending) return; // released meanwhile
        this.node = new AudioWorkletNode(output.context, 'meet-jitter-buffer', {
          numberOfInputs: 0,
          outputChannelCount: [2],
          processorOptions: { target: JITTER_TARGET_S, max: JITTER_MAX_S },
        });
        this.node.connect(output);
        for (const data of this.pending.splice(0)) this.send(data);
      },
      () => this.release(), // no worklet (a page policy forbids blob: scripts): silence, not a crash
    );
  }

  write(out: DecodedOutput): boolean {
    const data = out as AudioData;
    if (this.node) {
      this.send(data);
    } else if (this.pending) {
      this.pending.push(data);
      if (this.pending.length > MAX_PENDING_AUDIO) this.pending.shift()!.close();
    } else {
      data.close();
    }
    return true;
  }

  private send(data: AudioData): void {
    const planes: Float32Array[] = [];
    for (let c = 0; c < data.numberOfChannels; c++) {
      const plane = new Float32Array(data.numberOfFrames);
      data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
      planes.push(plane);
    }
    const rate = data.sampleRate;
    data.close();
    this.node!.port.postMessage({ rate, planes }, planes.map((p) => p.buffer));
  }

  release(): void {
    for (const data of this.pending ?? []) data.close();
    this.pending = undefined;
    this.node?.disconnect();
    this.node?.port.close();
    this.node = undefined;
  }
}
