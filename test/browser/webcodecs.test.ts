import { expect } from '@open-wc/testing';
import { EncodeLadder, LADDER_DEFAULTS } from '../../src/core/encode-ladder.js';
import { MAX_ENCODE, MAX_SCREEN_ENCODE, encodeSize } from '../../src/core/encoder-track.js';
import { MsePlayer, type MediaFrame, type MediaPlayerEventMap } from '../../src/core/player/index.js';
import { WebCodecsPlayer, canDecode, webCodecsCanRead } from '../../src/core/player/webcodecs-player.js';
import { WebmBlockReader } from '../../src/core/webm/blocks.js';
import { WebmMuxer } from '../../src/core/webm/muxer.js';
import { BT601 } from '../../src/core/webm/colour.js';
import { presentedFrames, sleep, until, videoAdvances } from './helpers.js';

const FRAME_MS = 50;
const VP8 = 'video/webm;codecs=vp8';

/**
 * `seconds` of a moving test card, encoded by a real VP8 VideoEncoder (a keyframe every
 * `keyEvery` frames) and framed by the WebmMuxer: exactly what a WebCodecs sender puts on
 * the wire for one epoch.
 */
async function encodeCard(seconds: number, keyEvery = 20, size = { width: 320, height: 180 }) {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const g = canvas.getContext('2d')!;
  const chunks: { data: Uint8Array; timestamp: number; key: boolean }[] = [];
  const encoder = new VideoEncoder({
    output: (chunk) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ data, timestamp: chunk.timestamp, key: chunk.type === 'key' });
    },
    error: (e) => {
      throw e;
    },
  });
  encoder.configure({ codec: 'vp8', ...size, bitrate: 500_000, framerate: 1000 / FRAME_MS, latencyMode: 'realtime' });
  const count = Math.round((seconds * 1000) / FRAME_MS);
  for (let i = 0; i < count; i++) {
    g.fillStyle = `hsl(${(i * 9) % 360} 80% 50%)`;
    g.fillRect(0, 0, size.width, size.height);
    g.fillStyle = '#fff';
    g.fillRect((i * 7) % size.width, 40, 40, 40);
    const frame = new VideoFrame(canvas, { timestamp: i * FRAME_MS * 1000 });
    encoder.encode(frame, { keyFrame: i % keyEvery === 0 });
    frame.close();
  }
  await encoder.flush();
  encoder.close();
  const muxer = new WebmMuxer({ codecId: 'V_VP8', ...size });
  return { muxer, chunks, frames: (epoch: number): MediaFrame[] => framesOf(muxer, chunks, epoch) };
}

function framesOf(muxer: WebmMuxer, chunks: { data: Uint8Array; timestamp: number; key: boolean }[], epoch: number): MediaFrame[] {
  const out: MediaFrame[] = [{ epoch, seq: 0, ...muxer.init() }];
  for (const c of chunks) out.push({ epoch, seq: out.length, ...muxer.frame(c.data, c.timestamp / 1000, c.key) });
  return out;
}

/** Pushes `frames` to `player` at the camera's pace, as the relay would deliver them live. */
function live(frames: MediaFrame[], push: (f: MediaFrame) => void) {
  let i = 0;
  let stopped = false;
  const done = (async () => {
    for (; i < frames.length && !stopped; i++) {
      push(frames[i]!);
      await sleep(FRAME_MS);
    }
  })();
  return { stop: () => (stopped = true), done, get index() { return i; } };
}

type Events = { [K in keyof MediaPlayerEventMap]: MediaPlayerEventMap[K][] };

describe('EncodeLadder (a sender that cannot keep up)', () => {
  const ok = { offered: 20, dropped: 0, backlog: 0 };
  const busy = { offered: 20, dropped: 5, backlog: 0 };

  it('steps down one step at once on dropped frames or a socket backlog, never twice within the hold', () => {
    const ladder = new EncodeLadder();
    expect(ladder.update(busy, 1000)).to.deep.equal(LADDER_DEFAULTS.steps[1]);
    expect(ladder.update(busy, 2000).fps, 'held').to.equal(LADDER_DEFAULTS.steps[1]!.fps);
    expect(ladder.update({ ...ok, backlog: 300 * 1024 }, 3000)).to.deep.equal(LADDER_DEFAULTS.steps[2]);
    expect(ladder.level).to.equal(2);
    // 15% is the line: 3 of 20 is not trouble.
    expect(ladder.update({ offered: 20, dropped: 3, backlog: 0 }, 5100).scale).to.equal(LADDER_DEFAULTS.steps[2]!.scale);
  });

  it('climbs one step after 8 s without trouble, and stops at both ends', () => {
    const ladder = new EncodeLadder();
    let t = 0;
    for (let i = 0; i < 10; i++) ladder.update(busy, (t += 2000));
    expect(ladder.level).to.equal(LADDER_DEFAULTS.steps.length - 1);
    const last = t;
    ladder.update(ok, last + 7000);
    expect(ladder.level, 'not yet').to.equal(LADDER_DEFAULTS.steps.length - 1);
    ladder.update(ok, last + 8000);
    expect(ladder.level).to.equal(LADDER_DEFAULTS.steps.length - 2);
    for (let i = 1; i < 10; i++) ladder.update(ok, last + 8000 * (i + 1));
    expect(ladder.level).to.equal(0);
    ladder.reset();
    expect(ladder.step).to.deep.equal(LADDER_DEFAULTS.steps[0]);
  });
});

