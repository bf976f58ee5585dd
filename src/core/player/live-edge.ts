import { withDefaults } from '../../util/with-defaults.js';

/**
 * Live-edge control for a live MSE stream: pure logic, no DOM, so it can be unit-tested.
 *
 * Lag is the distance from the playhead to the end of the newest buffered range. A live
 * source adds media in real time, so the lag only grows when the playhead waits (an
 * underrun, a network hiccup) and only shrinks when we play faster. The controller holds it
 * near a target with small playbackRate nudges and a dead band (hysteresis) so the rate does
 * not flap on every frame, and seeks only when far behind or stuck in a gap, because a seek
 * is visible (it re-decodes from the last keyframe).
 */

/** Tuning of {@link LiveEdgeController}; defaults in {@link LIVE_EDGE_DEFAULTS}. */
export interface LiveEdgeOptions {
  /** Lag to hold, seconds. */
  targetLatency: number;
  /** Dead band each side of the target before the rate changes, seconds. */
  hysteresis: number;
  /** Fastest catch-up rate. */
  maxRate: number;
  /** Slowest rate, used to regrow a cushion when the playhead runs too close to the edge. */
  minRate: number;
  /** Rate change per second of lag error. */
  gain: number;
  /** Lag beyond which we seek to the live point instead of speeding up, seconds. */
  jumpThreshold: number;
}

/** Defaults; the measurements behind them are in docs/player.md. */
export const LIVE_EDGE_DEFAULTS: Readonly<LiveEdgeOptions> = Object.freeze({
  targetLatency: 0.2,
  hysteresis: 0.1,
  maxRate: 1.2,
  minRate: 0.95,
  gain: 1,
  jumpThreshold: 1.5,
});

/** A buffered range, seconds. */
export type TimeRange = readonly [start: number, end: number];

/** What the player should do now. */
export interface LiveEdgeDecision {
  /** Seconds from the playhead to the end of the newest buffered range. */
  lag: number;
  /** playbackRate to use. */
  playbackRate: number;
  /** Set when the player should seek (set `currentTime`) there. */
  seekTo?: number;
}

/** Smallest rate step in catch-up or ease mode, so the error closes in finite time. */
const MIN_NUDGE = 0.02;
/** Slack for the rounding of buffered ranges and currentTime, seconds. */
const EPSILON = 0.01;
/** Closer than this to the end of a range with a later one waiting counts as stuck in a gap. */
const GAP_EDGE = 0.1;

/** Keeps a live stream's lag near a target. Stateful only for its hysteresis mode. */
export class LiveEdgeController {
  /** Effective options (defaults merged with the constructor's). */
  readonly options: Readonly<LiveEdgeOptions>;
  private mode: 'hold' | 'catch-up' | 'ease' = 'hold';

  /** @param options overrides of {@link LIVE_EDGE_DEFAULTS} */
  constructor(options: Partial<LiveEdgeOptions> = {}) {
    this.options = withDefaults(LIVE_EDGE_DEFAULTS, options);
  }

  /** Forget the mode, for a new pipeline (a new MediaSource starts its timeline afresh). */
  reset(): void {
    this.mode = 'hold';
  }

  /**
   * Decide the rate, and maybe a seek, from the buffered ranges and the playhead.
   * @param ranges buffered ranges, sorted and disjoint (as `TimeRanges` are)
   * @param currentTime the playhead, seconds
   * @param starting true until the first frame is shown: then any lag beyond the band seeks
   */
  update(ranges: readonly TimeRange[], currentTime: number, starting = false): LiveEdgeDecision {
    const last = ranges[ranges.length - 1];
    if (!last) return { lag: 0, playbackRate: 1 };
    const { targetLatency: target, hysteresis, jumpThreshold } = this.options;
    const lag = Math.max(0, last[1] - currentTime);
    const live = livePoint(ranges, last[1] - target);

    const i = ranges.findIndex(([s, e]) => currentTime >= s - EPSILON && currentTime <= e + EPSILON);
    const next = ranges.find(([s]) => s > currentTime + EPSILON);
    const inGap = i === -1 || (i < ranges.length - 1 && ranges[i]![1] - currentTime < GAP_EDGE);
    // Before the first frame nothing is on screen, so a jump costs nothing (a late joiner
    // gets a backlog from the last keyframe on, which would otherwise take seconds to eat).
    if (inGap || lag > jumpThreshold || (starting && lag > target + hysteresis)) {
      this.mode = 'hold';
      const seekTo = next && inGap ? Math.max(live, next[0]) : live;
      return { lag, playbackRate: 1, seekTo };
    }

    const error = lag - target;
    if (this.mode === 'hold') {
      if (error > hysteresis) this.mode = 'catch-up';
      else if (error < -hysteresis && this.options.minRate < 1) this.mode = 'ease';
    } else if ((this.mode === 'catch-up' && error <= 0) || (this.mode === 'ease' && error >= 0)) {
      this.mode = 'hold';
    }
    return { lag, playbackRate: this.rate(error) };
  }

  private rate(error: number): number {
    const { gain, maxRate, minRate } = this.options;
    let rate = 1;
    if (this.mode === 'catch-up') rate = Math.min(maxRate, 1 + Math.max(MIN_NUDGE, gain * error));
    if (this.mode === 'ease') rate = Math.max(minRate, 1 - Math.max(MIN_NUDGE, -gain * error));
    // Whole hundredths: setting playbackRate on every tick makes Chromium re-time its audio.
    return Math.round(rate * 100) / 100;
  }
}

/** The buffered position nearest `target` at or after it (the target itself when buffered). */
function livePoint(ranges: readonly TimeRange[], target: number): number {
  const range = ranges.find(([, e]) => e >= target) ?? ranges[ranges.length - 1]!;
  return Math.min(range[1], Math.max(range[0], target));
}
