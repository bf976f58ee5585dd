// A/V sync, measured the way glass-to-glass is: the sender's camera paints the wall clock
// (clock.js) and its microphone beeps (1 kHz, 50 ms) at every whole second of the same clock.
// The receiver reads the clock from each presented frame (video latency) and finds each beep's
// onset in what it plays (sound latency); sound minus video is how far the sound lags the
// picture. Both are measured where the page hands them on (rVFC presentation; the audio graph
// or the element's captured output), before the device's own output latency.
import { CLOCK_SIZE, readClock, latencyOf } from './clock.js';

const BEEP_MS = 50;

/** A microphone stream that beeps at every whole second of `now()` (ms). */
export function startBeep(now) {
  const context = new AudioContext();
  const tone = new OscillatorNode(context, { frequency: 1000 });
  const gain = new GainNode(context, { gain: 0 });
  const out = new MediaStreamAudioDestinationNode(context, { channelCount: 1 });
  tone.connect(gain).connect(out);
  tone.start();
  let next = 0;
  const schedule = () => {
    // The context's clock against the wall clock, read together (one render quantum apart at worst).
    const c = context.currentTime;
    const w = now();
    for (let s = Math.max(next, Math.ceil((w + 20) / 1000) * 1000); s < w + 1500; s += 1000) {
      const at = c + (s - w) / 1000;
      gain.gain.setValueAtTime(0.5, at);
      gain.gain.setValueAtTime(0, at + BEEP_MS / 1000);
      next = s + 1000;
    }
  };
  schedule();
  setInterval(schedule, 200);
  void context.resume();
  return out.stream;
}

/**
 * Watches `video` and `sound` (an AudioNode, or a MediaStream to analyse) for `seconds`.
 * Resolves with `{ video, audio }`: each frame's latency and each beep's (ms, receiver clock
 * minus the sender's painted or scheduled time).
 */
export function measureSync(video, sound, seconds, now) {
  const canvas = document.createElement('canvas');
  canvas.width = CLOCK_SIZE.width;
  canvas.height = CLOCK_SIZE.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const context = sound instanceof AudioNode ? sound.context : new AudioContext();
  void context.resume();
  const source = sound instanceof AudioNode ? sound : context.createMediaStreamSource(sound);
  const analyser = new AnalyserNode(context, { fftSize: 1024 });
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const out = { video: [], audio: [] };
  let silent = false;
  const start = now();
  const poll = setInterval(() => {
    const t = now();
    analyser.getFloatTimeDomainData(samples);
    const first = samples.findIndex((v) => Math.abs(v) > 0.1);
    if (first < 0) {
      silent = samples.every((v) => Math.abs(v) < 0.05);
      return;
    }
    if (!silent) return; // still the beep found before
    silent = false;
    const onset = t - ((samples.length - first) / context.sampleRate) * 1000;
    const sent = Math.floor(onset / 1000) * 1000; // sound arrives within a second
    out.audio.push(onset - sent);
  }, 4);
  return new Promise((resolve) => {
    const onFrame = () => {
      const t = now();
      if (t - start > seconds * 1000) {
        clearInterval(poll);
        source.disconnect(analyser);
        resolve(out);
        return;
      }
      ctx.drawImage(video, 0, 0, CLOCK_SIZE.width, CLOCK_SIZE.height);
      const ms = latencyOf(readClock(ctx), t);
      if (ms < 10000) out.video.push(ms);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  });
}
