import { withDefaults } from '../util/with-defaults.js';

/**
 * How a sender degrades when it cannot keep up, and climbs back: pure logic, no media, so it
 * can be unit-tested. Each second the encoder reports what happened; the ladder answers with
 * the step to send at. A step caps the frame rate and scales the encoded size.
 *
 * Down one step at once when, in the last second, the encoder had to drop more than
 * `dropShare` of the camera's frames (it was still busy with earlier ones), or the socket had
 * more than `maxBacklog` bytes waiting (the network or the relay is slower than the video).
 * Up one step after `climbAfter` ms without either. Never two changes within `holdMs`: a
 * change needs a moment to show its effect, so the ladder does not flap.
 */

/** One way to send: at most `fps` frames per second, at `scale` of the full encode size. */
export interface LadderStep {
  readonly fps: number;
  readonly scale: number;
}

/** Tuning of {@link EncodeLadder}; defaults in {@link LADDER_DEFAULTS}. */
export interface LadderOptions {
  /** The steps, best first. */
  steps: readonly LadderStep[];
  /** Share of offered frames dropped in a second that steps down. */
  dropShare: number;
  /** Socket bytes waiting at the end of a second that step down. */
  maxBacklog: number;
  /** ms without trouble before climbing one step. */
  climbAfter: number;
  /** Least ms between two changes. */
  holdMs: number;
}

/** Defaults; docs/media.md has the measurements behind them. */
export const LADDER_DEFAULTS: Readonly<LadderOptions> = Object.freeze({
  steps: Object.freeze([
    { fps: 30, scale: 1 },
    { fps: 15, scale: 1 },
    { fps: 15, scale: 0.75 },
    { fps: 10, scale: 0.75 },
    { fps: 10, scale: 0.5 },
  ]),
  dropShare: 0.15,
  maxBacklog: 256 * 1024,
  climbAfter: 8000,
  holdMs: 2000,
});

/** What the encoder saw in one second. */
export interface LadderSample {
  /** Camera frames offered to the encoder (after the step's frame-rate cap). */
  offered: number;
  /** Of those, dropped because the encoder was still busy. */
  dropped: number;
  /** Bytes waiting in the socket now. */
  backlog: number;
}

/** Chooses the step to send at from one-second samples. */
export class EncodeLadder {
  readonly options: Readonly<LadderOptions>;
  private index = 0;
  private changedAt = -Infinity;
  private troubleAt = -Infinity;

  constructor(options: Partial<LadderOptions> = {}) {
    this.options = withDefaults(LADDER_DEFAULTS, options);
  }

  /** The current step. */
  get step(): LadderStep {
    return this.options.steps[this.index]!;
  }

  /** How many steps below the best it is (0: full quality). */
  get level(): number {
    return this.index;
  }

  /** Back to the best step (a new camera, a new epoch). */
  reset(): void {
    this.index = 0;
    this.changedAt = -Infinity;
    this.troubleAt = -Infinity;
  }

  /** Takes one second's sample at time `now` (ms); returns the step, changed or not. */
  update(sample: LadderSample, now: number): LadderStep {
    const { dropShare, maxBacklog, climbAfter, holdMs, steps } = this.options;
    const trouble = (sample.offered > 0 && sample.dropped / sample.offered > dropShare) || sample.backlog > maxBacklog;
    if (trouble) this.troubleAt = now;
    if (now - this.changedAt < holdMs) return this.step;
    if (trouble && this.index < steps.length - 1) {
      this.index += 1;
      this.changedAt = now;
    } else if (!trouble && this.index > 0 && now - Math.max(this.troubleAt, this.changedAt) >= climbAfter) {
      this.index -= 1;
      this.changedAt = now;
    }
    return this.step;
  }
}
