import { expect } from '@open-wc/testing';
import { MeetingSession } from '../../src/core/session.js';
import { isFirefox } from './browser-env.js';
import { PIPELINES } from './pipelines.js';
import { RELAY_URL, presentedFrames, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';

/** Ada shares, Bob watches, through the real relay. */
async function pair(renderer: 'mse' | 'webcodecs', encoder: 'mediarecorder' | 'webcodecs') {
  const room = uniqueRoom('screen');
  const a = new MeetingSession({ server: RELAY_URL, room, name: 'Ada', publisher: { encoder } });
  const b = new MeetingSession({ server: RELAY_URL, room, name: 'Bob', renderer });
  await a.join();
  await b.join();
  const aId = a.self!.id;
  await until(() => b.media(aId), 'B sees A');
  return { a, b, aId, room, media: b.media(aId)! };
}

describe('screen sharing (MeetingSession)', () => {
  const sessions: MeetingSession[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.leave()));

  // Headless Chromium gives a fake screen without a gesture; Firefox asks for one (below).
  if (!isFirefox) {
    for (const { name, encoder, renderer } of PIPELINES) {
      it(`${name}: the viewer's screen plays beside the camera and goes off the moment sharing stops`, async () => {
        const { a, b, aId, media } = await pair(renderer, encoder);
        sessions.push(a, b);
        await a.setCamera(true);
        await until(() => media.videoState === 'playing', 'camera playing');

        await a.setScreen(true);
        expect(a.localScreenTrack?.contentHint, 'encoded for detail').to.equal('detail');
        await until(() => media.screenState === 'loading' || media.screenState === 'playing', 'screen loading');
        expect(b.participants.find((p) => p.id === aId)!.sharing).to.equal(true);
        await until(() => media.screenState === 'playing', 'screen playing');
        await videoAdvances(media.screen);
        expect(media.screen.videoWidth, 'the screen, not the camera (640 wide)').to.not.equal(media.video.videoWidth);
        expect(media.videoState, 'the camera plays on').to.equal('playing');
        // Headless Chromium's fake screen comes with sound: it is sent and played beside it.
        expect(b.participants.find((p) => p.id === aId)!.screenAudio, "the screen's sound announced").to.match(/^audio\//);
        const heard = media.screenAudioTime;
        await until(() => media.screenAudioTime > heard + 0.5, "the screen's sound plays at the viewer");

        const presented = presentedFrames(media.screen);
        await a.setScreen(false);
        expect(a.localScreenTrack).to.equal(undefined);
        await until(() => media.screenState === 'off', 'screen off');
        expect(b.participants.find((p) => p.id === aId)!.screenAudio, 'its sound went with it').to.equal(undefined);
        const stoppedAt = presented.count;
        await sleep(500);
        expect(presented.count - stoppedAt, 'no screen frames after it stopped').to.be.at.most(1);
        presented.stop();
        expect(media.videoState, 'the camera still plays').to.equal('playing');
        await videoAdvances(media.video);
      });
    }

    for (const { name, encoder, renderer } of PIPELINES) {
      it(`${name}: a viewer that stops watching the screen gets none of it (others go on); watching again plays it from the relay's cache`, async () => {
        const { a, b, aId, room, media } = await pair(renderer, encoder);
        const c = new MeetingSession({ server: RELAY_URL, room, name: 'Cy', renderer });
        sessions.push(a, b, c);
        await c.join();
        const other = await until(() => c.media(aId), 'C sees A');
        await a.setScreen(true);
        const states = () => [media, other].map((m) => `${m.screenState} (readyState ${m.screen.readyState}, t ${m.screen.currentTime.toFixed(2)}, ${m.screen.buffered.length ? m.screen.buffered.end(m.screen.buffered.length - 1).toFixed(2) : 'nothing'} buffered)`).join(' / ');
        // Seen once in 10 runs: one viewer never played. Say where each stood.
        await until(() => media.screenState === 'playing' && other.screenState === 'playing', 'the screen plays at B and C').catch((e: Error) => {
          throw new Error(`${e.message}: B / C ${states()}`);
        });

        const presented = presentedFrames(media.screen);
        b.watch(aId, 'screen', false);
        expect(media.screenState, 'off at once').to.equal('off');
        const stoppedAt = presented.count;
        await sleep(600);
        expect(presented.count - stoppedAt, 'no screen frames at B').to.be.at.most(1);
        presented.stop();
        await videoAdvances(other.screen);
        expect(other.screenState, 'C still watches').to.equal('playing');

        b.watch(aId, 'screen', true);
        await until(() => media.screenState === 'playing', 'the screen plays at B again');
        await videoAdvances(media.screen);
      });
    }

    it('ended from the browser ("Stop sharing"): off for the viewer too, without an error', async () => {
      const { a, b, media } = await pair('mse', 'mediarecorder');
      sessions.push(a, b);
      const errors: unknown[] = [];
      a.addEventListener('deviceerror', (e) => errors.push(e.device));
      await a.setScreen(true);
      await until(() => media.screenState === 'playing', 'screen playing');
      // What the browser's own "Stop sharing" does: the track ends.
      const track = a.localScreenTrack!;
      track.stop();
      track.dispatchEvent(new Event('ended'));
      await until(() => media.screenState === 'off', 'screen off at the viewer');
      expect(a.localScreenTrack).to.equal(undefined);
      expect(errors).to.deep.equal([]);
    });
  } else {
    it('without a user gesture, Firefox refuses: setScreen rejects and nothing is shared', async () => {
      const { a, b, aId } = await pair('mse', 'mediarecorder');
      sessions.push(a, b);
      let error: unknown;
      await a.setScreen(true).catch((e: unknown) => (error = e));
      expect(error, 'the browser\'s refusal').to.be.instanceOf(Error);
      expect(a.localScreenTrack).to.equal(undefined);
      await sleep(200);
      expect(b.participants.find((p) => p.id === aId)!.sharing ?? false).to.equal(false);
    });
  }
});
