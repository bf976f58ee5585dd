import { expect } from '@open-wc/testing';
import { acquireAudio, releaseAudio } from '../../src/core/audio-output.js';
import { OPUS_MIME, OpusTrack, canEncodeSound } from '../../src/core/opus-track.js';
import type { RecordedFrame } from '../../src/core/recorder-track.js';
import { WebmBlockReader } from '../../src/core/webm/blocks.js';
import { WebCodecsPlayer } from '../../src/core/player/webcodecs-player.js';
import { concatBytes } from '../../src/core/webm/ebml.js';
import { sleep, until } from './helpers.js';

/**
 * The microphone path of browsers whose MediaRecorder makes no Opus WebM (WebKit): a real
 * AudioWorklet and AudioEncoder here (Chromium and Firefox have both), a 440 Hz tone as the
 * microphone. What goes on the wire must be what every player takes.
 */
describe('OpusTrack (AudioWorklet -> AudioEncoder -> WebM)', function () {
  this.timeout(20000);
  let frames: RecordedFrame[];
  let mimes: string[];

  before(async () => {
    expect(canEncodeSound(), 'AudioEncoder and AudioWorklet').to.equal(true);
    const context = acquireAudio();
    await context.resume();
    const tone = new OscillatorNode(context, { frequency: 440 });
    const gain = new GainNode(context, { gain: 0.5 });
    const out = new MediaStreamAudioDestinationNode(context);
    tone.connect(gain).connect(out);
    tone.start();
    frames = [];
    mimes = [];
    const errors: Error[] = [];
    const track = new OpusTrack({ onFrame: (f) => frames.push(f), onMimeType: (m) => mimes.push(m), onError: (e) => errors.push(e) });
    track.start(out.stream.getAudioTracks()[0]!);
    await until(() => frames.length > 0, 'the first frame');
    await sleep(2500);
    track.stop();
    const after = frames.length;
    await sleep(200);
    expect(frames.length, 'nothing after stop').to.equal(after);
    expect(errors).to.deep.equal([]);
    tone.stop();
    releaseAudio();
  });

  it('announces Opus WebM and starts its epoch with an init naming A_OPUS, its rate, channels and an OpusHead', () => {
    expect(mimes).to.deep.equal([OPUS_MIME]);
    expect(frames[0]!.init).to.equal(true);
    expect(frames.every((f) => f.epoch === frames[0]!.epoch)).to.equal(true);
    expect(frames.map((f) => f.seq)).to.deep.equal(frames.map((_, i) => i));
    const [track] = new WebmBlockReader().readInit(frames[0]!.data);
    expect(track).to.include({ type: 'audio', codecId: 'A_OPUS', channels: 1 });
    expect(track!.sampleRate).to.be.oneOf([44100, 48000]);
    expect(new TextDecoder().decode(track!.codecPrivate!.subarray(0, 8))).to.equal('OpusHead');
  });

  it('sends 20 ms packets in time order, every block a keyframe, a Cluster (a late joiner\'s start) about every second', () => {
    const reader = new WebmBlockReader();
    reader.readInit(frames[0]!.data);
    const blocks = frames.slice(1).flatMap((f) => reader.read(f.data));
    // How many depends on how fast a loaded machine runs the audio thread (97-125 in 2.5 s
    // seen); what they say does not.
    expect(blocks.length, 'packets: over a second of sound').to.be.greaterThan(50);
    expect(blocks.every((b) => b.keyframe)).to.equal(true);
    const gaps = blocks.slice(1).map((b, i) => (b.timestamp - blocks[i]!.timestamp) / 1000);
    // After the first: Firefox's encoder stamps its first packet a few ms after the input's start.
    expect([...new Set(gaps.slice(1).map(Math.round))], `every packet 20 ms after the last (gaps ${gaps.slice(0, 3).join(', ')} ...)`).to.deep.equal([20]);
    const seconds = (blocks.at(-1)!.timestamp - blocks[0]!.timestamp) / 1e6;
    const starts = frames.slice(1).filter((f) => f.keyframe).length;
    expect(starts, `Cluster starts in ${seconds.toFixed(2)} s`).to.equal(Math.floor(seconds) + 1);
    expect(frames[1]!.keyframe, 'the first frame after the init opens a Cluster').to.equal(true);
  });

  it('decodes back to the tone, every packet, with a decoder configured from the init', async () => {
    const reader = new WebmBlockReader();
    const [track] = reader.readInit(frames[0]!.data);
    const blocks = frames.slice(1).flatMap((f) => reader.read(f.data));
    let decoded = 0;
    let loudest = 0;
    const decoder = new AudioDecoder({
      output: (a) => {
        decoded += 1;
        const plane = new Float32Array(a.numberOfFrames);
        a.copyTo(plane, { planeIndex: 0, format: 'f32-planar' });
        loudest = Math.max(loudest, ...plane.map(Math.abs));
        a.close();
      },
      error: (e) => {
        throw e;
      },
    });
    decoder.configure({ codec: 'opus', sampleRate: track!.sampleRate!, numberOfChannels: track!.channels!, description: track!.codecPrivate });
    for (const b of blocks) decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: b.timestamp, data: b.data }));
    await decoder.flush();
    decoder.close();
    expect(decoded).to.equal(blocks.length);
    expect(loudest, 'the tone (gain 0.5) came through').to.be.within(0.3, 0.7);
  });

  it('a WebCodecs player given it all at once (a late join\'s backlog) hands on only the newest 40 ms, the rest would be heard late all epoch', async () => {
    const context = acquireAudio();
    const output = new GainNode(context);
    output.connect(context.destination);
    const audio = document.createElement('audio');
    const player = new WebCodecsPlayer(audio, { kind: 'audio', output });
    try {
      player.mimeType = OPUS_MIME;
      for (const f of frames) player.push(f);
      await until(() => player.played > 0, 'sound handed to the output');
      await sleep(300);
      // 2.5 s were pushed; the newest 40 ms (two or three 20 ms packets) are played.
      expect(player.played, 'seconds of sound handed on').to.be.within(0.02, 0.065);
    } finally {
      player.dispose();
      output.disconnect();
      releaseAudio();
    }
  });

  it('plays through MSE as a MediaRecorder\'s Opus WebM does', async () => {
    const ms = new MediaSource();
    const audio = document.createElement('audio');
    const url = URL.createObjectURL(ms);
    audio.src = url;
    try {
      await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
      const sb = ms.addSourceBuffer(OPUS_MIME);
      sb.appendBuffer(concatBytes(frames.map((f) => f.data)) as Uint8Array<ArrayBuffer>);
      await new Promise((resolve, reject) => (sb.addEventListener('updateend', resolve, { once: true }), sb.addEventListener('error', reject, { once: true })));
      const reader = new WebmBlockReader();
      reader.readInit(frames[0]!.data);
      const blocks = frames.slice(1).flatMap((f) => reader.read(f.data));
      const sent = (blocks.at(-1)!.timestamp - blocks[0]!.timestamp) / 1e6 + 0.02;
      expect(audio.buffered.length, 'one buffered range').to.equal(1);
      expect(audio.buffered.end(0) - audio.buffered.start(0), 'seconds buffered: all that was sent').to.be.closeTo(sent, 0.03);
    } finally {
      URL.revokeObjectURL(url);
    }
  });
});
