// `npm run bench [-- --quick]`: every benchmark in one run, baselines included. Prints a
// table, writes bench/results.json and the table in docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { startBenchServer } from './server.mjs';
import { launchChromium } from './browser.mjs';
import * as meeting from './meeting.mjs';
import * as meetingLoad from './meeting-load.mjs';
import * as glass from './glass.mjs';
import * as deviceSwitch from './switch.mjs';
import * as layout from './layout.mjs';
import * as fanout from './fanout/index.mjs';
import * as bundle from './bundle.mjs';
import * as firefoxBench from './firefox.mjs';
import * as avSync from './av-sync.mjs';
import * as restart from './restart.mjs';
import * as clusterKill from './cluster-kill.mjs';
import { delayProxy } from './delay-proxy.mjs';
import { summarize } from './stats.mjs';

const quick = process.argv.includes('--quick');
const plan = quick
  ? { toggles: 10, late: 4, glassSeconds: 5, memory: { toggles: 10, seconds: 10 }, fanoutSeconds: 3, load: { sizes: [2, 3], seconds: 8, toggleCount: 3, lateCount: 2 }, firefox: { seconds: 5, toggles: 5, late: 3, meetingSeconds: 8 }, syncSeconds: 5, restarts: 4 }
  : { toggles: 30, late: 10, glassSeconds: 12, memory: { toggles: 100, seconds: 120 }, fanoutSeconds: 8, load: { sizes: [2, 3, 4], seconds: 15, toggleCount: 15, lateCount: 4 }, firefox: { seconds: 10, toggles: 15, late: 6, meetingSeconds: 15 }, syncSeconds: 10, restarts: 10 };

if (!existsSync('dist/cdn/meet-elements.js') || !existsSync('dist/relay/relay.js')) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

const rows = [];
const started = Date.now();
const step = async (name, fn) => {
  const t = Date.now();
  process.stdout.write(`${name}... `);
  const out = await fn();
  rows.push(...out);
  console.log(`${((Date.now() - t) / 1000).toFixed(0)} s`);
};

