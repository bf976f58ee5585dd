import { expect } from '@open-wc/testing';
import { Publisher, type PublisherSink } from '../../src/core/publisher.js';
import { decodeFrame, type StateUpdateMessage } from '../../src/protocol/index.js';
import { meanColour, sleep, until } from './helpers.js';
import { isFirefox } from './browser-env.js';
import { ENCODER_MIME, encodeSource } from '../../src/core/encoder-track.js';
import { WebmBlockReader } from '../../src/core/webm/blocks.js';
import { acquireAudio, releaseAudio } from '../../src/core/audio-output.js';

/**
 * A recording sink: real camera, real MediaRecorder, real normalizer; only the socket is
 * replaced, so the test can hold `bufferedAmount` high like a congested connection.
 */
function recordingSink() {
  const states: Omit<StateUpdateMessage, 'type'>[] = [];
  const frames: ReturnType<typeof decodeFrame>[] = [];
  const sink: PublisherSink & { buffered: number } = {
    buffered: 0,
    get bufferedAmount() {
      return this.buffered;
    },
    sendState: (s) => void states.push(s),
    sendFrame: (bytes) => {
      frames.push(decodeFrame(bytes));
      return true;
    },
  };
  const track = (kind: 'video' | 'audio') => frames.filter((f) => typeof f !== 'string' && f.track === kind) as Exclude<ReturnType<typeof decodeFrame>, string>[];
  const video = () => track('video');
  const audio = () => track('audio');
  return { sink, states, video, audio };
}

