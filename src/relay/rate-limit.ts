/**
 * A token bucket in integers: `rate` tokens a second, holding at most `burst`. Tokens are
 * kept in thousandths so that whole milliseconds refill exactly; no allocation per take.
 */
export class TokenBucket {
  private milli: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.milli = burst * 1000;
    this.last = now;
  }

  /** Takes `cost` tokens at time `now` (whole ms) if there are enough; returns whether it did. */
  take(cost: number, now: number): boolean {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.milli = Math.min(this.burst * 1000, this.milli + elapsed * this.rate);
      this.last = now;
    }
    const need = cost * 1000;
    if (need > this.milli) return false;
    this.milli -= need;
    return true;
  }
}

/** Per-connection rates (per second) and bursts; see RelayOptions for the defaults. */
export interface RateLimits {
  messageRate: number;
  messageBurst: number;
  mediaByteRate: number;
  mediaByteBurst: number;
  screenByteRate: number;
  screenByteBurst: number;
  mediaFrameRate: number;
  mediaFrameBurst: number;
}

/**
 * What to do with a message: `ok` pass it; `drop` drop it and tell the client (at most once
 * per {@link TELL_EVERY_MS}); `skip` drop it quietly; `close` the client is abusive.
 */
export type LimitVerdict = 'ok' | 'drop' | 'skip' | 'close';

/** Dropped messages within {@link ABUSE_WINDOW_MS} past which a connection is closed. */
export const MAX_DROPS_PER_WINDOW = 100;
/** Window of the abuse count, ms. */
export const ABUSE_WINDOW_MS = 10_000;
/**
 * Least ms between two `rate-limited` errors to one connection. Telling once per run of
 * drops (until a message passed) sent a second error whenever a token refilled inside a
 * burst (one every 20 ms at 50/s), so the count depended on how fast the relay read.
 */
export const TELL_EVERY_MS = 1000;

/** One connection's rate limits: text messages, media bytes (camera and mic; screen apart) and media frames. */
export class ConnectionLimits {
  private readonly messages: TokenBucket;
  private readonly mediaBytes: TokenBucket;
  private readonly screenBytes: TokenBucket;
  private readonly mediaFrames: TokenBucket;
  private dropped = 0;
  private windowStart: number;
  private toldAt = -Infinity;

  constructor(limits: RateLimits, now: number) {
    this.messages = new TokenBucket(limits.messageRate, limits.messageBurst, now);
    this.mediaBytes = new TokenBucket(limits.mediaByteRate, limits.mediaByteBurst, now);
    this.screenBytes = new TokenBucket(limits.screenByteRate, limits.screenByteBurst, now);
    this.mediaFrames = new TokenBucket(limits.mediaFrameRate, limits.mediaFrameBurst, now);
    this.windowStart = now;
  }

  /** A text (signaling) message arrived. */
  text(now: number): LimitVerdict {
    return this.verdict(this.messages.take(1, now), now);
  }

  /** A binary (media) message of `bytes` arrived; `screen`: of a shared screen, on its own byte budget. */
  media(bytes: number, now: number, screen = false): LimitVerdict {
    return this.verdict(this.mediaFrames.take(1, now) && (screen ? this.screenBytes : this.mediaBytes).take(bytes, now), now);
  }

  private verdict(ok: boolean, now: number): LimitVerdict {
    if (ok) return 'ok';
    if (now - this.windowStart > ABUSE_WINDOW_MS) {
      this.windowStart = now;
      this.dropped = 0;
    }
    this.dropped += 1;
    if (this.dropped > MAX_DROPS_PER_WINDOW) return 'close';
    if (now - this.toldAt < TELL_EVERY_MS) return 'skip';
    this.toldAt = now;
    return 'drop';
  }
}
