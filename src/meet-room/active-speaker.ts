/** Tuning of {@link ActiveSpeaker}. */
export interface ActiveSpeakerOptions {
  /** Someone must speak this long, without a break, to take the focus, ms (default 600). */
  minSpeech?: number;
  /** The focus stays at least this long before it moves again, ms (default 2000). */
  hold?: number;
}

/** What the speaker view should focus now, and when to ask again (a decision that waits). */
export interface SpeakerDecision {
  focus: number | undefined;
  /** `performance.now()`-style time at which the answer may change with nothing else changing. */
  recheckAt: number | undefined;
}

/**
 * Who the speaker view focuses, with hysteresis so it never flickers: someone takes the focus
 * after speaking `minSpeech` ms without a break, and the focus then stays at least `hold` ms
 * (unless its person leaves). Nobody speaking keeps the last focus. Pure logic: times come in.
 */
export class ActiveSpeaker {
  private readonly minSpeech: number;
  private readonly hold: number;
  private current: number | undefined;
  private since = -Infinity;
  /** When each person now speaking started (speech without a break). */
  private readonly started = new Map<number, number>();

  constructor(options: ActiveSpeakerOptions = {}) {
    this.minSpeech = options.minSpeech ?? 600;
    this.hold = options.hold ?? 2000;
  }

  /**
   * @param present everyone who can be focused, in join order (the first is the default focus)
   * @param speaking those speaking now
   * @param now the time, ms
   */
  update(present: readonly number[], speaking: ReadonlySet<number>, now: number): SpeakerDecision {
    for (const id of [...this.started.keys()]) if (!speaking.has(id)) this.started.delete(id);
    for (const id of speaking) if (!this.started.has(id)) this.started.set(id, now);
    if (this.current === undefined || !present.includes(this.current)) {
      this.current = present.find((id) => speaking.has(id)) ?? present[0];
      this.since = now;
    }
    let recheckAt: number | undefined;
    // The longest speaker other than the focus, if any.
    let candidate: number | undefined;
    let from = Infinity;
    for (const [id, at] of this.started) {
      if (id !== this.current && present.includes(id) && at < from) [candidate, from] = [id, at];
    }
    if (candidate !== undefined) {
      const ready = Math.max(from + this.minSpeech, this.since + this.hold);
      if (now >= ready) {
        this.current = candidate;
        this.since = now;
      } else {
        recheckAt = ready;
      }
    }
    return { focus: this.current, recheckAt };
  }
}