describe('encodeSize (what the WebCodecs sender encodes)', () => {
  it('takes the 16:9 centre at even offsets, within 640x360, scaled by the step', () => {
    expect(encodeSize(640, 480, 1)).to.deep.equal({ rect: { x: 0, y: 60, width: 640, height: 360 }, width: 640, height: 360 });
    expect(encodeSize(1280, 720, 1)).to.deep.include({ width: MAX_ENCODE.width, height: MAX_ENCODE.height });
    expect(encodeSize(640, 480, 0.5)).to.deep.include({ width: 320, height: 180 });
    // Portrait: the full height is too tall for 16:9, so the width sets it.
    const portrait = encodeSize(480, 640, 1);
    expect(portrait.rect).to.deep.equal({ x: 0, y: 184, width: 480, height: 270 });
    for (const c of [encodeSize(641, 479, 0.75), encodeSize(333, 333, 1)]) {
      for (const n of [c.width, c.height, c.rect.x, c.rect.y]) expect(n % 2, `${JSON.stringify(c)} even`).to.equal(0);
    }
  });

  it('a shared screen: the whole frame, within 1280x720', () => {
    expect(encodeSize(1024, 768, 1, true)).to.deep.equal({ rect: { x: 0, y: 0, width: 1024, height: 768 }, width: 960, height: 720 });
    expect(encodeSize(1920, 1080, 1, true)).to.deep.include({ width: MAX_SCREEN_ENCODE.width, height: MAX_SCREEN_ENCODE.height });
    expect(encodeSize(800, 450, 1, true)).to.deep.include({ width: 800, height: 450 });
  });
});

describe('WebmMuxer and WebmBlockReader', function () {
  this.timeout(30000);

  it('frames encoded video so the reader gets back every frame, its time and its keyframe flag', async () => {
    const { chunks, frames } = await encodeCard(2, 10);
    const wire = frames(1);
    const reader = new WebmBlockReader();
    expect(reader.readInit(wire[0]!.data)).to.deep.equal([{ number: 1, type: 'video', codecId: 'V_VP8', width: 320, height: 180, colorSpace: BT601 }]);
    const blocks = wire.slice(1).flatMap((f) => reader.read(f.data));
    expect(blocks.map((b) => b.timestamp)).to.deep.equal(chunks.map((c) => Math.round(c.timestamp / 1000) * 1000));
    expect(blocks.map((b) => b.keyframe)).to.deep.equal(chunks.map((c) => c.key));
    expect(blocks.every((b, i) => b.data.length === chunks[i]!.data.length)).to.equal(true);
    // Each keyframe frame starts a Cluster (a late joiner can start there), and only those.
    expect(wire.slice(1).map((f) => f.keyframe)).to.deep.equal(chunks.map((c) => c.key));
    expect(chunks.filter((c) => c.key).length).to.equal(4);
  });

  it('says the colour of the frames in the init (VP8 has none in its bitstream), and reads it back', () => {
    const muxed = new WebmMuxer({ codecId: 'V_VP8', width: 640, height: 360, colorSpace: { matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: true } });
    const [track] = new WebmBlockReader().readInit(muxed.init().data);
    expect(track!.colorSpace).to.deep.equal({ matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: true });
  });

  it('the same init bytes for the same codec and size (a restart repeats it)', () => {
    const a = new WebmMuxer({ codecId: 'V_VP8', width: 640, height: 360 }).init().data;
    const b = new WebmMuxer({ codecId: 'V_VP8', width: 640, height: 360 }).init().data;
    const c = new WebmMuxer({ codecId: 'V_VP8', width: 480, height: 270 }).init().data;
    expect(a).to.deep.equal(b);
    expect(a).to.not.deep.equal(c);
  });

  it('two frames in one millisecond: the second is written 1 ms later, and MSE buffers from the keyframe at once', async () => {
    // A capture's first two frames can come less than 0.5 ms apart. Written at the same
    // millisecond, Firefox's MSE let the second replace the keyframe and buffered nothing
    // until the next keyframe, a second later.
    const { chunks } = await encodeCard(1, 20);
    const muxer = new WebmMuxer({ codecId: 'V_VP8', width: 320, height: 180 });
    const times = [0, 0.3, ...chunks.slice(2).map((c) => c.timestamp / 1000)];
    const frames = [muxer.init(), ...chunks.map((c, i) => muxer.frame(c.data, times[i]!, c.key))];
    const reader = new WebmBlockReader();
    reader.readInit(frames[0]!.data);
    const stamps = frames.slice(1).flatMap((f) => reader.read(f.data)).map((b) => b.timestamp / 1000);
    expect(stamps.slice(0, 3)).to.deep.equal([0, 1, FRAME_MS * 2]);
    const ms = new MediaSource();
    const el = document.createElement('video');
    el.src = URL.createObjectURL(ms);
    try {
      await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
      const sb = ms.addSourceBuffer('video/webm;codecs="vp8"');
      for (const f of frames.slice(0, 4)) {
        sb.appendBuffer(f.data as Uint8Array<ArrayBuffer>);
        await new Promise((r) => sb.addEventListener('updateend', r, { once: true }));
      }
      expect(el.buffered.length, 'buffered after the init and three frames').to.equal(1);
      expect(el.buffered.start(0)).to.equal(0);
    } finally {
      URL.revokeObjectURL(el.src);
    }
  });

  it('MSE plays the muxed stream (a WebCodecs sender to an MSE viewer, in every browser)', async () => {
    const { frames } = await encodeCard(3, 20);
    const el = document.createElement('video');
    document.body.append(el);
    const player = new MsePlayer(el, { kind: 'video' });
    player.mimeType = VP8;
    const feed = live(frames(1), (f) => player.push(f));
    try {
      await until(() => player.state === 'playing', 'MSE playing', 10000);
      await videoAdvances(el, 0.5);
      expect(el.videoWidth).to.equal(320);
    } finally {
      feed.stop();
      player.dispose();
      el.remove();
    }
  });
});

