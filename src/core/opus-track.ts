import { acquireAudio, addWorkletModule, audioRunning, releaseAudio } from './audio-output.js';
import type { RecordedFrame, TrackRecorder } from './recorder-track.js';
import { WebmMuxer, opusHead } from './webm/muxer.js';

/** The MIME type the sound is announced with: a MediaRecorder's Opus WebM, so every player takes it. */
export const OPUS_MIME = 'audio/webm;codecs=opus';

/** Sound gathered in the worklet before it is posted and encoded (ms): one Opus frame. */
const PACKET_MS = 20;
/** Least time between two Cluster starts (ms): where a late joiner's sound can begin. */
const CLUSTER_MS = 1000;
/** Opus bitrate (bits/s): speech, mono. */
const BITRATE = 32_000;

/** Whether this browser can encode a microphone with WebCodecs: an AudioEncoder and an AudioWorklet. */
export function canEncodeSound(): boolean {
  return typeof AudioEncoder !== 'undefined' && typeof AudioData !== 'undefined' && typeof AudioWorkletNode === 'function';
}

/**
 * The capture worklet: the first input channel, posted every `packet` samples as a
 * Float32Array (transferred). Built from this source, so the bundle stays one file.
 */
const captureWorklet = () => `registerProcessor('meet-capture', class extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.packet = options.processorOptions.packet;
    this.buffer = new Float32Array(this.packet);
    this.filled = 0;
  }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    let from = 0;
    while (from < input.length) {
      const n = Math.min(input.length - from, this.packet - this.filled);
      this.buffer.set(input.subarray(from, from + n), this.filled);
      this.filled += n;
      from += n;
      if (this.filled === this.packet) {
        this.port.postMessage(this.buffer, [this.buffer.buffer]);
        this.buffer = new Float32Array(this.packet);
        this.filled = 0;
      }
    }
    return true;
  }
});`;

interface Run {
  track: MediaStreamTrack;
  context: AudioContext;
  source: MediaStreamAudioSourceNode | undefined;
  node: AudioWorkletNode | undefined;
  encoder: AudioEncoder | undefined;
  muxer: WebmMuxer | undefined;
  epoch: number;
  /** Samples posted so far (the next packet's timestamp). */
  samples: number;
  /** Timecode (ms) of the last Cluster start. */
  clusterAt: number;
  clusterWanted: boolean;
  stopped: boolean;
}

/** Options of {@link OpusTrack}. */
export interface OpusTrackOptions {
  onFrame(frame: RecordedFrame): void;
  onMimeType(mimeType: string): void;
  onError(error: Error): void;
  /** Numbers epochs from a counter shared with another recorder of the track (see {@link SoundTrack}). */
  nextEpoch?: () => number;
}

/**
 * A microphone encoded with WebCodecs where a MediaRecorder cannot make Opus WebM (WebKit
 * records MP4 only): an AudioWorklet takes the track's sound from the page's audio context
 * in 20 ms packets, an AudioEncoder makes Opus of them, and they go out as the same live WebM
 * a MediaRecorder's sound becomes (one init per epoch, a Cluster about every second), so
 * every player takes it.
 */
export class OpusTrack implements TrackRecorder {
  private run: Run | undefined;
  private epochValue = 0;
  private seq = 0;

  constructor(private readonly options: OpusTrackOptions) {}

  get epoch(): number {
    return this.epochValue;
  }

  get recording(): boolean {
    return this.run !== undefined;
  }

  start(track: MediaStreamTrack): void {
    this.stop();
    this.seq = 0;
    const run: Run = {
      track,
      context: acquireAudio(),
      source: undefined,
      node: undefined,
      encoder: undefined,
      muxer: undefined,
      epoch: (this.epochValue = this.options.nextEpoch ? this.options.nextEpoch() : this.epochValue + 1),
      samples: 0,
      clusterAt: -Infinity,
      clusterWanted: true,
      stopped: false,
    };
    this.run = run;
    void this.begin(run).catch((e) => this.fail(run, e));
  }

  /** Every sound frame is a keyframe: the next packet opens a Cluster, in the same epoch. */
  splice(track: MediaStreamTrack): void {
    if (this.run && this.run.track === track) this.run.clusterWanted = true;
    else this.start(track);
  }

  stop(): void {
    const run = this.run;
    this.run = undefined;
    if (!run) return;
    run.stopped = true;
    run.source?.disconnect();
    if (run.node) {
      run.node.port.onmessage = null;
      run.node.disconnect();
    }
    if (run.encoder && run.encoder.state !== 'closed') run.encoder.close();
    releaseAudio();
  }

  dispose(): void {
    this.stop();
  }

