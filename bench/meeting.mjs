// What a participant feels, with the real elements, the shipped bundle and the real relay:
// camera off -> remote avatar, camera on -> remote first frame, late join -> first frame,
// and memory over many toggles and minutes of playback. Two pages of one headless Chromium;
// clocks are performance.timeOrigin + performance.now() in each page.
import { percentile, summarize } from './stats.mjs';

/**
 * The pipelines measured: `auto` (what a user gets: WebCodecs both ways in Chromium) and the
 * MediaRecorder -> MSE one every browser has. `query` goes to room.html.
 */
export const PIPELINES = [
  { label: 'auto: WebCodecs', query: '' },
  { label: 'MediaRecorder -> MSE', query: 'renderer=mse&encoder=mediarecorder' },
];

async function participant(context, url, room, name, opts = {}) {
  const page = await context.newPage();
  await page.goto(`${url}/room.html?${[opts.clock && 'clock', opts.query].filter(Boolean).join('&')}`);
  await page.waitForFunction(() => window.benchReady);
  await page.evaluate((args) => window.joinRoom(args), { room, name, camera: opts.camera ?? false });
  return page;
}

const selfId = (page) => page.evaluate(() => window.room.self.id);

/**
 * In a viewer's page (pass it to `evaluate` with the sender's id): marks when that tile turns
 * `avatar` with its video hidden, and each first frame presented after `loading`.
 */
export function installMarks(id) {
  const tile = window.tileFor(id);
  window.marks = { avatar: [], frame: [] };
  const video = () => window.room.api.media(id).video;
  new MutationObserver(() => {
    const state = tile.getAttribute('state');
    if (state === 'avatar' && getComputedStyle(video()).display === 'none') window.marks.avatar.push(window.now());
    if (state === 'loading') video().requestVideoFrameCallback(() => window.marks.frame.push(window.now()));
  }).observe(tile, { attributes: true, attributeFilter: ['state'] });
}

/** Installs marks on the receiver once the sender's tile is there. */
async function watchTile(receiver, senderId) {
  await receiver.waitForFunction((id) => window.tileFor(id), senderId, { timeout: 15000 });
  await receiver.evaluate(installMarks, senderId);
}

