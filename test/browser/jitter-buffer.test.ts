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

  it('holding more than 40 ms over its target, plays 3 % faster until it is back at the target', () => {
    const buffer = new JitterBuffer(RATE, 0.06, 0.25);
    for (let i = 0; i < 10; i++) buffer.push(chunk(0.5), RATE); // 200 ms at once: 140 over
    const out = quantum();
    let quanta = 0;
    let pushed = 10;
    // Sound keeps coming at real time (a chunk per 20 ms of output), as after a late burst.
    while (buffer.held > 0.06 + 1e-9 && quanta < 2000) {
      buffer.pull(out);
      quanta += 1;
      while ((quanta * 128) / RATE > (pushed - 10 + 1) * 0.02) {
        buffer.push(chunk(0.5), RATE);
        pushed += 1;
      }
    }
    const seconds = (quanta * 128) / RATE;
    // 140 ms over, drained at 3 % extra: 4.7 s; it is first seen at the target up to a chunk
    // early, just before a chunk comes (120 ms: 4 s). At 1x it would never drain.
    expect(seconds).to.be.within(3.8, 4.9);
    const held = buffer.held;
    for (let i = 0; i < 375; i++) {
      buffer.pull(out); // one second more, at real time again
      if ((i * 128) % 960 < 128) buffer.push(chunk(0.5), RATE);
    }
    expect(buffer.held, 'back at 1x: it holds what it held').to.be.closeTo(held, 0.025);
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