describe('Publisher', () => {
  let publisher: Publisher | undefined;
  afterEach(() => publisher?.dispose());

  it('signals camera on before its first frame, starting with an init frame and a keyframe', async () => {
    const { sink, states, video } = recordingSink();
    publisher = new Publisher(sink);
    await publisher.setCamera(true);
    expect(states[0]).to.include({ camera: true });
    await until(() => video().length > 3, 'video frames');
    const [first, second] = video();
    expect(first!.init).to.equal(true);
    expect(second!.keyframe).to.equal(true);
    expect(first!.epoch).to.equal(1);
    expect(publisher.videoTrack!.readyState).to.equal('live');
  });

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  /** Durations (ms) of the Opus packets of `frames` (one epoch, init first). */
  function packetMs(frames: { init: boolean; payload: Uint8Array }[]): number[] {
    const reader = new WebmBlockReader();
    reader.readInit(frames.find((f) => f.init)!.payload);
    const blocks = frames.filter((f) => !f.init).flatMap((f) => reader.read(f.payload));
    return blocks.slice(1).map((b, i) => Math.round((b.timestamp - blocks[i]!.timestamp) / 1000));
  }

  // Chromium's recorder makes 60 ms Opus packets, heard 73 ms later than 20 ms ones (bench/av-sync.mjs).
  if (encodeSource() === 'processor') it('auto sends the microphone through the AudioEncoder (20 ms packets) while the page audio context runs, through the recorder (60 ms) while it is held suspended; each a new epoch', async () => {
    const { sink, audio } = recordingSink();
    const context = acquireAudio();
    try {
      await context.suspend();
      publisher = new Publisher(sink);
      await publisher.setMic(true);
      await until(() => audio().filter((f) => !f.init).length > 6, 'sound from the recorder');
      const first = audio();
      expect(new Set(first.map((f) => f.epoch))).to.deep.equal(new Set([1]));
      // The median: a loaded machine's recorder stamps a packet a few ms off now and then.
      expect(median(packetMs(first)), 'the recorder\'s packets').to.equal(60);
      await publisher.setMic(false);
      await context.resume();
      await publisher.setMic(true);
      await until(() => audio().filter((f) => f.epoch === 2 && !f.init).length > 10, 'sound from the AudioEncoder');
      const second = audio().filter((f) => f.epoch === 2);
      expect(second[0]!.init, 'the new epoch starts with its init').to.equal(true);
      expect(median(packetMs(second)), 'the AudioEncoder\'s packets').to.equal(20);
      expect(audio().every((f) => f.epoch <= 2)).to.equal(true);
    } finally {
      releaseAudio();
    }
  });

  it('camera off signals first, then stops the camera track and sends nothing more', async () => {
    const { sink, states, video } = recordingSink();
    publisher = new Publisher(sink);
    await publisher.setCamera(true);
    const track = publisher.videoTrack!;
    await until(() => video().length > 3, 'video frames');
    await publisher.setCamera(false);
    expect(states.at(-1)).to.deep.equal({ camera: false });
    expect(track.readyState).to.equal('ended', 'the camera light goes out');
    const sent = video().length;
    await sleep(400);
    expect(video().length).to.equal(sent);
  });

  it('keyframe requests restart the recorder within its epoch, at most once per interval', async () => {
    const { sink, video } = recordingSink();
    // Its own keyframes every 10 s: a request is worth a restart.
    publisher = new Publisher(sink, { encoder: 'mediarecorder', keyFrameInterval: 10_000, keyframeRequestInterval: 500 });
    await publisher.setCamera(true);
    await until(() => video().length > 2, 'first epoch frames');
    await sleep(600); // past the interval since the camera's own start
    const inits = () => video().filter((f) => f.init);
    const started = performance.now();
    // Twenty joiners asking at once, then more during the cooldown. Not waiting for the first
    // restart's init in between: on a loaded machine it came after the cooldown had ended.
    for (let i = 0; i < 20; i++) publisher.requestKeyframe('video');
    await sleep(100);
    for (let i = 0; i < 20; i++) publisher.requestKeyframe('video');
    await until(() => inits().length >= 3, 'the first restart and the merged second one');
    expect(performance.now() - started).to.be.greaterThan(450, 'the second restart waited for the interval');
    await sleep(700);
    expect(inits().length).to.equal(3, 'forty requests made exactly two restarts');
    // Spliced: one epoch, one sequence, and every restart repeats the init and starts on a keyframe.
    const frames = video();
    expect(new Set(frames.map((f) => f.epoch))).to.deep.equal(new Set([1]));
    expect(frames.map((f) => f.seq)).to.deep.equal(frames.map((_, i) => i));
    for (const init of inits()) {
      expect(init.payload).to.deep.equal(inits()[0]!.payload);
      expect(frames[frames.indexOf(init) + 1]?.keyframe, 'a keyframe after each init').to.equal(true);
    }
  });

  // Chromium only: Firefox's recorder ignores the keyframe interval (a keyframe every ~7.5 s).
  if (!isFirefox) it('a recorder whose own keyframes come every second is not restarted by keyframe requests', async () => {
    const { sink, video } = recordingSink();
    publisher = new Publisher(sink, { encoder: 'mediarecorder', keyframeRequestInterval: 0 });
    await publisher.setCamera(true);
    await until(() => video().filter((f) => f.keyframe).length >= 2, 'two keyframes of its own');
    for (let i = 0; i < 5; i++) {
      publisher.requestKeyframe('video');
      await sleep(200);
    }
    expect(video().filter((f) => f.init).length, 'never restarted').to.equal(1);
    await until(() => video().filter((f) => f.keyframe).length >= 3, 'the next keyframe of its own');
  });

  // Chromium feeds the encoder from a track processor, Firefox from a <video> (as WebKit does).
  if (encodeSource()) describe(`WebCodecs encoder (frames from ${encodeSource() === 'processor' ? 'a track processor' : 'a <video>'})`, () => {
    const reader = () => new WebmBlockReader();

    it('sends a 16:9 stream of at most 640x360, and a keyframe request is the next frame, in the same epoch', async () => {
      const { sink, states, video } = recordingSink();
      publisher = new Publisher(sink, { encoder: 'webcodecs', keyFrameInterval: 10_000, keyframeRequestInterval: 200 });
      await publisher.setCamera(true);
      expect(states[0]).to.include({ camera: true, video: ENCODER_MIME });
      await until(() => video().length > 10, 'video frames');
      const [init, first] = video();
      expect(init!.init).to.equal(true);
      expect(first!.keyframe).to.equal(true);
      const [track] = reader().readInit(init!.payload);
      // The fake camera is 640x480: its 16:9 centre.
      expect(track).to.include({ codecId: 'V_VP8', width: 640, height: 360 });
      await sleep(250); // past the request interval since the camera's start
      const asked = video().length;
      publisher.requestKeyframe('video');
      const key = await until(() => video().slice(asked).find((f) => f.keyframe), 'a keyframe after the request');
      expect(video().indexOf(key) - asked, 'within two frames of the request').to.be.lessThan(3);
      expect(video().filter((f) => f.init).length, 'no restart').to.equal(1);
      expect(new Set(video().map((f) => f.epoch))).to.deep.equal(new Set([1]));
      expect(video().map((f) => f.seq)).to.deep.equal(video().map((_, i) => i));
    });

    it('camera off then on: the new epoch starts at time 0 with a keyframe of the camera, never the warm-up encoder\'s blank frame', async () => {
      const { sink, video } = recordingSink();
      publisher = new Publisher(sink, { encoder: 'webcodecs', keyFrameInterval: 10_000 });
      await publisher.setCamera(true);
      await until(() => video().length > 5, 'video frames');
      await publisher.setCamera(false);
      await sleep(300); // the spare encoder warms up on its blank frame meanwhile
      const before = video().length;
      await publisher.setCamera(true);
      await until(() => video().slice(before).length > 8, 'video frames after camera on');
      const again = video().slice(before);
      expect(again[0]!.init, 'a new epoch starts with its init').to.equal(true);
      expect(new Set(again.map((f) => f.epoch)), 'one new epoch').to.deep.equal(new Set([2]));
      const blocks = new WebmBlockReader();
      const [track] = blocks.readInit(again[0]!.payload);
      const read = again.slice(1).flatMap((f) => blocks.read(f.payload));
      expect(read[0]!.keyframe, 'first frame is a keyframe').to.equal(true);
      expect(read[0]!.timestamp, 'first frame at time 0').to.equal(0);
      expect(read.filter((b) => b.keyframe).length, 'one keyframe (no blank one before it)').to.equal(1);
      for (let i = 1; i < read.length; i++) expect(read[i]!.timestamp).to.be.greaterThan(read[i - 1]!.timestamp);
      // What a viewer sees first: the fake camera's picture (green background), not black.
      const frame = await new Promise<VideoFrame>((resolve, reject) => {
        const decoder = new VideoDecoder({ output: resolve, error: reject });
        decoder.configure({ codec: 'vp8', codedWidth: track!.width!, codedHeight: track!.height! });
        decoder.decode(new EncodedVideoChunk({ type: 'key', timestamp: 0, data: read[0]!.data }));
        void decoder.flush();
      });
      const canvas = new OffscreenCanvas(frame.displayWidth, frame.displayHeight);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(frame, 0, 0);
      frame.close();
      const [, green] = meanColour(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
      // The blank frame is black (green ~0); the fake camera's picture averages ~150.
      expect(green, 'mean green of the first frame after camera on').to.be.greaterThan(80);
    });

    it('a socket falling behind lowers the frame rate, then the size (a new epoch), and frames keep coming', async () => {
      const { sink, video } = recordingSink();
      publisher = new Publisher(sink, { encoder: 'webcodecs' });
      await publisher.setCamera(true);
      await until(() => video().length > 10, 'video frames');
      // Below the cap that stops media (1 MiB), above the ladder's 256 KiB.
      sink.buffered = 400 * 1024;
      const smaller = await until(() => video().find((f) => f.init && f.epoch > 1), 'a smaller epoch', 15000);
      const [track] = reader().readInit(smaller.payload);
      expect(track!.width).to.be.lessThan(640);
      expect(track!.width! / track!.height!).to.be.closeTo(16 / 9, 0.02);
      const count = video().length;
      await sleep(1000);
      expect(video().length - count, 'frames in a second at the lower step').to.be.within(5, 16);
    });
  });

  it('a congested socket stops media, and it resumes with a new epoch once drained', async () => {
    const { sink, video } = recordingSink();
    publisher = new Publisher(sink, { maxBufferedAmount: 64 * 1024 });
    await publisher.setCamera(true);
    await until(() => video().length > 2, 'frames before congestion');
    sink.buffered = 10 * 1024 * 1024;
    await sleep(300);
    const during = video().length;
    await sleep(500);
    expect(video().length).to.equal(during, 'nothing sent while congested');
    sink.buffered = 0;
    await until(() => video().some((f) => f.epoch === 2 && f.init), 'a new epoch after draining');
    const resumed = video().filter((f) => f.epoch === 2);
    expect(resumed[0]!.init).to.equal(true);
  });

  it('toggling the microphone never restarts the video recorder', async () => {
    const { sink, video, audio } = recordingSink();
    publisher = new Publisher(sink);
    await publisher.setCamera(true);
    await publisher.setMic(true);
    await publisher.setMic(false);
    await publisher.setMic(true);
    await until(() => audio().some((f) => f.epoch === 2 && !f.init), 'audio of the second microphone epoch');
    const videoCount = video().length;
    await until(() => video().length > videoCount + 5, 'the camera still sending');
    expect(new Set(video().map((f) => f.epoch))).to.deep.equal(new Set([1]), 'one video epoch');
    expect(video().filter((f) => f.init)).to.have.length(1, 'one video init');
    expect(Math.max(...audio().map((f) => f.epoch))).to.equal(2, 'a new audio epoch per mic start');
    expect(publisher.camera).to.equal(true);
  });
});