const server = await startBenchServer();
const { browser, context } = await launchChromium({ extraArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
try {
  const shareReference = [];
  await step('screen shares, WebRTC (addTrack and renegotiate)', async () => {
    shareReference.push(...(await meeting.webrtcShares(context, server.url, { count: plan.toggles })));
    return [summarize('share start -> remote first screen frame (rVFC), WebRTC reference', 'ms', shareReference, { expected: plan.toggles })];
  });
  for (const pipeline of meeting.PIPELINES) {
    await step(`camera toggles, ${pipeline.label}`, () => meeting.toggles(context, server.url, { count: plan.toggles, pipeline }));
    await step(`late join, ${pipeline.label}`, () => meeting.lateJoin(context, server.url, { count: plan.late, pipeline }));
    await step(`screen shares, ${pipeline.label}`, () => meeting.screenShares(context, server.url, { count: plan.toggles, pipeline, reference: shareReference }));
  }
  // A first join as over a network: every page request and the socket through 50 ms of round trip.
  const proxy = await delayProxy(Number(new URL(server.url).port), 50);
  try {
    await step('late join over a 50 ms round trip', async () =>
      (await meeting.lateJoin(context, `http://127.0.0.1:${proxy.port}`, { count: plan.late })).map((row) => ({ ...row, name: `${row.name}, 50 ms round trip (a delaying proxy)` })),
    );
  } finally {
    proxy.close();
  }
  await step('glass-to-glass (ours and WebRTC)', () => glass.run(context, server.url, { seconds: plan.glassSeconds }));
  await step('device switch (ours and WebRTC replaceTrack)', () => deviceSwitch.run(context, server.url, { count: plan.toggles, pipelines: meeting.PIPELINES }));
  await step('layouts: a pin, and scrolling a 25-person room', () => layout.run(context, server.url, { pins: quick ? 8 : 20, seconds: quick ? 4 : 8 }));
  await step('memory over time', () => meeting.memory(context, server.url, plan.memory));
} finally {
  await browser.close();
}
const loadRows = [];
const firefoxRows = [];
const firefoxMeeting = [];
const syncRows = [];
try {
  await step('a real meeting: 2-4 people, one browser each (ours and a WebRTC mesh)', async () => {
    loadRows.push(...(await meetingLoad.run(server.url, plan.load)));
    return [];
  });
  await step('Firefox as a viewer, both renderers (a Chromium sender; WebRTC inside Firefox)', async () => {
    const out = await firefoxBench.run(server.url, plan.firefox);
    firefoxRows.push(...out.rows);
    firefoxMeeting.push(...out.meeting);
    return [];
  });
  await step('A/V sync (WebRTC in Chromium and Firefox)', async () => {
    syncRows.push(...(await avSync.run(server.url, { seconds: plan.syncSeconds })));
    return [];
  });
} finally {
  await server.close();
}
const fanRows = [];
await step('relay fan-out (ours, naive ws, Socket.IO)', async () => {
  const out = await fanout.run({ seconds: plan.fanoutSeconds });
  fanRows.push(...out);
  return [];
});
const clusterRows = [];
await step('relay cluster: 3 nodes through Redis against 1 node, same load', async () => {
  clusterRows.push(...(await fanout.runCluster({ seconds: plan.fanoutSeconds })));
  return [];
});
await step('relay restart (npm start killed and started again, one browser each)', () => restart.run({ restarts: plan.restarts }));
await step('a cluster node killed (three nodes through Redis, one browser each)', () => clusterKill.run({ rounds: plan.restarts }));
await step('bundle size', () => bundle.run());

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${browser.version?.() ?? ''}`.trim();
const results = { date: new Date().toISOString(), quick, machine, seconds: Math.round((Date.now() - started) / 1000), rows, meeting: loadRows, firefox: firefoxRows, firefoxMeeting, sync: syncRows, fanout: fanRows, cluster: clusterRows };
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.table(rows);
console.table(loadRows);
console.table(firefoxRows);
console.table(firefoxMeeting);
console.table(syncRows);
console.table(fanRows);
console.table(clusterRows);

// docs/benchmarks.md: replace the generated block with this run's tables.
const cols = ['name', 'unit', 'p50', 'p95', 'n', 'ratio', 'fps', 'blanks', 'expected'];
const md = (list, keys) => [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...list.map((r) => `| ${keys.map((k) => r[k] ?? '').join(' | ')} |`)].join('\n');
const block = [
  '<!-- bench:start (written by `npm run bench`; do not edit) -->',
  `Run: ${results.date}${quick ? ' (--quick)' : ''}, ${results.seconds} s. Machine: ${machine}.`,
  '',
  md(rows, cols),
  '',
  'A real meeting: everyone\'s camera and microphone on, each person in their own headless Chromium (fake camera 640x480 at 20 fps); fps and gaps of every remote video over the window (presented frames, rVFC); frozen = time inside gaps over 200 ms; `x / webrtc` rows are ratios (frozen: the difference in points):',
  '',
  md(loadRows, [...new Set(loadRows.flatMap((r) => Object.keys(r)))]),
  '',
  'Firefox (ESR) as a viewer, renderer by renderer: a Chromium sender (`auto`), one Firefox window; `ratio` is against WebRTC inside the same Firefox; the meeting is two Chromium people and the Firefox viewer, everyone\'s camera and microphone on, seen from Firefox:',
  '',
  md(firefoxRows, cols),
  '',
  md(firefoxMeeting, [...new Set(firefoxMeeting.flatMap((r) => Object.keys(r)))]),
  '',
  'A/V sync: the sender\'s camera paints the clock and its microphone beeps every whole second; each viewer measures each frame\'s and each beep\'s latency (positive: the sound lags the picture; felt past ~45 ms ahead or ~125 ms behind):',
  '',
  md(syncRows, [...new Set(syncRows.flatMap((r) => Object.keys(r)))]),
  '',
  'Relay fan-out (each participant publishes 12 kB frames at 10/s, ~1 Mbps; K rooms x M participants):',
  '',
  md(fanRows, Object.keys(fanRows[0] ?? {})),
  '',
  'Relay cluster, same load: one node of ours, then three nodes sharing every room through a real redis-server (participant i of each room on node i mod 3; the nodes and Redis pinned to one core, the load generator to the other); CPU and RSS are summed over the nodes:',
  '',
  md(clusterRows, [...new Set(clusterRows.flatMap((r) => Object.keys(r)))]),
  '<!-- bench:end -->',
].join('\n');
const doc = readFileSync('docs/benchmarks.md', 'utf8');
const from = doc.indexOf('<!-- bench:start');
const to = doc.indexOf('<!-- bench:end -->');
if (from >= 0 && to >= 0) writeFileSync('docs/benchmarks.md', doc.slice(0, from) + block + doc.slice(to + '<!-- bench:end -->'.length));
console.log(`bench: ${results.seconds} s; wrote bench/results.json and docs/benchmarks.md`);
