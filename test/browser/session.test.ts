import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
import { SignalingClient } from '../../src/core/signaling.js';
import { decodeFrame, joinMessage, type MediaFrameMessage } from '../../src/protocol/index.js';
import { MsePlayer, type Player } from '../../src/core/player/index.js';
import { WebCodecsPlayer } from '../../src/core/player/webcodecs-player.js';
import type { RemoteMedia } from '../../src/core/remote-media.js';
import { RELAY_URL, presentedFrames, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
import { PIPELINES, sourceOf, type Pipeline } from './pipelines.js';

const hex = (bytes: Uint8Array | undefined) => (bytes ? [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('') : 'none');

/** Two participants in one page, joined through the real relay: A encodes, B plays, as `pipeline` says. */
async function pair(pipeline: Pipeline, keyFrameInterval?: number) {
  const room = uniqueRoom('session');
  const publisher = { encoder: pipeline.encoder, ...(keyFrameInterval && { keyFrameInterval }) };
  const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada', publisher });
  const b = new MeetingSession({ server: RELAY_URL, room, name: 'Bob', renderer: pipeline.renderer });
  await a.join();
  await b.join();
  const aId = a.self!.id;
  await until(() => b.media(aId), 'B sees A');
  return { a, b, aId, room, media: b.media(aId)! };
}

for (const pipeline of PIPELINES) describe(`publisher -> relay -> player (MeetingSession), ${pipeline.name}`, () => {
  const sessions: MeetingSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.leave()));

  it('camera on plays at the receiver; off flips to off at once; on again plays with a new epoch', async () => {
    const { a, b, aId, media } = await pair(pipeline);
    sessions.push(a, b);
    await a.setCamera(true);
    await until(() => media.videoState === 'playing', 'remote video playing');
    await videoAdvances(media.video);

    // Frames presented, not currentTime: a generated track's clock runs on without frames.
    const presented = presentedFrames(media.video);
    const frames = () => presented.count;
    const playingAt = frames();
    await sleep(300);
    expect(frames(), 'the presented-frame counter counts while playing').to.be.greaterThan(playingAt);

    const firstEpoch = videoPlayer(media).epoch;
    await a.setCamera(false);
    expect(a.localVideoTrack).to.equal(undefined);
    await until(() => media.videoState === 'off', 'remote video off');
    const stoppedAt = frames();
    await sleep(600);
    expect(frames() - stoppedAt, 'no frames after camera off').to.be.at.most(1);
    presented.stop();

    await a.setCamera(true);
    await until(() => media.videoState === 'loading' || media.videoState === 'playing', 'loading after camera on');
    await until(() => media.videoState === 'playing', 'playing again');
    await videoAdvances(media.video);
    expect(videoPlayer(media).epoch).to.be.greaterThan(firstEpoch);
    expect(b.participants.find((p) => p.id === aId)!.camera).to.equal(true);
    expect(videoPlayer(media)).to.be.instanceOf(pipeline.renderer === 'mse' ? MsePlayer : WebCodecsPlayer);
  });

  it('mic toggles never interrupt video, and camera toggles never interrupt audio', async () => {
    const { a, b, media } = await pair(pipeline);
    sessions.push(a, b);
    await Promise.all([a.setCamera(true), a.setMic(true)]);
    await until(() => media.videoState === 'playing', 'video playing');
    await until(() => media.audioTime > 0.3, 'audio playing');
    if (pipeline.renderer === 'webcodecs') {
      // The sound plays in the page's one audio context, not in an element of its own.
      expect(media.audio.srcObject ?? media.audio.src).to.be.oneOf([null, '']);
      const output = media.audioOutput!;
      const analyser = output.context.createAnalyser();
      analyser.fftSize = 2048;
      output.connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let loudest = 0;
      // The fake microphone beeps: listen for a while, not one instant.
      await until(() => {
        analyser.getFloatTimeDomainData(samples);
        for (const v of samples) loudest = Math.max(loudest, Math.abs(v));
        return loudest > 0.05;
      }, `the beep heard at B's audio output (loudest ${loudest.toFixed(3)})`);
      output.disconnect(analyser);
    } else {
      expect(media.audioOutput, 'MSE sound plays in its element').to.equal(undefined);
      expect(media.audio.paused).to.equal(false);
    }

    await a.setMic(false);
    await videoAdvances(media.video, 0.5);
    await a.setMic(true);
    await videoAdvances(media.video, 0.5);

    await a.setCamera(false);
    const t = media.audioTime;
    await until(() => media.audioTime > t + 0.5, 'audio keeps playing with the camera off');
  });

  it('a late joiner decodes the cached stream without an error', async () => {
    const room = uniqueRoom('late');
    const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada', publisher: { encoder: pipeline.encoder } });
    sessions.push(a);
    await a.join();
    await a.setCamera(true);
    await sleep(2500);
    const late = new MeetingSession({ server: RELAY_URL, room, name: 'Late', renderer: pipeline.renderer });
    sessions.push(late);
    await late.join();
    const media = await until(() => late.media(a.self!.id), 'late joiner sees A');
    await until(() => media.videoState === 'playing', 'late joiner plays');
    await videoAdvances(media.video);
    expect(media.video.error).to.equal(null);
  });

  // Keyframes only every 10 s, so the one that follows the request is the request's.
  const restarts = pipeline.encoder === 'mediarecorder';
  it(restarts
    ? 'a keyframe request restarts the recorder within its epoch: the playing viewer keeps its pipeline'
    : 'a keyframe request makes the next encoded frame a keyframe, with no restart: the playing viewer keeps its pipeline', async () => {
    const { a, b, aId, room, media } = await pair(pipeline, 10_000);
    sessions.push(a, b);
    const connections: string[] = [];
    a.addEventListener('change', (e) => e.kind === 'connection' && connections.push(a.connection));
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
    await sleep(200); // the cached group is through: what follows is live
    const source = sourceOf(media.video);
    const states = new Set<string>();
    const sampler = setInterval(() => states.add(media.videoState), 10);
    try {
      const asked = frames.length;
      ws.send(JSON.stringify({ type: 'keyframe-request', to: aId, track: 'video' }));
      const inits = () => frames.filter((f) => f.init);
      const keyframe = await until(() => frames.slice(asked).find((f) => f.keyframe), 'a keyframe after the request');
      const before = frames.slice(0, frames.indexOf(keyframe)).filter((f) => f.keyframe).at(-1)!;
      // Seen once in a full run (epoch 2 after 1): say what the new epoch began with.
      const initOf = (epoch: number) => hex(inits().find((f) => f.epoch === epoch)?.payload);
      expect(keyframe.epoch, `same epoch (A's connection changes: ${JSON.stringify(connections)}; inits ${initOf(before.epoch)} / ${initOf(keyframe.epoch)})`).to.equal(before.epoch);
      expect(clusterTimecode(keyframe.payload), 'the timeline carries on').to.be.greaterThan(clusterTimecode(before.payload));
      const previous = frames[frames.indexOf(keyframe) - 1]!;
      if (restarts) {
        // The new recorder's init is repeated (the same bytes), right before its keyframe.
        expect(previous.init, 'the restarted recorder sends its init').to.equal(true);
        expect(previous.payload, 'same init bytes').to.deep.equal(inits()[0]!.payload);
      } else {
        expect(inits().length, 'no init: the encoder never restarted').to.equal(1);
        expect(previous.init).to.equal(false);
      }
      await videoAdvances(media.video, 1);
    } finally {
      clearInterval(sampler);
      ws.close();
    }
    expect([...states], 'states of the viewer meanwhile').to.deep.equal(['playing']);
    expect(sourceOf(media.video), 'the same MediaSource or generated track').to.equal(source);
  });
});

