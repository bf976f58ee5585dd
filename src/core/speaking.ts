import { acquireAudio, releaseAudio } from './audio-output.js';
import { withDefaults } from '../util/with-defaults.js';
import { TypedEventTarget } from './typed-event-target.js';

/** Tuning of {@link SpeakingGate}. */
export interface SpeakingGateOptions {
  /** RMS level (0..1) above which speech starts (default 0.03, about -30 dBFS). */
  onLevel?: number;
  /** RMS level below which silence may begin (default 0.015); below `onLevel` for hysteresis. */
  offLevel?: number;
  /** How long the level must stay below `offLevel` before speech ends, ms (default 500). */
  hold?: number;
}

/** Defaults of {@link SpeakingDetectorOptions} (the gate's, and how often the level is read). */
export const SPEAKING_DEFAULTS = Object.freeze({ onLevel: 0.03, offLevel: 0.015, hold: 500, interval: 50 });

/** Samples per level reading: 21 ms at 48 kHz, about one reading interval. */
const FFT_SIZE = 1024;

/**
 * Voice activity from a stream of levels, with hysteresis: speech starts at once above
 * `onLevel`, and ends only after `hold` ms below `offLevel`, so pauses between words and
 * levels hovering near one threshold do not flap. Pure logic: no audio, no timers.
 */
export class SpeakingGate {
  private readonly onLevel: number;
  private readonly offLevel: number;
  private readonly hold: number;
  private quietSince: number | undefined;
  private state = false;

  constructor(options: SpeakingGateOptions = {}) {
    ({ onLevel: this.onLevel, offLevel: this.offLevel, hold: this.hold } = withDefaults(SPEAKING_DEFAULTS, options));
  }

  /** Whether speech is on after the last level. */
  get speaking(): boolean {
    return this.state;
  }

  /** Feeds one level measured at time `now` (ms); returns whether speech is on. */
  update(level: number, now: number): boolean {
    if (level >= this.onLevel) {
      this.state = true;
      this.quietSince = undefined;
    } else if (this.state && level < this.offLevel) {
      this.quietSince ??= now;
      if (now - this.quietSince >= this.hold) {
        this.state = false;
        this.quietSince = undefined;
      }
    } else {
      this.quietSince = undefined;
    }
    return this.state;
  }
}

/** Options of {@link SpeakingDetector}. */
export interface SpeakingDetectorOptions extends SpeakingGateOptions {
  /** How often the level is measured, ms (default 50). */
  interval?: number;
}

/**
 * Measures the local microphone (an AnalyserNode, never the remote audio) and fires
 * `change` when speech starts or ends. The sender signals the result; receivers only
 * draw the ring. It listens in the page's shared audio context (audio-output.ts).
 */
export class SpeakingDetector extends TypedEventTarget<{ change: Event }> {
  private readonly context: AudioContext;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;
  private readonly gate: SpeakingGate;
  private readonly timer: ReturnType<typeof setInterval>;
  private disposed = false;
  private lastLevel = 0;

  constructor(
    /** The microphone track to listen to. */
    readonly track: MediaStreamTrack,
    options: SpeakingDetectorOptions = {},
  ) {
    super();
    const opts = withDefaults(SPEAKING_DEFAULTS, options);
    this.gate = new SpeakingGate(opts);
    this.context = acquireAudio();
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = FFT_SIZE;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser);
    this.timer = setInterval(() => this.measure(), opts.interval);
  }

  /** Whether the microphone hears speech now. */
  get speaking(): boolean {
    return this.gate.speaking;
  }

  /** The last level measured (RMS, 0..1): what a level meter shows. */
  get level(): number {
    return this.lastLevel;
  }

  /** Stops measuring and lets go of the audio context (the track itself is left alone). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    this.source.disconnect();
    releaseAudio();
  }

  private measure(): void {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const s of this.samples) sum += s * s;
    const before = this.gate.speaking;
    this.lastLevel = Math.sqrt(sum / this.samples.length);
    if (this.gate.update(this.lastLevel, performance.now()) !== before) {
      this.dispatchEvent(new Event('change'));
    }
  }
}
