import { expect } from '@open-wc/testing';
import { SIGNALING_DEFAULTS, reconnectDelayFor } from '../../src/core/signaling.js';

/** Every attempt's delay over the first `seconds` after a drop, with a fixed jitter draw. */
function schedule(random: number, seconds: number, options = {}): number[] {
  const at: number[] = [];
  let t = 0;
  for (let attempt = 0; t < seconds * 1000; attempt++) {
    t += reconnectDelayFor(attempt, t, options, random);
    at.push(t);
  }
  return at;
}

/** The longest wait between two attempts within [from, to) ms after the drop. */
function longestGap(at: number[], from: number, to: number): number {
  const inside = [0, ...at].filter((t) => t >= from && t < to);
  return Math.max(...inside.slice(1).map((t, i) => t - inside[i]!));
}

describe('reconnect delays', () => {
  it('start at 125-250 ms and double, with jitter', () => {
    expect(reconnectDelayFor(0, 0, {}, 0)).to.equal(125);
    expect(reconnectDelayFor(0, 0, {}, 0.999999)).to.be.closeTo(250, 0.001);
    expect(reconnectDelayFor(1, 200, {}, 0)).to.equal(250);
    expect(reconnectDelayFor(2, 500, {}, 0)).to.equal(500);
  });

  it('stay at most 1 s apart for the first 10 s after a drop, so a relay back after a restart is found within a second', () => {
    for (const random of [0, 0.5, 0.999999]) {
      const at = schedule(random, 10);
      expect(longestGap(at, 0, SIGNALING_DEFAULTS.quickRetryWindow)).to.be.at.most(1000, `jitter ${random}`);
    }
    // The relay comes back 1.5 s after the drop: the next attempt is at most 1 s later.
    const at = schedule(0.999999, 10);
    expect(at.find((t) => t >= 1500)! - 1500).to.be.at.most(1000);
  });

  it('back off to maxReconnectDelay after the quick window, not hammering a relay that is gone', () => {
    const at = schedule(0.999999, 60);
    expect(longestGap(at, 20000, 60000)).to.be.closeTo(5000, 0.01);
    expect(reconnectDelayFor(10, 30000, {}, 0.999999)).to.be.closeTo(5000, 0.01);
    expect(reconnectDelayFor(10, 30000, { maxReconnectDelay: 2000 }, 0.999999)).to.be.closeTo(2000, 0.01);
  });

  it('take their limits from the options', () => {
    expect(reconnectDelayFor(10, 0, { quickRetryDelay: 400 }, 0.999999)).to.be.closeTo(400, 0.01);
    expect(reconnectDelayFor(10, 0, { quickRetryWindow: 0 }, 0.999999)).to.be.closeTo(5000, 0.01);
    // A quick cap above the longest delay never lengthens it.
    expect(reconnectDelayFor(10, 0, { quickRetryDelay: 9000, maxReconnectDelay: 3000 }, 0.999999)).to.be.closeTo(3000, 0.01);
  });
});
