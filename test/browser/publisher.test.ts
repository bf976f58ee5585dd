import { expect } from '@open-wc/testing';
import { Publisher, type PublisherSink } from '../../src/core/publisher.js';
import { decodeFrame, type StateUpdateMessage } from '../../src/protocol/index.js';
import { sleep, until } from './helpers.js';

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
  const video = () => frames.filter((f) => typeof f !== 'string' && f.track === 'video') as Exclude<ReturnType<typeof decodeFrame>, string>[];
  return { sink, states, video };
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
    publisher = new Publisher(sink, { keyframeRequestInterval: 500 });
    await publisher.setCamera(true);
    await until(() => video().length > 2, 'first epoch frames');
    await sleep(600); // past the interval since the camera's own start
    const inits = () => video().filter((f) => f.init);
    const started = performance.now();
    // Twenty joiners asking at once, then more during the cooldown.
    for (let i = 0; i < 20; i++) publisher.requestKeyframe('video');
    await until(() => inits().length === 2, 'the first restart, at once');
    await sleep(100);
    for (let i = 0; i < 20; i++) publisher.requestKeyframe('video');
    await until(() => inits().length === 3, 'the merged second restart');
    expect(performance.now() - started).to.be.greaterThan(450, 'the second restart waited for the interval');
    await sleep(700);
    expect(inits().length).to.equal(3, 'forty requests made exactly two restarts');
    // Spliced: one epoch, one sequence, and every restart repeats the init and starts on a keyframe.
    expect(publisher.epoch('video')).to.equal(1);
    const frames = video();
    expect(new Set(frames.map((f) => f.epoch))).to.deep.equal(new Set([1]));
    expect(frames.map((f) => f.seq)).to.deep.equal(frames.map((_, i) => i));
    for (const init of inits()) {
      expect(init.payload).to.deep.equal(inits()[0]!.payload);
      expect(frames[frames.indexOf(init) + 1]?.keyframe, 'a keyframe after each init').to.equal(true);
    }
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
    const { sink } = recordingSink();
    publisher = new Publisher(sink);
    await publisher.setCamera(true);
    await publisher.setMic(true);
    await publisher.setMic(false);
    await publisher.setMic(true);
    expect(publisher.epoch('video')).to.equal(1);
    expect(publisher.epoch('audio')).to.equal(2);
    expect(publisher.camera).to.equal(true);
  });
});
