import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
import { decodeFrame, type MediaFrameMessage } from '../../src/protocol/index.js';
import { RELAY_URL, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';

/** Two participants in one page, joined through the real relay. */
async function pair(aOptions = {}) {
  const room = uniqueRoom('session');
  const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada', ...aOptions });
  const b = new MeetingSession({ server: RELAY_URL, room, name: 'Bob' });
  await a.join();
  await b.join();
  const aId = a.self!.id;
  await until(() => b.media(aId), 'B sees A');
  return { a, b, aId, room, media: b.media(aId)! };
}

describe('publisher -> relay -> player (MeetingSession)', () => {
  const sessions: MeetingSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.leave()));

  it('camera on plays at the receiver; off flips to off at once; on again plays with a new epoch', async () => {
    const { a, b, aId, media } = await pair();
    sessions.push(a, b);
    await a.setCamera(true);
    await until(() => media.videoState === 'playing', 'remote video playing');
    await videoAdvances(media.video);

    await a.setCamera(false);
    expect(a.localVideoTrack).to.equal(undefined);
    await until(() => media.videoState === 'off', 'remote video off');
    const stoppedAt = media.video.currentTime;
    await sleep(600);
    expect(media.video.currentTime).to.be.closeTo(stoppedAt, 0.05, 'no frames after camera off');

    await a.setCamera(true);
    await until(() => media.videoState === 'loading' || media.videoState === 'playing', 'loading after camera on');
    await until(() => media.videoState === 'playing', 'playing again');
    await videoAdvances(media.video);
    expect(b.participants.find((p) => p.id === aId)!.camera).to.equal(true);
  });

  it('mic toggles never interrupt video, and camera toggles never interrupt audio', async () => {
    const { a, b, media } = await pair();
    sessions.push(a, b);
    await Promise.all([a.setCamera(true), a.setMic(true)]);
    await until(() => media.videoState === 'playing', 'video playing');
    await until(() => media.audio.currentTime > 0.3, 'audio playing');

    await a.setMic(false);
    await videoAdvances(media.video, 0.5);
    await a.setMic(true);
    await videoAdvances(media.video, 0.5);

    await a.setCamera(false);
    const t = media.audio.currentTime;
    await until(() => media.audio.currentTime > t + 0.5, 'audio keeps playing with the camera off');
  });

  it('a late joiner decodes the cached stream without an error', async () => {
    const room = uniqueRoom('late');
    const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada' });
    sessions.push(a);
    await a.join();
    await a.setCamera(true);
    await sleep(2500);
    const late = new MeetingSession({ server: RELAY_URL, room, name: 'Late' });
    sessions.push(late);
    await late.join();
    const media = await until(() => late.media(a.self!.id), 'late joiner sees A');
    await until(() => media.videoState === 'playing', 'late joiner plays');
    await videoAdvances(media.video);
    expect(media.video.error).to.equal(null);
  });

  it('a keyframe request restarts the sender within its epoch: the playing viewer keeps its pipeline', async () => {
    const { a, b, aId, room, media } = await pair();
    sessions.push(a, b);
    await a.setCamera(true);
    await until(() => media.videoState === 'playing', 'remote video playing');
    await videoAdvances(media.video);

    // A third participant speaking the wire protocol over a real WebSocket asks for a keyframe.
    const ws = new WebSocket(RELAY_URL);
    ws.binaryType = 'arraybuffer';
    const frames: MediaFrameMessage[] = [];
    ws.onmessage = ({ data }) => {
      if (typeof data === 'string') return;
      const frame = decodeFrame(new Uint8Array(data as ArrayBuffer));
      if (typeof frame !== 'string' && frame.track === 'video') frames.push(frame);
    };
    await new Promise((resolve) => (ws.onopen = resolve));
    ws.send(JSON.stringify({ type: 'join', room, name: 'Asker' }));
    await until(() => frames.some((f) => f.keyframe), 'the cached stream reaches the third participant');
    const src = media.video.src;
    const states = new Set<string>();
    const sampler = setInterval(() => states.add(media.videoState), 10);
    try {
      ws.send(JSON.stringify({ type: 'keyframe-request', to: aId, track: 'video' }));
      const inits = () => frames.filter((f) => f.init);
      const restart = await until(() => inits()[1], 'the init frame of the restarted recorder');
      const next = await until(() => frames[frames.indexOf(restart) + 1], 'the frame after it');
      expect(restart.epoch, 'same epoch').to.equal(inits()[0]!.epoch);
      expect(restart.payload, 'same init bytes').to.deep.equal(inits()[0]!.payload);
      expect(next.keyframe, 'a keyframe follows the init').to.equal(true);
      const before = frames.slice(0, frames.indexOf(restart)).filter((f) => f.keyframe).at(-1)!;
      expect(clusterTimecode(next.payload), 'the timeline carries on').to.be.greaterThan(clusterTimecode(before.payload));
      await videoAdvances(media.video, 1);
    } finally {
      clearInterval(sampler);
      ws.close();
    }
    expect([...states], 'states of the viewer meanwhile').to.deep.equal(['playing']);
    expect(media.video.src, 'the same MediaSource').to.equal(src);
  });
});

/** The Timecode of the Cluster a keyframe frame starts with (Cluster header of unknown size, then Timecode). */
function clusterTimecode(payload: Uint8Array): number {
  expect([...payload.subarray(0, 4)]).to.deep.equal([0x1f, 0x43, 0xb6, 0x75]);
  expect(payload[12]).to.equal(0xe7);
  const size = payload[13]! & 0x7f;
  return payload.subarray(14, 14 + size).reduce((n, byte) => n * 256 + byte, 0);
}
