// A clock you can see: 32 bits of a millisecond timestamp painted as an 8x4 grid of
// black/white blocks (80x90 px each on 640x360), big enough to survive VP8 compression.
// 16:9, so no sender crops it (the WebCodecs encoder sends the 16:9 centre of a camera).
const COLS = 8;
const ROWS = 4;
const W = 640;
const H = 360;
export const CLOCK_SIZE = { width: W, height: H };

/** Paints `ms` (low 32 bits) on a 2D context. */
export function paintClock(ctx, ms) {
  const value = Math.floor(ms) >>> 0;
  for (let bit = 0; bit < 32; bit++) {
    ctx.fillStyle = (value >>> bit) & 1 ? '#fff' : '#000';
    ctx.fillRect((bit % COLS) * (W / COLS), Math.floor(bit / COLS) * (H / ROWS), W / COLS, H / ROWS);
  }
}

/** Reads the timestamp back from a frame drawn on a CLOCK_SIZE context. */
export function readClock(ctx) {
  let value = 0;
  for (let bit = 0; bit < 32; bit++) {
    const x = (bit % COLS) * (W / COLS) + W / COLS / 2;
    const y = Math.floor(bit / COLS) * (H / ROWS) + H / ROWS / 2;
    const [r] = ctx.getImageData(x, y, 1, 1).data;
    if (r > 127) value |= 1 << bit;
  }
  return value >>> 0;
}

/** A 30 fps canvas stream that paints `now()`; alpha off (an alpha canvas records slower). */
export function startClockCanvas(now) {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d', { alpha: false });
  const tick = () => paintClock(ctx, now());
  tick();
  setInterval(tick, 1000 / 30);
  return canvas.captureStream(30);
}

/** Latency of a decoded frame: `now` minus the painted time (both low 32 bits of ms). */
export function latencyOf(painted, nowMs) {
  return ((Math.floor(nowMs) >>> 0) - painted) >>> 0;
}