/** The `n`th mark of `kind` in `page` (its wall-clock time), waiting up to `ms`; undefined if none came. */
export const waitMark = (page, kind, n, ms = 10000) =>
  page.evaluate(
    async ({ kind, n, ms }) => {
      const deadline = performance.now() + ms;
      while (window.marks[kind].length < n && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      return window.marks[kind][n - 1];
    },
    { kind, n, ms },
  );

/** Camera toggles: returns result rows. */
export async function toggles(context, url, { count, pipeline = PIPELINES[0] }) {
  const room = `toggles-${Date.now()}`;
  const sender = await participant(context, url, room, 'Sender', { query: pipeline.query });
  const receiver = await participant(context, url, room, 'Receiver', { query: pipeline.query });
  await watchTile(receiver, await selfId(sender));
  const off = [];
  const on = [];
  for (let i = 1; i <= count; i++) {
    const tOn = await sender.evaluate(() => {
      const t = window.now();
      void window.room.setCamera(true);
      return t;
    });
    const frame = await waitMark(receiver, 'frame', i);
    if (frame) on.push(frame - tOn);
    await new Promise((r) => setTimeout(r, 250));
    const tOff = await sender.evaluate(() => {
      const t = window.now();
      void window.room.setCamera(false);
      return t;
    });
    const avatar = await waitMark(receiver, 'avatar', i);
    if (avatar) off.push(avatar - tOff);
    await new Promise((r) => setTimeout(r, 100));
  }
  await sender.close();
  await receiver.close();
  return [
    summarize(`camera off -> remote tile avatar (video hidden), ${pipeline.label}`, 'ms', off, { expected: count }),
    summarize(`camera on -> remote first frame (rVFC), ${pipeline.label}`, 'ms', on, { expected: count }),
  ];
}

/** p50 of `values` over p50 of the reference's, two decimals. */
const ratio = (values, reference) => Math.round((percentile(values, 50) / percentile(reference, 50)) * 100) / 100;

/**
 * The WebRTC reference of a share start: a pair carrying a camera adds getDisplayMedia's
 * track and renegotiates (webrtc.html); ms from the share to the viewer's first frame.
 */
export async function webrtcShares(context, url, { count }) {
  const page = await context.newPage();
  await page.goto(`${url}/webrtc.html`);
  await page.waitForFunction(() => window.benchReady);
  const times = await page.evaluate((args) => window.runWebRtcShare(args), { count });
  await page.close();
  return times;
}

/**
 * Screen shares: share start -> the viewer's first presented frame of the screen, and stop ->
 * the viewer's screen tile gone. The sender's camera stays on throughout, as in a meeting.
 * `reference` (WebRTC's times) adds the ratio.
 */
export async function screenShares(context, url, { count, pipeline = PIPELINES[0], reference }) {
  const room = `screen-${Date.now()}`;
  const sender = await participant(context, url, room, 'Sender', { camera: true, query: pipeline.query });
  const receiver = await participant(context, url, room, 'Receiver', { query: pipeline.query });
  const id = await selfId(sender);
  await receiver.waitForFunction((id) => window.room.api.media(id), id, { timeout: 15000 });
  const start = [];
  const stop = [];
  for (let i = 0; i < count; i++) {
    // Armed before the share: the screen element presents nothing while nobody shares.
    const first = receiver.evaluate(
      (id) =>
        new Promise((resolve) => {
          window.room.api.media(id).screen.requestVideoFrameCallback(() => resolve(window.now()));
          setTimeout(() => resolve(null), 10000);
        }),
      id,
    );
    const tStart = await sender.evaluate(() => {
      const t = window.now();
      void window.room.shareScreen();
      return t;
    });
    const frame = await first;
    if (frame) start.push(frame - tStart);
    await new Promise((r) => setTimeout(r, 500));
    const tStop = await sender.evaluate(() => {
      const t = window.now();
      void window.room.stopScreenShare();
      return t;
    });
    const gone = await receiver.evaluate(async () => {
      const deadline = performance.now() + 10000;
      const tile = () => window.room.shadowRoot.querySelector('meet-tile[kind="screen"]');
      while (tile() && performance.now() < deadline) await new Promise((r) => requestAnimationFrame(r));
      return tile() ? null : window.now();
    });
    if (gone) stop.push(gone - tStop);
    await new Promise((r) => setTimeout(r, 250));
  }
  await sender.close();
  await receiver.close();
  return [
    summarize(`share start -> remote first screen frame (rVFC), ${pipeline.label}`, 'ms', start, { expected: count, ...(reference && { ratio: ratio(start, reference) }) }),
    summarize(`share stop -> remote screen tile gone (next frame), ${pipeline.label}`, 'ms', stop, { expected: count }),
  ];
}

/** Late join: someone's camera has been on for a few seconds; time from join() to the first decoded frame. */
export async function lateJoin(context, url, { count, pipeline = PIPELINES[0] }) {
  const room = `late-${Date.now()}`;
  const sender = await participant(context, url, room, 'Sender', { camera: true, query: pipeline.query });
  const senderId = await selfId(sender);
  await new Promise((r) => setTimeout(r, 3000));
  const times = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(`${url}/room.html?${pipeline.query}`);
    await page.waitForFunction(() => window.benchReady);
    const ms = await page.evaluate(
      async ({ room, senderId }) => {
        const t0 = window.now();
        await window.joinRoom({ room, name: 'Late' });
        const deadline = performance.now() + 10000;
        let media;
        while (!(media = window.room.api.media(senderId)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        if (!media) return undefined;
        const video = media.video;
        if (video.readyState >= 2 && video.currentTime > 0) return window.now() - t0;
        return new Promise((resolve) => {
          video.requestVideoFrameCallback(() => resolve(window.now() - t0));
          setTimeout(() => resolve(undefined), 10000);
        });
      },
      { room, senderId },
    );
    if (ms !== undefined) times.push(ms);
    await page.close();
  }
  await sender.close();
  return [summarize(`late join -> first decoded frame, ${pipeline.label}`, 'ms', times, { expected: count })];
}

/** Memory: many camera toggles, then minutes of playback; buffered seconds per tile and JS heap growth. */
export async function memory(context, url, { toggles: n, seconds }) {
  const room = `memory-${Date.now()}`;
  const sender = await participant(context, url, room, 'Sender');
  const receiver = await participant(context, url, room, 'Receiver');
  const senderId = await selfId(sender);
  await receiver.waitForFunction((id) => window.tileFor(id), senderId);
  const heap = () => receiver.evaluate(() => (window.gc?.(), performance.memory.usedJSHeapSize));
  const before = await heap();
  for (let i = 0; i < n; i++) {
    await sender.evaluate(() => window.room.setCamera(true));
    await receiver.waitForFunction((id) => window.tileFor(id).getAttribute('state') === 'video', senderId, { timeout: 10000 }).catch(() => undefined);
    await sender.evaluate(() => window.room.setCamera(false));
  }
  await sender.evaluate(() => window.room.setCamera(true));
  const buffered = [];
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 5000));
    buffered.push(
      await receiver.evaluate((id) => {
        const v = window.room.api.media(id).video;
        let total = 0;
        for (let i = 0; i < v.buffered.length; i++) total += v.buffered.end(i) - v.buffered.start(i);
        return total;
      }, senderId),
    );
  }
  const after = await heap();
  await sender.close();
  await receiver.close();
  return [
    summarize(`buffered seconds per remote tile (after ${n} toggles, over ${seconds} s of playback)`, 's', buffered),
    { name: `receiver JS heap growth (${n} toggles + ${seconds} s playback)`, unit: 'MB', p50: Math.round(((after - before) / 1e6) * 10) / 10, p95: Math.round(((after - before) / 1e6) * 10) / 10, n: 1 },
  ];
}
