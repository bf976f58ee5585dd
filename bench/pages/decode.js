import { CLOCK_SIZE, readClock, latencyOf } from './clock.js';

/**
 * Watches a <video> for `seconds`: for every frame presented (requestVideoFrameCallback),
 * reads the painted clock and records now - painted. Resolves with {latencies, fps}.
 */
export function measureVideo(video, seconds, now) {
  const canvas = document.createElement('canvas');
  canvas.width = CLOCK_SIZE.width;
  canvas.height = CLOCK_SIZE.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const latencies = [];
  let frames = 0;
  const start = now();
  return new Promise((resolve) => {
    const onFrame = () => {
      const t = now();
      if (t - start > seconds * 1000) {
        resolve({ latencies, fps: frames / ((t - start) / 1000) });
        return;
      }
      frames += 1;
      ctx.drawImage(video, 0, 0, CLOCK_SIZE.width, CLOCK_SIZE.height);
      const ms = latencyOf(readClock(ctx), t);
      if (ms < 10000) latencies.push(ms); // a misread block gives nonsense; it is not a latency
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  });
}
