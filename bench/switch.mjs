// Device switch: a viewer watches a sender whose camera is switched to another one while on
// (room.useCamera), against WebRTC's replaceTrack in the same run. Each camera is a canvas of
// its own colour (bench page only), so the viewer knows which camera every presented frame
// came from: switch -> the viewer's first frame of the new camera, the longest time without a
// new frame around it (a frozen picture), and frames of neither camera (a blank).
import { summarize } from './stats.mjs';
import { switchSeen } from './pages/cameras.js';

/** Rows from the switches and what the viewer presented. */
function rows(label, switches, frames, ratioTo) {
  const seen = switches.map(({ t, camera }) => switchSeen(frames, t, camera)).filter(Boolean);
  const latency = summarize(`device switch -> viewer's first frame of the new camera, ${label}`, 'ms', seen.map((s) => s.latency), { expected: switches.length });
  const longest = summarize(`device switch: longest time without a new frame (switch to 300 ms after), ${label}`, 'ms', seen.map((s) => s.longest), {
    blanks: seen.reduce((n, s) => n + s.blanks, 0),
  });
  if (ratioTo) latency.ratio = Math.round((latency.p50 / ratioTo.p50) * 100) / 100;
  return [latency, longest];
}

async function ours(context, url, { count, every, pipeline }) {
  const room = `switch-${Date.now()}`;
  const open = async (query, name, camera) => {
    const page = await context.newPage();
    await page.goto(`${url}/room.html?${query}`);
    await page.waitForFunction(() => window.benchReady);
    await page.evaluate((args) => window.joinRoom(args), { room, name, camera });
    return page;
  };
  const sender = await open(['cameras', pipeline.query].filter(Boolean).join('&'), 'Sender', true);
  const receiver = await open(pipeline.query, 'Viewer', false);
  const id = await sender.evaluate(() => window.room.self.id);
  await receiver.waitForFunction((id) => window.tileFor(id)?.getAttribute('state') === 'video', id, { timeout: 15000 });
  await new Promise((r) => setTimeout(r, 1000));
  await receiver.evaluate((id) => (window.seen = window.recordCameras(window.room.api.media(id).video, window.now)), id);
  const switches = [];
  for (let i = 0; i < count; i++) {
    const to = i % 2 === 0 ? 'cam-b' : 'cam-a';
    const t = await sender.evaluate((to) => {
      const t = window.now();
      void window.room.useCamera(to);
      return t;
    }, to);
    switches.push({ t, camera: to === 'cam-b' ? 'b' : 'a' });
    await new Promise((r) => setTimeout(r, every));
  }
  const frames = await receiver.evaluate(() => {
    window.seen.stop();
    return window.seen.frames;
  });
  await sender.close();
  await receiver.close();
  return { switches, frames };
}

async function webrtc(context, url, { count, every }) {
  const page = await context.newPage();
  await page.goto(`${url}/webrtc.html`);
  await page.waitForFunction(() => window.benchReady);
  const result = await page.evaluate((args) => window.runWebRtcSwitch(args), { count, every });
  await page.close();
  return result;
}

/** Result rows: WebRTC, then each of our pipelines with its ratio to WebRTC. */
export async function run(context, url, { count, pipelines }) {
  const every = 1000;
  const reference = await webrtc(context, url, { count, every });
  const [rtcLatency, rtcLongest] = rows('WebRTC replaceTrack (reference)', reference.switches, reference.frames);
  const out = [rtcLatency, rtcLongest];
  for (const pipeline of pipelines) {
    const { switches, frames } = await ours(context, url, { count, every, pipeline });
    out.push(...rows(`meet-elements ${pipeline.label}`, switches, frames, rtcLatency));
  }
  return out;
}
