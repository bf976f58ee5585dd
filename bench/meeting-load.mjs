// A real meeting: 2, 3 and 4 people, each in their own headless Chromium (one browser
// process per person: pages of one browser share a compositor, shared/MEASURING.md), all
// publishing camera and microphone, through the real relay and elements. The baseline, in
// the same run: a WebRTC mesh of the same people (each sends to every other).
//
// Per system and size: the presented fps of every remote video over a window (p50 and min
// over viewers x senders), the longest gap between two presented frames, the share of time
// frozen (gaps over 200 ms), CPU per person; camera-on -> first frame and camera-off -> avatar
// on every viewer (the mesh toggles by the same rules, mesh.html), and a late join ->
// everyone's video.
import { launchBare } from './bare-chromium.mjs';
import { treeCpuSeconds } from './cpu.mjs';
import { percentile } from './stats.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (v, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);

/**
 * What is measured: the WebRTC mesh, ours as a user gets it (`auto`: WebCodecs in and out in
 * Chromium) and ours on the MediaRecorder -> MSE pipeline every browser has.
 */
const SYSTEMS = {
  webrtc: {
    page: 'mesh.html',
    join: (page, room) => page.evaluate((room) => window.joinMesh({ room }), room),
    leave: (page) => page.evaluate(() => window.leaveMesh()),
    watch: async () => undefined,
  },
  ours: { page: 'room.html', ...oursOn() },
  'ours (mse)': { page: 'room.html?renderer=mse&encoder=mediarecorder', ...oursOn() },
};

function oursOn() {
  return {
    join: (page, room, name) => page.evaluate((args) => window.joinRoom({ ...args, camera: true, mic: true }), { room, name }),
    leave: (page) => page.evaluate(() => window.room.leave().then(() => window.room.remove())),
    watch: (page) => page.evaluate(() => window.watchRemotes()),
  };
}