  private async begin(run: Run): Promise<void> {
    const { context } = run;
    await addWorkletModule(context, captureWorklet());
    if (run.stopped) return;
    const rate = context.sampleRate;
    const encoder = new AudioEncoder({
      output: (chunk, meta) => this.onChunk(run, chunk, meta),
      error: (e) => this.fail(run, e),
    });
    encoder.configure({ codec: 'opus', sampleRate: rate, numberOfChannels: 1, bitrate: BITRATE });
    run.encoder = encoder;
    const packet = Math.round((rate * PACKET_MS) / 1000);
    // One silent output, connected: a node nothing pulls may never run.
    const node = new AudioWorkletNode(context, 'meet-capture', { processorOptions: { packet } });
    node.connect(context.destination);
    node.port.onmessage = (e: MessageEvent<Float32Array<ArrayBuffer>>) => {
      if (run.stopped || encoder.state !== 'configured') return;
      const data = e.data;
      const timestamp = Math.round((run.samples / rate) * 1e6);
      run.samples += data.length;
      const audio = new AudioData({ format: 'f32-planar', sampleRate: rate, numberOfFrames: data.length, numberOfChannels: 1, timestamp, data });
      try {
        encoder.encode(audio);
      } finally {
        audio.close();
      }
    };
    run.node = node;
    run.source = new MediaStreamAudioSourceNode(context, { mediaStream: new MediaStream([run.track]) });
    run.source.connect(node);
  }

  private onChunk(run: Run, chunk: EncodedAudioChunk, meta: EncodedAudioChunkMetadata | undefined): void {
    if (run.stopped || this.run !== run) return;
    if (!run.muxer) {
      const config = meta?.decoderConfig;
      const channels = config?.numberOfChannels ?? 1;
      const sampleRate = config?.sampleRate ?? run.context.sampleRate;
      const given = config?.description;
      const head = !given ? opusHead(channels, sampleRate) : ArrayBuffer.isView(given) ? new Uint8Array(given.buffer, given.byteOffset, given.byteLength).slice() : new Uint8Array(given).slice();
      run.muxer = new WebmMuxer({ codecId: 'A_OPUS', sampleRate, channels, codecPrivate: head });
      this.options.onMimeType(OPUS_MIME);
      this.emit(run, run.muxer.init());
    }
    const timecode = chunk.timestamp / 1000;
    const cluster = run.clusterWanted || timecode - run.clusterAt >= CLUSTER_MS;
    if (cluster) {
      run.clusterAt = timecode;
      run.clusterWanted = false;
    }
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    this.emit(run, run.muxer.frame(data, timecode, cluster));
  }

  private emit(run: Run, frame: { data: Uint8Array; init: boolean; keyframe: boolean }): void {
    this.options.onFrame({ ...frame, epoch: run.epoch, seq: this.seq++ });
  }

  private fail(run: Run, e: unknown): void {
    if (run.stopped || this.run !== run) return;
    this.stop();
    this.options.onError(new Error(`sound encoder: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/**
 * The microphone in Chromium on `encoder="auto"`: Opus through an AudioEncoder (20 ms
 * packets) when the page's audio context runs, else its MediaRecorder (60 ms packets: heard
 * 73 ms later, bench/av-sync.mjs), chosen again at each start. A context that autoplay rules
 * hold suspended would capture nothing; it runs once the page had a gesture, and the next
 * start (turning the microphone on again) takes the AudioEncoder. Both number their epochs
 * from one counter, so a switch is a new, larger epoch like any restart.
 */
export class SoundTrack implements TrackRecorder {
  private active: TrackRecorder | undefined;
  private last = 0;

  constructor(
    private readonly opus: (nextEpoch: () => number) => TrackRecorder,
    private readonly recorder: (nextEpoch: () => number) => TrackRecorder,
  ) {}

  private readonly nextEpoch = () => ++this.last;
  private opusTrack: TrackRecorder | undefined;
  private recorderTrack: TrackRecorder | undefined;
  /** Whether this holds the page's audio context (from a start to its stop). */
  private holding = false;

  get epoch(): number {
    return this.last;
  }

  get recording(): boolean {
    return this.active?.recording ?? false;
  }

  start(track: MediaStreamTrack): void {
    this.stop();
    // Held while the microphone is on: made here if nothing else made it yet.
    acquireAudio();
    this.holding = true;
    this.active = audioRunning() ? (this.opusTrack ??= this.opus(this.nextEpoch)) : (this.recorderTrack ??= this.recorder(this.nextEpoch));
    this.active.start(track);
  }

  splice(track: MediaStreamTrack): void {
    if (this.active) this.active.splice(track);
    else this.start(track);
  }

  stop(): void {
    this.active?.stop();
    if (this.holding) releaseAudio();
    this.holding = false;
  }

  dispose(): void {
    this.stop();
    this.opusTrack?.dispose();
    this.recorderTrack?.dispose();
    this.active = undefined;
  }
}
