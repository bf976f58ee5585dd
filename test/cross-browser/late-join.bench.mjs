// Late join with a Firefox sender: Firefox's MediaRecorder ignores the keyframe-interval
// options (a keyframe about every 7.5 s), so a late joiner's first frame depends on its
// keyframe request restarting the sender's recorder. Measures, per trial, a fresh room:
// the sender joins with the camera on, a few seconds pass (a random 2-5 s, so the join does
// not line up with the sender's start; `[max wait s]` widens it), then a receiver joins with the camera off; the time
// from its `meet-joined` (and from the page creating the element) to the first
// state="video" of the sender's tile. Senders: Firefox and, for comparison, Chromium;
// receivers: both. Usage (after `npm run build`):
//   node test/cross-browser/late-join.bench.mjs [trials per pair, default 5] [max wait s, default 5] [senders, default firefox,chromium]
import { launch, until } from './browsers.mjs';
import { startServer } from './server.mjs';

const trials = Number(process.argv[2] ?? 5);
const maxWait = Number(process.argv[3] ?? 5) * 1000;
const senders = (process.argv[4] ?? 'firefox,chromium').split(',');
const server = await startServer();
const browsers = { chromium: await launch('chromium'), firefox: await launch('firefox') };
const results = [];
try {
  for (const sender of senders) {
    for (const receiver of ['chromium', 'firefox']) {
      for (let i = 0; i < trials; i++) {
        const room = `late-${sender}-${receiver}-${i}-${Date.now()}`;
        const send = await browsers[sender].open(`${server.url}?room=${room}&name=Sender&camera=1`);
        await until(send, 'the sender camera on', () => window.meet.room.self?.camera);
        const wait = 2000 + Math.random() * (maxWait - 2000);
        await new Promise((r) => setTimeout(r, wait));
        const recv = await browsers[receiver].open(`${server.url}?room=${room}&name=Late&camera=0`);
        const t = await until(recv, "the sender's first frame", () => {
          const m = window.meet;
          const first = m.firstVideo.Sender;
          return first !== undefined && m.joinedAt !== undefined && { fromJoin: first - m.joinedAt, fromCreate: first - m.created };
        }, undefined, 20000);
        results.push({ sender, receiver, afterMs: Math.round(wait), fromJoin: Math.round(t.fromJoin), fromCreate: Math.round(t.fromCreate) });
        console.log(JSON.stringify(results.at(-1)));
        await Promise.all([send.close(), recv.close()]);
      }
    }
  }
} finally {
  await Promise.allSettled(Object.values(browsers).map((b) => b.close()));
  await server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log('\n| sender | receiver | trials | join -> first frame, median (min-max) ms | page start -> first frame, median ms |');
console.log('|---|---|---|---|---|');
for (const sender of senders) {
  for (const receiver of ['chromium', 'firefox']) {
    const r = results.filter((x) => x.sender === sender && x.receiver === receiver);
    const j = r.map((x) => x.fromJoin);
    console.log(`| ${sender} | ${receiver} | ${r.length} | ${median(j)} (${Math.min(...j)}-${Math.max(...j)}) | ${median(r.map((x) => x.fromCreate))} |`);
  }
}