/** One person: their own headless Chromium (bare-chromium.mjs: no DevTools network hooks), at the system's page. */
async function person(url, system) {
  const browser = await launchBare(`${url}/${SYSTEMS[system].page}`, { width: 1000, height: 640 });
  try {
    await browser.waitFor(() => window.benchReady);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return { page: browser, pid: browser.pid, close: browser.close };
}

/** Resolves with the wall-clock time at which `page` shows `count` remote videos playing, or undefined. */
function everyonePlaying(page, count, timeout) {
  return page.evaluate(
    async ({ count, timeout }) => {
      const deadline = performance.now() + timeout;
      for (;;) {
        const remotes = window.remotes();
        if (remotes.length >= count && remotes.every((r) => r.playing)) return window.now();
        if (performance.now() > deadline) return undefined;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    { count, timeout },
  );
}

/** In a viewer's page: the time `id`'s tile next reaches `state` (a MutationObserver, no polling delay). */
function tileReaches(page, id, state, timeout = 10000) {
  return page.evaluate(
    ({ id, state, timeout }) =>
      new Promise((resolve) => {
        const tile = window.tileFor(id);
        if (!tile) return resolve(undefined);
        const observer = new MutationObserver(() => {
          if (tile.getAttribute('state') !== state) return;
          observer.disconnect();
          resolve(window.now());
        });
        observer.observe(tile, { attributes: true, attributeFilter: ['state'] });
        setTimeout(() => (observer.disconnect(), resolve(undefined)), timeout);
      }),
    { id, state, timeout },
  );
}

/** Camera toggles of person 0, seen by everyone else: camera-off -> avatar and camera-on -> video. */
async function toggles(people, count) {
  const [sender, ...viewers] = people;
  const id = await sender.page.evaluate(() => window.room.self.id);
  const on = [];
  const off = [];
  for (let i = 0; i < count; i++) {
    for (const [state, camera, into] of [['avatar', false, off], ['video', true, on]]) {
      const seen = viewers.map((v) => tileReaches(v.page, id, state));
      await sleep(50); // the observers are in place
      const t = await sender.page.evaluate((camera) => {
        const t = window.now();
        void window.room.setCamera(camera);
        return t;
      }, camera);
      for (const at of await Promise.all(seen)) into.push(at === undefined ? Infinity : at - t);
      await sleep(state === 'video' ? 1500 : 500);
    }
  }
  return { on, off };
}

/** The last person leaves and joins again; time from join() to everyone's video playing. */
async function lateJoins(system, people, room, count) {
  const last = people[people.length - 1];
  const times = [];
  for (let i = 0; i < count; i++) {
    await SYSTEMS[system].leave(last.page);
    await sleep(1500);
    const t = await last.page.evaluate(() => window.now());
    await SYSTEMS[system].join(last.page, room, `P${people.length}`);
    const at = await everyonePlaying(last.page, people.length - 1, 15000);
    times.push(at === undefined ? Infinity : at - t);
    await sleep(1500);
  }
  return times;
}

async function meeting(url, system, size, { seconds, toggleCount, lateCount }) {
  // Room names are A-Z a-z 0-9 _ . - (the relay refuses others): `ours (mse)` -> `ours-mse`.
  const room = `meeting-${system.replace(/[^A-Za-z0-9_.-]+/g, '-')}-${size}-${Date.now()}`;
  const people = [];
  try {
    for (let i = 0; i < size; i++) people.push(await person(url, system));
    for (const [i, p] of people.entries()) await SYSTEMS[system].join(p.page, room, `P${i + 1}`);
    const ready = await Promise.all(people.map((p) => everyonePlaying(p.page, size - 1, 30000)));
    const missing = ready.filter((t) => t === undefined).length;
    for (const p of people) await SYSTEMS[system].watch(p.page);
    await sleep(2000);

    const cpuFrom = people.map((p) => treeCpuSeconds(p.pid));
    const from = await people[0].page.evaluate(() => window.now());
    await sleep(seconds * 1000);
    const to = await people[0].page.evaluate(() => window.now());
    const cpu = people.map((p, i) => ((treeCpuSeconds(p.pid) - cpuFrom[i]) / ((to - from) / 1000)) * 100);
    const streams = (await Promise.all(people.map((p) => p.page.evaluate(([a, b]) => window.windowStats(a, b), [from, to])))).flat();
    // A remote video that never showed counts as 0 fps, frozen all the time.
    for (let i = streams.length; i < size * (size - 1); i++) streams.push({ fps: 0, longest: to - from, frozen: 1 });

    const row = {
      people: size,
      system,
      'fps p50': round(percentile(streams.map((s) => s.fps), 50)),
      'fps min': round(Math.min(...streams.map((s) => s.fps))),
      'longest gap ms': Math.round(Math.max(...streams.map((s) => s.longest))),
      'frozen %': round(100 * (streams.reduce((a, s) => a + s.frozen, 0) / streams.length)),
      'CPU % per person': Math.round(percentile(cpu, 50)),
      'all videos in 30 s': missing === 0 ? 'yes' : `no (${missing} of ${size} people)`,
    };
    const { on, off } = await toggles(people, toggleCount);
    row['camera on p50 ms'] = round(percentile(on, 50), 0);
    row['camera on p95 ms'] = round(percentile(on, 95), 0);
    row['camera off p50 ms'] = round(percentile(off, 50), 0);
    row['camera off p95 ms'] = round(percentile(off, 95), 0);
    const late = await lateJoins(system, people, room, lateCount);
    row['late join p50 ms'] = round(percentile(late, 50), 0);
    row['late join p95 ms'] = round(percentile(late, 95), 0);
    return row;
  } finally {
    for (const p of people) await p.close().catch(() => undefined);
  }
}

/**
 * Rows for every size, WebRTC first then ours at each size, and ours / WebRTC ratios.
 * `toggleCount` camera toggles give (people - 1) x that many samples: at 6 toggles and 3 people
 * the p95 of 12 samples was the largest one, and one scheduling hiccup of either system
 * (22-50 ms, both seen) decided the row.
 */
export async function run(url, { sizes = [2, 3, 4], systems = Object.keys(SYSTEMS), seconds = 15, toggleCount = 15, lateCount = 4, log = () => undefined } = {}) {
  const rows = [];
  for (const size of sizes) {
    const here = [];
    for (const system of systems) {
      log(`${system} x ${size}`);
      // A meeting that fails (a page that stops answering) is a row that says so, not a lost run.
      here.push(await meeting(url, system, size, { seconds, toggleCount, lateCount }).catch((e) => ({ people: size, system, error: String(e.message ?? e).slice(0, 200) })));
      log(JSON.stringify(here.at(-1)));
    }
    rows.push(...here);
    const rtc = here.find((r) => r.system === 'webrtc');
    for (const ours of here.filter((r) => r.system !== 'webrtc' && !r.error)) if (rtc && !rtc.error) rows.push(ratio(size, ours, rtc));
  }
  return rows;
}

/** ours / WebRTC: ratios, and the difference for the share of time frozen. */
function ratio(size, ours, rtc) {
  return {
    people: size,
    system: `${ours.system} / webrtc`,
    'fps p50': round(ours['fps p50'] / rtc['fps p50'], 2),
    'fps min': round(ours['fps min'] / rtc['fps min'], 2),
    'longest gap ms': round(ours['longest gap ms'] / rtc['longest gap ms'], 2),
    'frozen %': round(ours['frozen %'] - rtc['frozen %']),
    'CPU % per person': round(ours['CPU % per person'] / rtc['CPU % per person'], 2),
    'camera on p50 ms': round(ours['camera on p50 ms'] / rtc['camera on p50 ms'], 2),
    'camera on p95 ms': round(ours['camera on p95 ms'] / rtc['camera on p95 ms'], 2),
    'camera off p50 ms': round(ours['camera off p50 ms'] / rtc['camera off p50 ms'], 2),
    'camera off p95 ms': round(ours['camera off p95 ms'] / rtc['camera off p95 ms'], 2),
    'late join p50 ms': round(ours['late join p50 ms'] / rtc['late join p50 ms'], 2),
    'late join p95 ms': round(ours['late join p95 ms'] / rtc['late join p95 ms'], 2),
  };
}

// `node bench/meeting-load.mjs [sizes, e.g. 2,3] [seconds] [systems, e.g. webrtc,ours]`: this
// benchmark alone (npm run build first).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchServer } = await import('./server.mjs');
  const server = await startBenchServer();
  try {
    const sizes = (process.argv[2] ?? '2,3,4').split(',').map(Number);
    const systems = process.argv[4]?.split(',') ?? Object.keys(SYSTEMS);
    console.table(await run(server.url, { sizes, systems, seconds: Number(process.argv[3] ?? 15), log: (s) => console.error(s) }));
  } finally {
    await server.close();
  }
}
