import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
import { meanColour, RELAY_URL, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
import { PIPELINES } from './pipelines.js';

/**
 * Mean colour of the centre of what `video` shows: the middle half of each side of its 16:9
 * centre (what every sender keeps of a 4:3 camera), so the preview and the remote video are
 * sampled over the same part of the picture; drawn to a canvas as a screenshot would see it.
 */
function centreColour(video: HTMLVideoElement): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const w = video.videoWidth;
  const h = Math.min(video.videoHeight, (w * 9) / 16);
  const top = (video.videoHeight - h) / 2;
  ctx.drawImage(video, w / 4, top + h / 4, w / 2, h / 2, 0, 0, canvas.width, canvas.height);
  return meanColour(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
}

const SAMPLE_MS = 25;

const mean = (samples: number[][]) => [0, 1, 2].map((c) => samples.reduce((a, s) => a + s[c]!, 0) / samples.length);

/** Colours of the preview and the remote video, sampled together every 25 ms for `ms`. */
async function sampleBoth(preview: HTMLVideoElement, remote: HTMLVideoElement, ms = 2000) {
  const local: number[][] = [];
  const far: number[][] = [];
  for (let t = 0; t < ms; t += SAMPLE_MS) {
    local.push(centreColour(preview));
    far.push(centreColour(remote));
    await sleep(SAMPLE_MS);
  }
  return { local, far };
}

/**
 * The lag (0-500 ms) at which the remote samples match the preview's best (the remote video
 * is the same picture a moment later, and Firefox's fake camera changes colour over time),
 * and per channel the difference of the two means over that aligned window: a colour error
 * shifts it, the moving pattern's frame-to-frame noise averages out.
 */
function bestMatch(local: number[][], far: number[][]) {
  let best = { lag: 0, diff: [Infinity, Infinity, Infinity] };
  for (let lag = 0; lag <= 500 / SAMPLE_MS; lag++) {
    const pairs = far.slice(lag).map((f, i) => [local[i]!, f] as const);
    const diff = [0, 1, 2].map((c) => pairs.reduce((a, [l, f]) => a + Math.abs(f[c]! - l[c]!), 0) / pairs.length);
    if (diff.reduce((a, b) => a + b) < best.diff.reduce((a, b) => a + b)) best = { lag: lag * SAMPLE_MS, diff };
  }
  const k = best.lag / SAMPLE_MS;
  const [l, f] = [mean(local.slice(0, local.length - k)), mean(far.slice(k))];
  return { lag: best.lag, diff: [0, 1, 2].map((c) => Math.abs(f[c]! - l[c]!)) };
}

for (const pipeline of PIPELINES) describe(`colour, ${pipeline.name}`, function () {
  this.timeout(40000);
  const sessions: MeetingSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.leave()));

  it("a remote video's colours match the sender's own preview", async () => {
    const room = uniqueRoom('colour');
    const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada', publisher: { encoder: pipeline.encoder } });
    const b = new MeetingSession({ server: RELAY_URL, room, name: 'Bob', renderer: pipeline.renderer });
    sessions.push(a, b);
    await a.join();
    await b.join();
    await a.setCamera(true);
    const media = await until(() => b.media(a.self!.id), 'B sees A');
    await until(() => media.videoState === 'playing', 'remote video playing');
    const preview = document.createElement('video');
    preview.muted = true;
    preview.srcObject = new MediaStream([a.localVideoTrack!]);
    document.body.append(preview, media.video);
    await preview.play();
    await videoAdvances(preview, 0.2);
    await videoAdvances(media.video, 0.2);
    try {
      const { local, far } = await sampleBoth(preview, media.video);
      const { lag, diff } = bestMatch(local, far);
      const text = (c: number[]) => `rgb(${c.map((v) => v.toFixed(0)).join(', ')})`;
      const seen = `preview ${text(mean(local))}, remote ${text(mean(far))}, difference ${text(diff)} at ${lag} ms`;
      console.log(`${pipeline.name}: ${seen}`);
      for (let c = 0; c < 3; c++) expect(diff[c], `channel ${'rgb'[c]}: ${seen}`).to.be.below(8);
    } finally {
      preview.remove();
      media.video.remove();
    }
  });
});
