// Glass-to-glass: the sender's camera is a canvas painting the clock (bench page only);
// the receiver reads the clock back from each presented frame. Ours (two pages, the real
// elements and relay) against WebRTC (an RTCPeerConnection pair, same canvas, same run).
import { summarize } from './stats.mjs';

/** `query` picks the pipeline (room.html's renderer and encoder parameters); empty: auto. */
async function ours(context, url, seconds, query = '') {
  const room = `glass-${Date.now()}`;
  const sender = await context.newPage();
  await sender.goto(`${url}/room.html?clock${query}`);
  await sender.waitForFunction(() => window.benchReady);
  await sender.evaluate((room) => window.joinRoom({ room, name: 'Clock', camera: true }), room);
  const senderId = await sender.evaluate(() => window.room.self.id);
  const receiver = await context.newPage();
  await receiver.goto(`${url}/room.html?${query.slice(1)}`);
  await receiver.waitForFunction(() => window.benchReady);
  await receiver.evaluate((room) => window.joinRoom({ room, name: 'Viewer' }), room);
  await receiver.waitForFunction((id) => window.tileFor(id)?.getAttribute('state') === 'video', senderId, { timeout: 15000 });
  await new Promise((r) => setTimeout(r, 1500)); // past the start-up, like a viewer who has been watching
  const result = await receiver.evaluate(
    async ({ id, seconds }) => {
      const { measureVideo } = await import('./decode.js');
      return measureVideo(window.room.api.media(id).video, seconds, window.now);
    },
    { id: senderId, seconds },
  );
  await sender.close();
  await receiver.close();
  return result;
}

async function webrtc(context, url, seconds) {
  const page = await context.newPage();
  await page.goto(`${url}/webrtc.html`);
  await page.waitForFunction(() => window.benchReady);
  const result = await page.evaluate((s) => window.runWebRtc(s), seconds);
  await page.close();
  return result;
}

/** Result rows: ours, WebRTC, and the ratio. */
export async function run(context, url, { seconds }) {
  const a = await ours(context, url, seconds);
  const m = await ours(context, url, seconds, '&renderer=mse&encoder=mediarecorder');
  const b = await webrtc(context, url, seconds);
  const fps = (r) => ({ fps: Math.round(r.fps * 10) / 10 });
  const oursRow = summarize(`glass-to-glass, meet-elements auto: WebCodecs (${seconds} s)`, 'ms', a.latencies, fps(a));
  const mseRow = summarize(`glass-to-glass, meet-elements MediaRecorder -> MSE (${seconds} s)`, 'ms', m.latencies, fps(m));
  const rtcRow = summarize(`glass-to-glass, WebRTC reference (${seconds} s)`, 'ms', b.latencies, fps(b));
  for (const row of [oursRow, mseRow]) row.ratio = Math.round((row.p50 / rtcRow.p50) * 100) / 100;
  return [oursRow, mseRow, rtcRow];
}
