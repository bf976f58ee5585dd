import { expect } from '@open-wc/testing';
import { LIVE_EDGE_DEFAULTS, LiveEdgeController, type TimeRange } from '../../src/core/player/live-edge.js';

const { targetLatency: TARGET, hysteresis: HYST, maxRate: MAX, minRate: MIN, jumpThreshold: JUMP } =
  LIVE_EDGE_DEFAULTS;

/** One buffered range [0, end] with the playhead `lag` seconds behind its end. */
function at(controller: LiveEdgeController, lag: number, end = 10, starting = false) {
  return controller.update([[0, end]], end - lag, starting);
}

describe('LiveEdgeController', () => {
  it('plays at normal speed with nothing buffered', () => {
    expect(new LiveEdgeController().update([], 0)).to.deep.equal({ lag: 0, playbackRate: 1 });
  });

  it('holds rate 1 inside the dead band on both sides of the target', () => {
    const c = new LiveEdgeController();
    for (const lag of [TARGET, TARGET + HYST * 0.9, TARGET - HYST * 0.9]) {
      const d = at(c, lag);
      expect(d.playbackRate, `lag ${lag}`).to.equal(1);
      expect(d.seekTo).to.equal(undefined);
      expect(d.lag).to.be.closeTo(lag, 1e-9);
    }
  });

  it('speeds up beyond the band and keeps catching up until back at the target', () => {
    const c = new LiveEdgeController();
    const entering = at(c, TARGET + HYST + 0.05);
    expect(entering.playbackRate).to.be.greaterThan(1).and.at.most(MAX);
    // Back inside the band but still behind the target: hysteresis keeps the nudge on.
    expect(at(c, TARGET + HYST / 2).playbackRate).to.be.greaterThan(1);
    expect(at(c, TARGET - 0.01).playbackRate).to.equal(1);
    // And once released, the band holds again.
    expect(at(c, TARGET + HYST / 2).playbackRate).to.equal(1);
  });

  it('nudges in proportion to the error, capped at maxRate, without seeking below the jump threshold', () => {
    const c = new LiveEdgeController();
    const small = at(c, TARGET + HYST + 0.02).playbackRate;
    c.reset();
    const large = at(c, JUMP - 0.01);
    expect(large.playbackRate).to.equal(MAX);
    expect(large.seekTo).to.equal(undefined);
    expect(small).to.be.lessThan(large.playbackRate);
  });

  it('slows down a little when the playhead runs too close to the edge', () => {
    const c = new LiveEdgeController();
    const rate = at(c, TARGET - HYST - 0.05).playbackRate;
    expect(rate).to.be.lessThan(1).and.at.least(MIN);
    expect(at(c, TARGET + 0.01).playbackRate).to.equal(1);
  });

  it('never slows down when minRate is 1', () => {
    const c = new LiveEdgeController({ minRate: 1 });
    expect(at(c, 0).playbackRate).to.equal(1);
  });

  it('seeks to target lag behind the edge when far behind', () => {
    const d = at(new LiveEdgeController(), JUMP + 0.5, 20);
    expect(d.seekTo).to.be.closeTo(20 - TARGET, 1e-9);
    expect(d.playbackRate).to.equal(1);
  });

  it('seeks on a smaller lag before the first frame is shown', () => {
    const lag = TARGET + HYST + 0.2;
    expect(at(new LiveEdgeController(), lag, 5, false).seekTo).to.equal(undefined);
    expect(at(new LiveEdgeController(), lag, 5, true).seekTo).to.be.closeTo(5 - TARGET, 1e-9);
  });

  it('starts at the first buffered range when the playhead is before it', () => {
    const d = new LiveEdgeController().update([[3, 3.1]], 0, true);
    expect(d.seekTo).to.equal(3);
  });

  it('jumps a gap the playhead is stuck in front of', () => {
    const ranges: TimeRange[] = [[0, 2], [2.5, 2.6]];
    const d = new LiveEdgeController().update(ranges, 1.98);
    expect(d.seekTo).to.be.at.least(2.5).and.at.most(2.6);
  });

  it('does not seek backwards into the range it is leaving when the live point falls in a gap', () => {
    // The live point (5.1 - target) is behind the playhead, inside the range it is leaving.
    const ranges: TimeRange[] = [[0, 5], [5.05, 5.1]];
    const d = new LiveEdgeController().update(ranges, 4.95);
    expect(d.seekTo).to.equal(5.05);
  });

  it('uses whole hundredths so the element rate is not reset on every tick', () => {
    const c = new LiveEdgeController();
    for (let lag = TARGET + HYST + 0.001; lag < JUMP; lag += 0.037) {
      const rate = at(c, lag).playbackRate;
      expect(Math.abs(rate * 100 - Math.round(rate * 100))).to.be.lessThan(1e-9);
    }
  });
});