describe('a session taking over a socket joined before it (what <meet-room> does while its media code loads)', () => {
  const closing: { leave?: () => void; close?: () => void }[] = [];
  afterEach(() => closing.splice(0).forEach((c) => (c.leave ? c.leave() : c.close?.())));

  it('is in the room before join(), holds what arrives, then hands it all over in order and plays', async () => {
    const room = uniqueRoom('prejoin');
    const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada' });
    closing.push(a);
    await a.join();
    await a.setCamera(true);
    const aId = a.self!.id;

    const signaling = new SignalingClient(RELAY_URL);
    closing.push(signaling);
    const seen: string[] = [];
    const frames: MediaFrameMessage[] = [];
    signaling.addEventListener('connectionchange', (e) => seen.push(e.connection));
    signaling.addEventListener('message', (e) => seen.push(e.message.type));
    signaling.addEventListener('frame', (e) => frames.push(e.frame));
    signaling.preJoin(joinMessage({ room, name: 'Bob' }, { camera: false, mic: false }));
    const bob = await until(() => a.participants.find((p) => p.name === 'Bob'), 'A sees Bob join before his session exists');
    await sleep(500); // Ada's video keeps coming meanwhile
    expect(seen, 'nothing handled while held').to.deep.equal([]);
    expect(frames.length).to.equal(0);
    expect(signaling.connection).to.equal('connecting');

    const b = new MeetingSession({ server: RELAY_URL, room, name: 'Bob', signaling });
    closing.push(b);
    const joined = b.join();
    // Handed over at once, in the order it came: connecting, the welcome (open), then Ada's video from its init segment.
    expect(seen.slice(0, 3)).to.deep.equal(['connecting', 'open', 'welcome']);
    const video = frames.filter((f) => f.track === 'video' && f.sender === aId);
    expect(video.length, 'the video that came while held').to.be.greaterThan(0);
    expect(video[0]!.init, 'starting with the init segment').to.equal(true);
    await joined;
    expect(b.self!.id, 'the same participant A saw join').to.equal(bob.id);
    expect(b.connection).to.equal('open');
    const media = await until(() => b.media(aId), 'B has A');
    await until(() => media.videoState === 'playing', "A's video playing at B");
    await videoAdvances(media.video);
  });

  it('leaves the room at once when closed before join()', async () => {
    const room = uniqueRoom('prejoin-close');
    const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada' });
    closing.push(a);
    await a.join();
    const signaling = new SignalingClient(RELAY_URL);
    signaling.preJoin(joinMessage({ room, name: 'Bob' }, { camera: false, mic: false }));
    await until(() => a.participants.some((p) => p.name === 'Bob'), 'A sees Bob');
    signaling.close();
    await until(() => !a.participants.some((p) => p.name === 'Bob'), 'A sees Bob leave');
    expect(signaling.connection).to.equal('closed');
  });
});

/** The video player inside a RemoteMedia (private: a test reads which renderer and epoch). */
const videoPlayer = (media: RemoteMedia) => (media as unknown as { players: { video: Player } }).players.video;

/** The Timecode of the Cluster a keyframe frame starts with (Cluster header of unknown size, then Timecode). */
function clusterTimecode(payload: Uint8Array): number {
  expect([...payload.subarray(0, 4)]).to.deep.equal([0x1f, 0x43, 0xb6, 0x75]);
  expect(payload[12]).to.equal(0xe7);
  const size = payload[13]! & 0x7f;
  return payload.subarray(14, 14 + size).reduce((n, byte) => n * 256 + byte, 0);
}
