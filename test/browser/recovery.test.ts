import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
import type { Player } from '../../src/core/player/index.js';
import type { RemoteMedia, VideoState } from '../../src/core/remote-media.js';
import { RELAY_URL, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';

/** The video player inside a RemoteMedia (private: a test reaches in to corrupt its input). */
const videoPlayer = (media: RemoteMedia) => (media as unknown as { players: { video: Player } }).players.video;

/** Every video state a RemoteMedia goes through, in order. */
function videoStates(media: RemoteMedia): VideoState[] {
  const seen: VideoState[] = [media.videoState];
  media.addEventListener('change', () => {
    if (seen.at(-1) !== media.videoState) seen.push(media.videoState);
  });
  return seen;
}

describe('failure on one tile, recovery by itself', () => {
  const sessions: MeetingSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.leave()));

  async function join(room: string, name: string, camera = false) {
    const s = new MeetingSession({ server: RELAY_URL, room, name });
    sessions.push(s);
    await s.join();
    if (camera) await s.setCamera(true);
    return s;
  }

  it('a decode error on one remote video: error, then a keyframe request, then playing again; the other video never stops and the same person\'s sound plays on', async () => {
    const room = uniqueRoom('decode');
    const a = await join(room, 'Ada', true);
    await a.setMic(true);
    const c = await join(room, 'Cy', true);
    const b = await join(room, 'Bob');
    const [ofA, ofC] = [await until(() => b.media(a.self!.id), 'B sees A'), await until(() => b.media(c.self!.id), 'B sees C')];
    document.body.append(ofA.video, ofC.video);
    await until(() => ofA.videoState === 'playing' && ofC.videoState === 'playing', 'both videos playing at B', 20000);
    await videoAdvances(ofA.video);
    await until(() => ofA.audioTime > 0.2, "A's sound plays at B");
    const aStates = videoStates(ofA);
    const cStates = videoStates(ofC);
    const player = videoPlayer(ofA);
    const epoch = player.epoch;

    // Bytes that are not WebM, in the middle of A's stream, as a corrupt network or recorder would give.
    const junk = new Uint8Array(4096).map((_, i) => (i * 37 + 11) & 0xff);
    ofA.push({ track: 'video', sender: a.self!.id, epoch, seq: 1e6, init: false, keyframe: false, payload: junk });
    await until(() => aStates.includes('error') || aStates.includes('loading'), "A's video at B shows the failure");
    // Video trouble is not sound trouble: A's voice plays on, never restarted, while A's video
    // fails and recovers (sampled every 20 ms: what A's sound has played, and A's video state).
    const heard = ofA.audioTime;
    const sound: [number, VideoState][] = [];
    const sampler = setInterval(() => sound.push([ofA.audioTime, ofA.videoState]), 20);
    await until(() => ofA.videoState === 'playing', "A's video at B plays again (A restarted its recorder for a keyframe)", 20000);
    await videoAdvances(ofA.video);
    expect(ofA.video.error).to.equal(null);
    expect(player.epoch, 'the restart was spliced into the epoch').to.equal(epoch);
    await until(() => ofA.audioTime > heard + 0.5, "A's sound at B played on through the failure");
    clearInterval(sampler);
    const resets = sound.filter(([t], i) => t < (sound[i - 1]?.[0] ?? heard));
    expect(resets, "A's sound never started over").to.deep.equal([]);
    const broken = sound.filter(([, state]) => state !== 'playing').map(([t]) => t);
    // While the video was broken for long enough to tell (200 ms), the sound advanced.
    if (broken.length >= 10) expect(broken.at(-1)! - broken[0]!, "A's sound advanced while A's video was broken").to.be.greaterThan(0);
    console.log(`A's video at B after junk: ${aStates.join(' -> ')}; A's sound: +${(ofA.audioTime - heard).toFixed(2)} s, ${broken.length} samples while broken`);
    expect(aStates[0]).to.equal('playing');
    expect(aStates.at(-1)).to.equal('playing');

    // C's tile at B was never touched.
    expect(cStates).to.deep.equal(['playing']);
    const t = ofC.video.currentTime;
    await until(() => ofC.video.currentTime > t + 0.5, "C's video still advancing");
    ofA.video.remove();
    ofC.video.remove();
  });

  // Chromium only: the test simulates the unplug with a synthetic `ended` event, and Firefox
  // (ESR 153) calls no listener for a synthetic event dispatched on a MediaStreamTrack, live or
  // stopped (checked with a listener of the test's own). A page cannot end a device's track
  // any other way, so there is nothing to drive in Firefox.
  it('a camera unplugged mid-call with no other camera to take over is signaled off; the microphone stays on', async () => {
    const room = uniqueRoom('unplug');
    const a = await join(room, 'Ada', true);
    await a.setMic(true);
    const b = await join(room, 'Bob');
    const ofA = await until(() => b.media(a.self!.id), 'B sees A');
    await until(() => ofA.videoState === 'playing', 'A playing at B', 20000);
    const errors: [string, string][] = [];
    a.addEventListener('deviceerror', (e) => errors.push([e.device, e.cause.message]));
    const fallbacks: string[] = [];
    a.addEventListener('devicefallback', (e) => fallbacks.push(e.device));

    // What the browser does when the only camera goes away: capture stops, `ended` fires, and
    // no camera can be opened in its place (devices.test.ts has the case where one can).
    const original = Object.getOwnPropertyDescriptor(navigator.mediaDevices, 'getUserMedia');
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    try {
      const track = a.localVideoTrack!;
      track.stop();
      track.dispatchEvent(new Event('ended'));
      await until(() => ofA.videoState === 'off', "B shows A's avatar");
    } finally {
      if (original) Object.defineProperty(navigator.mediaDevices, 'getUserMedia', original);
      else delete (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia;
    }
    expect(b.participants.find((p) => p.id === a.self!.id)).to.include({ camera: false, mic: true });
    expect(a.self).to.include({ camera: false, mic: true });
    expect(a.localVideoTrack).to.equal(undefined);
    expect(errors).to.deep.equal([['camera', 'camera stopped']], 'one deviceerror, with its device and cause');
    expect(fallbacks).to.deep.equal([]);
    const heard = ofA.audioTime;
    await until(() => ofA.audioTime > heard + 0.5, "A's sound still plays at B");
  });

  it('a camera that cannot be turned on: setCamera rejects with the browser\'s error, name kept, and no deviceerror', async () => {
    const original = Object.getOwnPropertyDescriptor(navigator.mediaDevices, 'getUserMedia');
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    try {
      const a = await join(uniqueRoom('denied'), 'Ada');
      const events: string[] = [];
      a.addEventListener('deviceerror', (e) => events.push(e.device));
      const error = await a.setCamera(true).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('NotAllowedError');
      expect(a.self!.camera).to.equal(false);
      await sleep(100);
      expect(events).to.deep.equal([], 'the rejection is the report');
    } finally {
      if (original) Object.defineProperty(navigator.mediaDevices, 'getUserMedia', original);
      else delete (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia;
    }
  });

  it('a hidden tab keeps remote sound and video playing, and video is near the live edge when shown again', async () => {
    const room = uniqueRoom('hidden');
    const a = await join(room, 'Ada', true);
    await a.setMic(true);
    const b = await join(room, 'Bob');
    const ofA = await until(() => b.media(a.self!.id), 'B sees A');
    document.body.append(ofA.video);
    await until(() => ofA.videoState === 'playing', 'A playing at B', 20000);
    await until(() => ofA.audioTime > 0.5, 'A heard at B');

    // Another tab in front: this one is really hidden (timers throttled, no rendering).
    const other = window.open('about:blank', '_blank')!;
    await until(() => document.visibilityState === 'hidden', 'the page is hidden');
    const heard = ofA.audioTime;
    await sleep(3000);
    const heardHidden = ofA.audioTime - heard;
    other.close();
    await until(() => document.visibilityState === 'visible', 'the page is visible again');
    expect(heardHidden).to.be.greaterThan(2, `sound advanced ${heardHidden.toFixed(2)} s in 3 s hidden`);
    // MSE: playhead to the end of the buffer; WebCodecs: shown frame to the newest received.
    await until(() => ofA.videoState === 'playing' && videoPlayer(ofA).lag < 1, 'video near the live edge');
    await videoAdvances(ofA.video);
    ofA.video.remove();
  });
});
