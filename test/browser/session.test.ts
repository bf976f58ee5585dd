import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
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
  return { a, b, aId, media: b.media(aId)! };
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
});
