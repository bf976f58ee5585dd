/** Shared waits for browser tests: generous timeouts, polling what a user would see. */

/** The test relay, attached to the test server at /ws. */
export const RELAY_URL = new URL('/ws', location.href.replace(/^http/, 'ws')).href;

/** A room name no other test uses. */
export function uniqueRoom(prefix = 'room'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * How long a test waits for a remote camera's first picture after the camera started (ms).
 * Chromium's fake camera, opened again within about half a second of being closed after a
 * short use (a test that turned a camera on and removed its room at once, then the next test),
 * now and then gives no frame for about 20 s although its track is live: every reader of it
 * stayed silent (a new track processor, a clone, a new getUserMedia), and a probe that opened
 * and closed it 18 times in a row never saw it. Seen in about one full Chromium run in four;
 * the viewers show `loading` meanwhile, as they should. Waits past it, so the suite does not
 * fail on the fake device; the first-frame times themselves are measured by `npm run bench`.
 */
export const CAMERA_START_MS = 40000;

/** Polls `predicate` every 20 ms until it is truthy; fails with `what` after `timeout` ms. */
export async function until<T>(predicate: () => T, what: string, timeout = 15000): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = predicate();
    if (value) return value as NonNullable<T>;
    if (performance.now() - start > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves after `ms`. Used only to observe that something does NOT happen. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mean red, green and blue of RGBA pixels (a canvas's `getImageData().data`). */
export function meanColour(pixels: Uint8ClampedArray): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < pixels.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += pixels[i + c]!;
  const n = pixels.length / 4;
  return sum.map((s) => s / n) as [number, number, number];
}

/** Waits until a video element's current time advances by `by` seconds (frames are decoding). */
export async function videoAdvances(video: HTMLVideoElement, by = 0.5, timeout = 15000): Promise<void> {
  await until(() => video.readyState >= 2 && video.videoWidth > 0, 'video has a decoded frame', timeout);
  const from = video.currentTime;
  await until(() => video.currentTime > from + by, `video time passes ${from + by}`, timeout);
}

/**
 * A count of the frames `video` presents from now on, in every browser and for every source:
 * Firefox's `getVideoPlaybackQuality()` counts no frames of a MediaStream (a canvas capture),
 * and Chromium calls no frame callback for a video outside the document; each counts what
 * the other misses. `stop()` ends the callbacks.
 */
export function presentedFrames(video: HTMLVideoElement): { readonly count: number; stop(): void } {
  const quality = () => video.getVideoPlaybackQuality().totalVideoFrames;
  const from = quality();
  let callbacks = 0;
  let id = 0;
  let on = true;
  const next = () => {
    callbacks += 1;
    if (on) id = video.requestVideoFrameCallback(next);
  };
  id = video.requestVideoFrameCallback(next);
  return {
    get count() {
      return Math.max(quality() - from, callbacks);
    },
    stop() {
      on = false;
      video.cancelVideoFrameCallback(id);
    },
  };
}
