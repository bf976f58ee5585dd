// Two cameras you can tell apart: each a 30 fps canvas of its own colour with a white square
// moving across its middle (so encoders see motion, not a still picture). A viewer reads which
// camera a presented frame came from by the colour of its top-left corner. For the device
// switch benchmark: the sender's getUserMedia is replaced in the bench page only.
const W = 640;
const H = 360;
/** deviceId -> colour; any other id (the default camera) is the first. */
export const CAMERAS = { 'cam-a': [40, 90, 230], 'cam-b': [240, 140, 20] };

/** A camera canvas stream for `deviceId`; alpha off (an alpha canvas records slower). */
export function startColourCamera(deviceId) {
  const [r, g, b] = CAMERAS[deviceId] ?? CAMERAS['cam-a'];
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d', { alpha: false });
  let x = 0;
  const tick = () => {
    ctx.fillStyle = `rgb(${r} ${g} ${b})`;
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = '#fff';
    ctx.fillRect(x, H / 2 - 40, 80, 80);
    x = (x + 12) % (W - 80);
  };
  tick();
  const timer = setInterval(tick, 1000 / 30);
  const stream = canvas.captureStream(30);
  // Stopping the track (the camera let go) stops the painting too.
  const track = stream.getVideoTracks()[0];
  const stop = track.stop.bind(track);
  track.stop = () => {
    clearInterval(timer);
    stop();
  };
  return stream;
}

/** Which camera a frame of `video` shows: 'a', 'b', or 'none' (no picture, or neither colour). */
export function cameraOf(video, ctx) {
  ctx.drawImage(video, 0, 0, 16, 9);
  const [r, g, b, a] = ctx.getImageData(1, 1, 1, 1).data;
  if (a < 128) return 'none';
  const near = ([cr, cg, cb]) => Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 90;
  return near(CAMERAS['cam-a']) ? 'a' : near(CAMERAS['cam-b']) ? 'b' : 'none';
}

/** Records, for each frame `video` presents, when (`now()`) and which camera it shows. */
export function recordCameras(video, now) {
  const ctx = new OffscreenCanvas(16, 9).getContext('2d', { willReadFrequently: true });
  const frames = [];
  let on = true;
  const onFrame = (_, meta) => {
    if (!on) return;
    frames.push({ t: now(), camera: cameraOf(video, ctx), media: meta.mediaTime });
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return {
    frames,
    stop: () => (on = false),
  };
}

/**
 * What a viewer saw of one switch at `t` to `camera`: ms to the first frame of it, the
 * longest time without a new frame from the switch until 300 ms after that one, and frames
 * of neither camera (a blank) in that window. Undefined when the new camera never showed.
 */
export function switchSeen(frames, t, camera) {
  const first = frames.find((f) => f.t >= t && f.camera === camera);
  if (!first) return undefined;
  const window = frames.filter((f) => f.t >= t && f.t <= first.t + 300);
  const points = [t, ...window.map((f) => f.t)];
  let longest = 0;
  for (let i = 1; i < points.length; i++) longest = Math.max(longest, points[i] - points[i - 1]);
  return { latency: first.t - t, longest, blanks: window.filter((f) => f.camera === 'none').length };
}
