import { expect } from '@open-wc/testing';
import { SpeakingDetector, SpeakingGate } from '../../src/core/speaking.js';
import { until } from './helpers.js';

describe('SpeakingGate (voice activity with hysteresis)', () => {
  it('starts at once above the on level and ends only after a quiet hold', () => {
    const gate = new SpeakingGate({ onLevel: 0.1, offLevel: 0.05, hold: 300 });
    expect(gate.update(0.01, 0)).to.equal(false);
    expect(gate.update(0.2, 10)).to.equal(true);
    expect(gate.update(0.01, 20)).to.equal(true, 'a pause between words keeps speech on');
    expect(gate.update(0.01, 310)).to.equal(true);
    expect(gate.update(0.01, 320)).to.equal(false, 'quiet for the hold ends it');
  });

  it('does not flap when the level hovers between the thresholds', () => {
    const gate = new SpeakingGate({ onLevel: 0.1, offLevel: 0.05, hold: 300 });
    gate.update(0.2, 0);
    for (let t = 10; t < 2000; t += 10) expect(gate.update(t % 20 ? 0.07 : 0.09, t)).to.equal(true);
    const quiet = new SpeakingGate({ onLevel: 0.1, offLevel: 0.05, hold: 300 });
    for (let t = 0; t < 2000; t += 10) expect(quiet.update(t % 20 ? 0.07 : 0.09, t)).to.equal(false);
  });

  it('restarts the hold when the level comes back up', () => {
    const gate = new SpeakingGate({ onLevel: 0.1, offLevel: 0.05, hold: 300 });
    gate.update(0.2, 0);
    gate.update(0.01, 100);
    gate.update(0.2, 350);
    expect(gate.update(0.01, 450)).to.equal(true);
    expect(gate.update(0.01, 760)).to.equal(false);
  });
});

describe('SpeakingDetector (a real microphone track)', () => {
  it('hears the fake microphone and stops listening on dispose', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0]!;
    const detector = new SpeakingDetector(track);
    let changes = 0;
    detector.addEventListener('change', () => changes++);
    try {
      await until(() => detector.speaking, 'the fake microphone beep to count as speech');
    } finally {
      detector.dispose();
      track.stop();
    }
    const after = changes;
    await new Promise((r) => setTimeout(r, 1000));
    expect(changes).to.equal(after, 'no changes after dispose');
  });
});