if (canDecode('video')) describe('WebCodecsPlayer', function () {
  this.timeout(60000);
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

  function setup(options: { stallTimeout?: number } = {}) {
    const el = document.createElement('video');
    el.style.width = '320px';
    document.body.append(el);
    const player = new WebCodecsPlayer(el, { kind: 'video', ...options });
    player.mimeType = VP8;
    const events: Events = { firstframe: [], statechange: [], error: [], keyframeneeded: [] };
    for (const type of Object.keys(events) as (keyof Events)[]) player.addEventListener(type, (e) => (events[type] as Event[]).push(e));
    cleanups.push(() => {
      player.dispose();
      el.remove();
    });
    return { el, player, events };
  }

  it('reads WebM of the codecs it decodes, and leaves MP4 and H.264 to MSE', () => {
    for (const ok of ['video/webm;codecs=vp8', 'video/webm', 'audio/webm;codecs=opus', 'video/x-matroska;codecs=vp9', 'video/webm;codecs="vp09.00.10.08"']) {
      expect(webCodecsCanRead(ok), ok).to.equal(true);
    }
    for (const no of ['video/mp4', 'video/x-matroska;codecs=avc1', 'audio/mp4;codecs=mp4a.40.2']) expect(webCodecsCanRead(no), no).to.equal(false);
  });

  it('loading until the first frame is shown, then playing; off at once on stop, the closed epoch ignored, the next one plays', async () => {
    const { frames } = await encodeCard(4);
    const { el, player, events } = setup();
    const feed = live(frames(1), (f) => player.push(f));
    cleanups.push(feed.stop);
    await until(() => player.state !== 'off', 'the epoch starts');
    expect(player.state).to.equal('loading');
    await until(() => player.state === 'playing', 'playing');
    expect(events.firstframe).to.have.length(1);
    expect(events.firstframe[0]!.epoch).to.equal(1);
    expect((el.srcObject as MediaStream).getVideoTracks()).to.have.length(1);
    await videoAdvances(el, 0.3);
    expect(el.videoWidth).to.equal(320);

    const generated = (el.srcObject as MediaStream).getVideoTracks()[0]!;
    const presented = presentedFrames(el);
    cleanups.push(presented.stop);
    await sleep(300);
    expect(presented.count, 'the presented-frame counter counts while playing').to.be.greaterThan(0);
    player.stop();
    expect(player.state, 'off at once').to.equal('off');
    const shown = presented.count;
    await sleep(300); // epoch 1 frames keep coming and are dropped
    expect(player.state).to.equal('off');
    expect(presented.count, 'no frame shown after stop').to.be.at.most(shown + 1);
    feed.stop();

    const next = live(frames(2), (f) => player.push(f));
    cleanups.push(next.stop);
    await until(() => player.state === 'playing', 'the next epoch plays');
    expect(player.epoch).to.equal(2);
    expect(events.statechange.map((e) => e.state)).to.deep.equal(['loading', 'playing', 'off', 'loading', 'playing']);
    expect(events.error).to.have.length(0);
    await videoAdvances(el, 0.3);
    // One generated track for the player's life: no new media player per epoch in the element.
    expect((el.srcObject as MediaStream).getVideoTracks()[0]).to.equal(generated);
    player.dispose();
    expect(el.srcObject, 'released on dispose').to.equal(null);
  });

  it('a corrupt frame: error, a keyframe request, then playing again from the next keyframe', async () => {
    const { frames } = await encodeCard(4, 20);
    const { el, player, events } = setup();
    const wire = frames(1);
    const feed = live(wire, (f) => player.push(f));
    cleanups.push(feed.stop);
    await until(() => player.state === 'playing', 'playing');
    // Not WebM: what a broken network or recorder would deliver.
    player.push({ epoch: 1, seq: 1e6, init: false, keyframe: false, data: new Uint8Array(512).map((_, i) => (i * 37 + 11) & 0xff) });
    expect(player.state).to.equal('error');
    expect(events.error.map((e) => e.reason)).to.deep.equal(['decode']);
    expect(events.keyframeneeded.map((e) => e.cause)).to.deep.equal(['decode']);
    await until(() => player.state === 'playing', 'playing again at the next keyframe');
    expect(events.firstframe.map((e) => e.resync)).to.deep.equal([false, true]);
    await videoAdvances(el, 0.3);
  });

  it('a video scrolled out of view (no frame callbacks) still reaches playing', async () => {
    const { frames } = await encodeCard(3);
    const { el, player } = setup();
    el.style.cssText = 'position: absolute; top: 5000px; width: 320px';
    const feed = live(frames(1), (f) => player.push(f));
    cleanups.push(feed.stop);
    await until(() => player.state === 'playing', 'playing while out of view');
    expect(el.videoWidth).to.equal(320);
  });

  it('a stream without its keyframe (a missed one) stays loading, asks for a keyframe after stallTimeout, and plays from the one that comes', async () => {
    const { frames } = await encodeCard(3, 30);
    const { el, player, events } = setup({ stallTimeout: 500 });
    const wire = frames(1);
    // The init, then the group's delta frames only: nothing can be decoded.
    const deltas = wire.slice(2, 30);
    const feed = live([wire[0]!, ...deltas], (f) => player.push(f));
    cleanups.push(feed.stop);
    await until(() => events.keyframeneeded.length > 0, 'a keyframe request', 5000);
    expect(events.keyframeneeded[0]!.cause).to.equal('stall');
    expect(player.state).to.equal('loading');
    feed.stop();
    // The sender answers with its next keyframe group.
    const rest = live(wire.slice(30), (f) => player.push(f));
    cleanups.push(rest.stop);
    await until(() => player.state === 'playing', 'playing from the keyframe that came');
    await videoAdvances(el, 0.3);
  });

  it('a backlog (a late join, a burst after a stall) is caught up at once: the newest frame is shown, not the oldest', async () => {
    const { frames } = await encodeCard(4, 20);
    const { el, player } = setup();
    const wire = frames(1);
    // Two seconds arrive at once, then the rest live.
    for (const f of wire.slice(0, 41)) player.push(f);
    const feed = live(wire.slice(41), (f) => player.push(f));
    cleanups.push(feed.stop);
    await until(() => player.state === 'playing', 'playing');
    await videoAdvances(el, 0.2);
    expect(player.lag, 'seconds behind the newest frame').to.be.lessThan(0.15);
  });

  it('an announced type it cannot read is an unsupported error, and the epoch is dropped', async () => {
    const { frames } = await encodeCard(1);
    const { player, events } = setup();
    player.mimeType = 'video/mp4;codecs=avc1.42E01E';
    for (const f of frames(1)) player.push(f);
    expect(player.state).to.equal('error');
    expect(events.error.map((e) => e.reason)).to.deep.equal(['unsupported']);
    expect(events.error[0]!.message).to.contain('video/mp4');
    player.mimeType = VP8;
    const feed = live(frames(2), (f) => player.push(f));
    cleanups.push(feed.stop);
    await until(() => player.state === 'playing', 'the next epoch of a readable type plays');
  });
});
