// Firefox as a viewer, renderer by renderer, to decide what `renderer="auto"` picks there.
// The sender is a Chromium (its own headless process, `auto`: WebCodecs encoder), the viewer a
// Firefox ESR window (puppeteer-core over WebDriver BiDi, which forwards no WebSocket frames),
// through the real relay and the shipped bundle. For each renderer (`mse`, `webcodecs`):
// glass-to-glass, Firefox's CPU while it watches, camera on -> first frame, camera off ->
// avatar, late join -> first frame, and a three-person meeting (two Chromium people and the
// Firefox viewer, everyone's camera and microphone on) seen from Firefox. The WebRTC
// references run in the same Firefox: an RTCPeerConnection pair in one page (glass-to-glass),
// and the same three people as a WebRTC mesh (the meeting).
//
// The two browsers' clocks (performance.timeOrigin + performance.now()) are compared through
// the driver before each measurement, and cross-browser times are corrected by the offset.
import puppeteer from 'puppeteer-core';
import { firefoxLaunchOptions } from '../scripts/browsers.mjs';
import { launchBare } from './bare-chromium.mjs';
import { treeCpuSeconds } from './cpu.mjs';
import { installMarks, waitMark } from './meeting.mjs';
import { percentile, summarize } from './stats.mjs';

export const RENDERERS = ['mse', 'webcodecs'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (v, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);
const nodeNow = () => performance.timeOrigin + performance.now();

/** Firefox ESR, one window per page; each page has launchBare's `evaluate` and `waitFor`. */
export async function launchFirefox() {
  const browser = await puppeteer.launch({ ...firefoxLaunchOptions(), protocolTimeout: 60000 });
  return {
    pid: browser.process().pid,
    version: await browser.version(),
    async open(url) {
      // A window, not a tab: a background tab's timers and video are throttled.
      const page = await browser.newPage({ type: 'window' });
      await page.setViewport({ width: 1000, height: 640 });
      await page.goto(url);
      const evaluate = (fn, arg) => page.evaluate(fn, arg);
      const waitFor = async (fn, ms = 20000) => {
        const deadline = Date.now() + ms;
        while (!(await evaluate(fn).catch(() => false))) {
          if (Date.now() > deadline) throw new Error(`Firefox: timed out after ${ms} ms waiting for ${String(fn).slice(0, 120)}`);
          await sleep(100);
        }
      };
      await waitFor(() => window.benchReady);
      return { evaluate, waitFor, close: () => page.close() };
    },
    close: () => browser.close(),
  };
}

/** A Chromium person at `page` (bench/pages), ready to join. */
export async function chromiumPerson(url, page) {
  const person = await launchBare(`${url}/${page}`);
  try {
    await person.waitFor(() => window.benchReady);
  } catch (e) {
    await person.close();
    throw e;
  }
  return person;
}

/**
 * `b`'s clock minus `a`'s (ms): each page's now() against the driver's, from the sample with
 * the shortest round trip. Both are the wall clock in principle; this checks it.
 */
export async function clockOffset(a, b) {
  const against = async (page) => {
    let best;
    for (let i = 0; i < 15; i++) {
      const t0 = nodeNow();
      const t = await page.evaluate(() => window.now());
      const t1 = nodeNow();
      if (!best || t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: t - (t0 + t1) / 2 };
    }
    return best;
  };
  const [x, y] = [await against(a), await against(b)];
  return { offset: y.offset - x.offset, uncertainty: (x.rtt + y.rtt) / 2 };
}

const join = (page, args) => page.evaluate((a) => window.joinRoom(a), args);
const selfId = (page) => page.evaluate(() => window.room.self.id);
const tileState = (id) => `window.tileFor(${JSON.stringify(id)})?.getAttribute('state')`;

/** One sender -> the Firefox viewer on `renderer`: glass-to-glass, CPU, camera toggles, late joins. */
async function oneSender(url, firefox, renderer, { seconds, toggles, late }) {
  const room = `ff-${renderer}-${Date.now()}`;
  const sender = await chromiumPerson(url, 'room.html?clock');
  let viewer;
  try {
    await join(sender, { room, name: 'Clock', camera: true, mic: true });
    const id = await selfId(sender);
    viewer = await firefox.open(`${url}/room.html?renderer=${renderer}`);
    await join(viewer, { room, name: 'Firefox' });
    await viewer.waitFor(new Function(`return ${tileState(id)} === 'video'`), 15000);
    await sleep(1500); // past the start-up, like a viewer who has been watching
    const clock = await clockOffset(sender, viewer);

    // Firefox's CPU while it only watches (nothing reads pixels), then glass-to-glass.
    const cpu0 = treeCpuSeconds(firefox.pid);
    const t0 = nodeNow();
    await sleep(seconds * 1000);
    const cpu = ((treeCpuSeconds(firefox.pid) - cpu0) / ((nodeNow() - t0) / 1000)) * 100;
    const glass = await viewer.evaluate(
      async ({ id, seconds }) => {
        const { measureVideo } = await import('./decode.js');
        return measureVideo(window.room.api.media(id).video, seconds, window.now);
      },
      { id, seconds },
    );
    const latencies = glass.latencies.map((ms) => ms - clock.offset);

    await viewer.evaluate(installMarks, id);
    await sender.evaluate(() => window.room.setCamera(false));
    await waitMark(viewer, 'avatar', 1);
    const on = [];
    const off = [];
    for (let i = 1; i <= toggles; i++) {
      const tOn = await sender.evaluate(() => {
        const t = window.now();
        void window.room.setCamera(true);
        return t;
      });
      const frame = await waitMark(viewer, 'frame', i);
      on.push(frame === undefined ? Infinity : frame - clock.offset - tOn);
      await sleep(1000);
      const tOff = await sender.evaluate(() => {
        const t = window.now();
        void window.room.setCamera(false);
        return t;
      });
      const avatar = await waitMark(viewer, 'avatar', i + 1);
      off.push(avatar === undefined ? Infinity : avatar - clock.offset - tOff);
      await sleep(300);
    }
    await viewer.close();
    viewer = undefined;

    await sender.evaluate(() => window.room.setCamera(true));
    await sleep(3000);
    const lateTimes = [];
    for (let i = 0; i < late; i++) {
      const page = await firefox.open(`${url}/room.html?renderer=${renderer}`);
      const ms = await page.evaluate(
        async ({ room, id }) => {
          const t0 = window.now();
          await window.joinRoom({ room, name: 'Late' });
          const deadline = performance.now() + 10000;
          let media;
          while (!(media = window.room.api.media(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
          if (!media) return null;
          return new Promise((resolve) => {
            media.video.requestVideoFrameCallback(() => resolve(window.now() - t0));
            setTimeout(() => resolve(null), 10000);
          });
        },
        { room, id },
      );
      lateTimes.push(ms ?? Infinity);
      await page.close();
      await sleep(500);
    }
    const label = `Firefox viewer, renderer=${renderer}`;
    return [
      summarize(`glass-to-glass, Chromium sender -> ${label} (${seconds} s)`, 'ms', latencies, { fps: round(glass.fps), clock: `${round(clock.offset)} ± ${round(clock.uncertainty)} ms` }),
      { name: `Firefox CPU while watching one camera, ${label}`, unit: '% of a core', p50: Math.round(cpu), p95: Math.round(cpu), n: 1 },
      summarize(`camera on -> remote first frame (rVFC), ${label}`, 'ms', on, { expected: toggles }),
      summarize(`camera off -> remote tile avatar, ${label}`, 'ms', off, { expected: toggles }),
      summarize(`late join -> first decoded frame, ${label}`, 'ms', lateTimes, { expected: late }),
    ];
  } finally {
    await viewer?.close().catch(() => undefined);
    await sender.close();
  }
}

/** The same clock canvas through an RTCPeerConnection pair inside Firefox. */
async function webrtcGlass(url, firefox, seconds) {
  const page = await firefox.open(`${url}/webrtc.html`);
  try {
    const r = await page.evaluate((s) => window.runWebRtc(s), seconds);
    return summarize(`glass-to-glass, WebRTC reference inside Firefox (${seconds} s)`, 'ms', r.latencies, { fps: round(r.fps) });
  } finally {
    await page.close();
  }
}

/**
 * Three people, cameras and microphones on: two Chromiums and the Firefox viewer, as
 * <meet-room> on `renderer` or as a WebRTC mesh. What Firefox shows of the other two.
 */
async function meeting(url, firefox, system, { seconds }) {
  const mesh = system === 'webrtc';
  const room = `ff-meeting-${system}-${Date.now()}`;
  const page = mesh ? 'mesh.html' : 'room.html';
  const people = [];
  let viewer;
  try {
    for (let i = 0; i < 2; i++) people.push(await chromiumPerson(url, page));
    viewer = await firefox.open(`${url}/${page}${mesh ? '' : `?renderer=${system}`}`);
    const everyone = [...people, viewer];
    for (const [i, p] of everyone.entries()) {
      if (mesh) await p.evaluate((room) => window.joinMesh({ room }), room);
      else await join(p, { room, name: `P${i + 1}`, camera: true, mic: true });
    }
    await viewer.waitFor(() => {
      const r = window.remotes();
      return r.length >= 2 && r.every((x) => x.playing);
    }, 30000);
    if (!mesh) await viewer.evaluate(() => window.watchRemotes());
    await sleep(2000);
    const cpu0 = treeCpuSeconds(firefox.pid);
    const from = await viewer.evaluate(() => window.now());
    await sleep(seconds * 1000);
    const to = await viewer.evaluate(() => window.now());
    const cpu = ((treeCpuSeconds(firefox.pid) - cpu0) / ((to - from) / 1000)) * 100;
    const streams = await viewer.evaluate(([a, b]) => window.windowStats(a, b), [from, to]);
    for (let i = streams.length; i < 2; i++) streams.push({ fps: 0, longest: to - from, frozen: 1 });
    return {
      people: 3,
      system: mesh ? 'webrtc' : `ours, Firefox renderer=${system}`,
      'Firefox fps p50': round(percentile(streams.map((s) => s.fps), 50)),
      'Firefox fps min': round(Math.min(...streams.map((s) => s.fps))),
      'longest gap ms': Math.round(Math.max(...streams.map((s) => s.longest))),
      'frozen %': round(100 * (streams.reduce((a, s) => a + s.frozen, 0) / streams.length)),
      'Firefox CPU %': Math.round(cpu),
    };
  } finally {
    await viewer?.close().catch(() => undefined);
    for (const p of people) await p.close().catch(() => undefined);
  }
}

/** `{ rows, meeting }`: latency rows (summarize's shape) and meeting rows, renderer by renderer. */
export async function run(url, { seconds = 10, toggles = 15, late = 6, meetingSeconds = 15, log = () => undefined } = {}) {
  const firefox = await launchFirefox();
  try {
    log(`Firefox ${firefox.version}`);
    const rows = [await webrtcGlass(url, firefox, seconds)];
    for (const renderer of RENDERERS) {
      log(`one sender, renderer=${renderer}`);
      rows.push(...(await oneSender(url, firefox, renderer, { seconds, toggles, late })));
    }
    const rtc = rows[0];
    for (const row of rows.filter((r) => r.name.startsWith('glass-to-glass, Chromium'))) row.ratio = round(row.p50 / rtc.p50, 2);
    const meetingRows = [];
    for (const system of ['webrtc', ...RENDERERS]) {
      log(`meeting, ${system}`);
      meetingRows.push(await meeting(url, firefox, system, { seconds: meetingSeconds }).catch((e) => ({ people: 3, system, error: String(e.message ?? e).slice(0, 200) })));
      log(JSON.stringify(meetingRows.at(-1)));
    }
    return { rows, meeting: meetingRows, version: firefox.version };
  } finally {
    await firefox.close();
  }
}

// `node bench/firefox.mjs [seconds] [toggles] [late joins]`: this benchmark alone (npm run build first).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchServer } = await import('./server.mjs');
  const server = await startBenchServer();
  try {
    const s = Number(process.argv[2] ?? 10);
    const out = await run(server.url, { seconds: s, toggles: Number(process.argv[3] ?? 15), late: Number(process.argv[4] ?? 6), log: (m) => console.error(m) });
    console.table(out.rows);
    console.table(out.meeting);
  } finally {
    await server.close();
  }
}
