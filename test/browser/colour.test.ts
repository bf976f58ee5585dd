import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
import { RELAY_URL, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
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
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const n = data.length / 4;
  return sum.map((s) => s / n) as [number, number, number];
}

/** The mean of `samples` colours taken `every` ms (the fake camera's pattern moves). */
async function meanColour(video: HTMLVideoElement, samples = 20, every = 50): Promise<number[]> {
  const all: number[][] = [];
  for (let i = 0; i < samples; i++) {
    all.push(centreColour(video));
    await sleep(every);
  }
  return [0, 1, 2].map((c) => all.reduce((a, s) => a + s[c]!, 0) / all.length);
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
      const [local, remote] = await Promise.all([meanColour(preview), meanColour(media.video)]);
      const text = (c: number[]) => `rgb(${c.map((v) => v.toFixed(0)).join(', ')})`;
      console.log(`${pipeline.name}: preview ${text(local)}, remote ${text(remote)}`);
      for (let c = 0; c < 3; c++) expect(Math.abs(remote[c]! - local[c]!), `channel ${'rgb'[c]}: preview ${text(local)}, remote ${text(remote)}`).to.be.below(8);
    } finally {
      preview.remove();
      media.video.remove();
    }
  });
});
