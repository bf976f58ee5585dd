import { expect } from '@open-wc/testing';
import { JitterBuffer } from '../../src/core/player/jitter-buffer.js';

const RATE = 48000;
/** A mono 20 ms chunk (Opus's packet) whose every sample is `value`. */
const chunk = (value: number) => [new Float32Array(RATE / 50).fill(value)];
/** One render quantum of two output channels. */
const quantum = () => [new Float32Array(128), new Float32Array(128)];

describe('JitterBuffer (WebCodecs sound without a generated track)', () => {
  it('plays silence until it holds its target, then the sound in order on every channel', () => {
    const buffer = new JitterBuffer(RATE, 0.06, 0.25);
    buffer.push(chunk(0.1), RATE);
    buffer.push(chunk(0.2), RATE);
    const out = quantum();
    buffer.pull(out);
    expect([...out[0]!].every((v) => v === 0), '40 ms held, under the 60 ms target: silence').to.equal(true);
    expect(buffer.held).to.be.closeTo(0.04, 1e-6);
    buffer.push(chunk(0.3), RATE);
    buffer.pull(out);
    expect(out[0]![0]).to.be.closeTo(0.1, 1e-6);
    expect(out[1]![0], 'mono on both channels').to.be.closeTo(0.1, 1e-6);
    // 960 samples of the first chunk, then the second's.
    for (let i = 0; i < 7; i++) buffer.pull(out);
    expect(out[0]![127], 'sample 1023: into the second chunk').to.be.closeTo(0.2, 1e-6);
    expect(buffer.held).to.be.closeTo(0.06 - 1024 / RATE, 1e-6);
  });

  it('drops the oldest past its maximum: a backlog is skipped, not played late', () => {
    const buffer = new JitterBuffer(RATE, 0.06, 0.25);
    for (let i = 0; i < 50; i++) buffer.push(chunk(i / 100), RATE); // one second at once
    expect(buffer.held).to.be.at.most(0.25 + 1e-6);
    const out = quantum();
    buffer.pull(out);
    expect(out[0]![0], 'the newest quarter second plays, from chunk 38').to.be.closeTo(0.38, 1e-6);
  });

  /**
   * Pulls `seconds` of output while chunks come in at `inputRate` times real time (of the
   * output's clock); returns the held seconds after each quantum.
   */
  function play(buffer: JitterBuffer, seconds: number, inputRate: number): number[] {
    const out = quantum();
    const held: number[] = [];
    let pushed = 0;
    for (let q = 0; (q * 128) / RATE < seconds; q++) {
      buffer.pull(out);
      held.push(buffer.held);
      while (pushed * 0.02 < ((q + 1) * 128 * inputRate) / RATE) {
        buffer.push(chunk(0.5), RATE);
        pushed += 1;
      }
    }
    return held;
  }

  it('held more than 20 ms over its target, plays faster until it is back near the target', () => {
    const buffer = new JitterBuffer(RATE, 0.06, 0.25);
    for (let i = 0; i < 10; i++) buffer.push(chunk(0.5), RATE); // 200 ms at once: 140 over
    const held = play(buffer, 6.1, 1);
    const at = (s: number) => held[Math.floor((s * RATE) / 128)]!;
    // By half the excess: 7 % at first, 1 % at 20 ms over; at 1x it would never drain.
    expect(at(1), 'after 1 s').to.be.within(0.1, 0.16);
    expect(at(6), 'after 6 s: within a chunk over target + 20 ms').to.be.within(0.06, 0.1);
  });

  it('holds a bounded excess when the output clock runs 5 % slow', () => {
    const buffer = new JitterBuffer(RATE, 0.06, 0.25);
    const held = play(buffer, 20, 1.05);
    const last = held.slice(-Math.floor((5 * RATE) / 128)); // the last 5 s
    // 5 % at 100 ms over, plus up to a chunk: never at the 250 ms maximum, which drops sound.
    expect(Math.max(...last), 'most held').to.be.within(0.12, 0.2);
  });

  it('after running dry, plays silence and gathers its target again', () => {
    const buffer = new JitterBuffer(RATE, 0.06, 0.25);
    for (let i = 0; i < 3; i++) buffer.push(chunk(0.5), RATE);
    const out = quantum();
    for (let i = 0; i < 23; i++) buffer.pull(out); // 2,944 of 2,880 samples asked for
    expect(out[0]![63], 'the last sample').to.be.closeTo(0.5, 1e-6);
    expect(out[0]![64], 'then silence, not noise').to.equal(0);
    expect(buffer.held).to.equal(0);
    buffer.push(chunk(0.7), RATE);
    buffer.pull(out);
    expect(out[0]![0], 'one chunk is under the target again: still silence').to.equal(0);
  });

  it('resamples a chunk at another rate to the output rate, in time', () => {
    const buffer = new JitterBuffer(RATE, 0, 1);
    const ramp = new Float32Array(441).map((_, i) => i / 441); // 10 ms at 44.1 kHz
    buffer.push([ramp], 44100);
    expect(buffer.held, '10 ms, whatever the rate').to.be.closeTo(0.01, 1e-6);
    const out = [new Float32Array(480)];
    buffer.pull(out);
    expect(out[0]![240], 'halfway through in time: halfway up the ramp').to.be.closeTo(0.5, 0.01);
    expect(out[0]![479]).to.be.closeTo(440 / 441, 0.01);
  });

  it('runs from its own source alone, as the AudioWorklet builds it', () => {
    const Rebuilt = new Function(`return ${JitterBuffer.toString()}`)() as typeof JitterBuffer;
    const buffer = new Rebuilt(RATE, 0, 1);
    buffer.push(chunk(0.25), RATE);
    const out = quantum();
    buffer.pull(out);
    expect(out[0]![5]).to.be.closeTo(0.25, 1e-6);
  });
});
