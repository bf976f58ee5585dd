/**
 * The sound a WebCodecs player plays where the browser has no generated track (Firefox),
 * between the decoder and the speakers: decoded chunks go in as they come, the audio thread
 * takes a render quantum at a time. It gathers `target` seconds before it plays, and again
 * after running dry (silence meanwhile, rather than clicks); past `max` seconds held it drops
 * the oldest, so a backlog (a burst after a stall, a suspended context) is skipped rather
 * than played out late. Held more than `target` + 20 ms, it plays faster, by half the excess
 * in seconds (60 ms over: 3 %) up to 8 %, until it is back within 20 ms: a burst that
 * arrived late does not keep the sound behind the picture for the rest of the epoch, and an
 * output clock slower than the sender's (headless Firefox's runs ~5 % slow) holds the
 * buffer a little over the target instead of at `max`. A chunk at another sample rate than the output's is resampled
 * linearly; a mono chunk plays on every output channel.
 *
 * It runs inside an AudioWorklet, built from this class's own source (frame-sink.ts): it
 * must use nothing from outside itself.
 */
export class JitterBuffer {
  private readonly chunks: { planes: Float32Array[]; step: number; length: number }[] = [];
  /** Output samples held, counted at the output's rate. */
  private heldSamples = 0;
  /** Position in the first chunk, in its own samples (fractional when resampling). */
  private pos = 0;
  private playing = false;
  /** Held beyond the target that plays at normal speed (s). */
  private readonly catchUpFrom = 0.02;
  /** Speed-up per second held beyond the target. */
  private readonly catchUpGain = 0.5;
  /** The fastest it plays, as a speed-up (8 %). */
  private readonly catchUpMax = 0.08;
  private readonly targetSamples: number;
  private readonly maxSamples: number;

  /**
   * @param outputRate the output's sample rate (the worklet's `sampleRate`)
   * @param target seconds gathered before playing
   * @param max seconds held at most
   */
  constructor(
    private readonly outputRate: number,
    target: number,
    max: number,
  ) {
    this.targetSamples = target * outputRate;
    this.maxSamples = max * outputRate;
  }

  /** Seconds of sound held (not yet played). */
  get held(): number {
    return this.heldSamples / this.outputRate;
  }

  /** Adds a decoded chunk: one plane of samples per channel, at `rate` samples a second. */
  push(planes: Float32Array[], rate: number): void {
    const length = planes[0]?.length ?? 0;
    if (!length) return;
    const step = rate / this.outputRate;
    this.chunks.push({ planes, step, length });
    this.heldSamples += length / step;
    while (this.heldSamples > this.maxSamples && this.chunks.length > 1) this.dropFirst();
  }

  /** Fills `out` (one array per output channel, of one length) with what is due; silence where nothing is. */
  pull(out: Float32Array[]): void {
    const frames = out[0]?.length ?? 0;
    for (const channel of out) channel.fill(0);
    if (!this.playing && this.heldSamples < this.targetSamples) return;
    this.playing = true;
    const excess = (this.heldSamples - this.targetSamples) / this.outputRate;
    const rate = excess > this.catchUpFrom ? 1 + Math.min(this.catchUpMax, excess * this.catchUpGain) : 1;
    for (let i = 0; i < frames; i++) {
      let chunk = this.chunks[0];
      while (chunk && this.pos >= chunk.length) {
        this.dropFirst();
        chunk = this.chunks[0];
      }
      if (!chunk) {
        this.playing = false; // ran dry: gather the target again
        this.heldSamples = 0;
        return;
      }
      const at = Math.floor(this.pos);
      const frac = this.pos - at;
      for (let c = 0; c < out.length; c++) {
        const plane = chunk.planes[Math.min(c, chunk.planes.length - 1)]!;
        const a = plane[at]!;
        const b = at + 1 < chunk.length ? plane[at + 1]! : a;
        out[c]![i] = a + (b - a) * frac;
      }
      this.pos += chunk.step * rate;
      this.heldSamples = Math.max(0, this.heldSamples - rate);
    }
  }

  private dropFirst(): void {
    const chunk = this.chunks.shift()!;
    this.heldSamples = Math.max(0, this.heldSamples - Math.max(0, chunk.length - this.pos) / chunk.step);
    this.pos = 0;
  }
}
