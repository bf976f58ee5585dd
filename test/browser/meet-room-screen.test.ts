import { expect, fixture, html } from '@open-wc/testing';
import '../../src/all.js';
import type { MeetRoom } from '../../src/index.js';
import { isFirefox } from './browser-env.js';
import { uniqueRoom, until, videoAdvances } from './helpers.js';
import { part, record, screenTileFor, tileFor, visible } from './elements-helpers.js';

/** Two rooms side by side in one page, joined to the same room, each seeing the other. */
async function pair() {
  const room = uniqueRoom('screen-ui');
  const wrap = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 8px">
    <meet-room style="flex: none; width: 480px; height: 360px" server="/ws" room=${room} name="Ada" camera></meet-room>
    <meet-room style="flex: none; width: 480px; height: 360px" server="/ws" room=${room} name="Bob"></meet-room>
  </div>`);
  const [a, b] = [...wrap.querySelectorAll('meet-room')] as [MeetRoom, MeetRoom];
  await until(() => a.self && b.self, 'both rooms joined');
  await until(() => tileFor(b, a.self!.id) && tileFor(a, b.self!.id), 'each room shows the other');
  return { a, b };
}

const screenButton = (room: MeetRoom) => part<HTMLButtonElement>(room.shadowRoot!.querySelector('meet-controls')!, 'screen-button')!;

describe('<meet-room>: screen sharing through the real relay', () => {
  // Headless Chromium gives a fake screen without a gesture; Firefox wants one (below).
  if (!isFirefox) {
    it("A's shared screen gets its own tile at B, in the large spot, video advancing; it goes on stop", async () => {
      const { a, b } = await pair();
      const seenA = record(a, 'meet-screen-change');
      const seenB = record(b, 'meet-screen-change');
      const button = screenButton(a);
      expect(button.getAttribute('aria-pressed')).to.equal('false');
      button.click();
      const tile = await until(() => screenTileFor(b, a.self!.id), "B's screen tile for A");
      expect(tile.getAttribute('kind')).to.equal('screen');
      await until(() => tile.state === 'video', 'the screen tile shows video', 20000);
      const video = part<HTMLVideoElement>(tile, 'video')!;
      expect(visible(video)).to.equal(true);
      await videoAdvances(video);
      expect(part(tile, 'name')!.textContent).to.equal("Ada's screen");
      // The large spot: the screen tile is bigger than A's camera tile, and above it.
      const camera = tileFor(b, a.self!.id)!;
      const [s, c] = [tile.getBoundingClientRect(), camera.getBoundingClientRect()];
      expect(s.width * s.height, 'screen tile area').to.be.greaterThan(c.width * c.height * 2);
      expect(s.bottom).to.be.at.most(c.top + 1);
      expect(camera.state, "A's camera plays on").to.not.equal('avatar');
      // A sees its own screen too, and the button says it is sharing.
      await until(() => screenTileFor(a, a.self!.id)?.state === 'video', "A's own screen tile");
      expect(a.sharing).to.equal(true);
      await until(() => screenButton(a).getAttribute('aria-pressed') === 'true', 'the button pressed');
      expect(seenB.map((e) => [e.participant.name, e.sharing, e.local])).to.deep.equal([['Ada', true, false]]);
      expect(seenA.map((e) => [e.sharing, e.local])).to.deep.equal([[true, true]]);

      await a.stopScreenShare();
      await until(() => !screenTileFor(b, a.self!.id), "B's screen tile gone");
      expect(screenTileFor(a, a.self!.id), "A's own screen tile gone").to.equal(undefined);
      expect(seenB.map((e) => e.sharing)).to.deep.equal([true, false]);
      expect(a.sharing).to.equal(false);
    });

    it("B stops watching A's screen: its tile goes for B alone, a Watch button takes its place, and Watch brings it back playing", async () => {
      const { a, b } = await pair();
      screenButton(a).click();
      const tile = await until(() => screenTileFor(b, a.self!.id), "B's screen tile for A");
      await until(() => tile.state === 'video', 'the screen plays at B', 20000);
      const own = await until(() => screenTileFor(a, a.self!.id), "A's own screen tile");
      expect(own.parentElement!.querySelector('[part~="screen-hide-button"]'), 'no hide button on your own screen').to.equal(null);
      const hide = tile.parentElement!.querySelector<HTMLButtonElement>('[part~="screen-hide-button"]')!;
      expect(hide.getAttribute('aria-label')).to.equal("Stop watching Ada's screen");

      hide.click();
      await until(() => !screenTileFor(b, a.self!.id), "B's screen tile gone");
      const media = b.api.media(a.self!.id)!;
      expect(media.screenState, 'not played at B').to.equal('off');
      const watch = part<HTMLButtonElement>(b, 'screen-watch-button')!;
      expect(watch.textContent).to.equal("Watch Ada's screen");
      expect(a.sharing, 'A still shares').to.equal(true);
      await until(() => screenTileFor(a, a.self!.id)?.state === 'video', "A's own screen tile stays");
      // The camera tile takes the room the screen left.
      expect(tileFor(b, a.self!.id)!.getBoundingClientRect().height).to.be.greaterThan(100);

      watch.click();
      const again = await until(() => screenTileFor(b, a.self!.id), "B's screen tile back");
      await until(() => again.state === 'video', 'the screen plays at B again', 20000);
      await videoAdvances(part<HTMLVideoElement>(again, 'video')!);
      expect(part(b, 'screen-watch-button')).to.equal(null);

      // Hidden, then shared anew: it shows again.
      again.parentElement!.querySelector<HTMLButtonElement>('[part~="screen-hide-button"]')!.click();
      await until(() => !screenTileFor(b, a.self!.id), 'hidden again');
      await a.stopScreenShare();
      await until(() => !part(b, 'screen-watch-button'), 'the Watch button goes with the share');
      screenButton(a).click();
      const next = await until(() => screenTileFor(b, a.self!.id), 'the next share shows at B');
      await until(() => next.state === 'video', 'and plays', 20000);
    });
  } else {
    it('without a user gesture Firefox refuses: shareScreen rejects with a meet-error and nothing is shown', async () => {
      const { a, b } = await pair();
      const errors = record(a, 'meet-error');
      let refused: unknown;
      await a.shareScreen().catch((e: unknown) => (refused = e));
      expect(refused).to.be.instanceOf(Error);
      expect(errors.map((e) => e.code)).to.deep.equal(['screen-failed']);
      expect(a.sharing).to.equal(false);
      expect(screenTileFor(b, a.self!.id)).to.equal(undefined);
    });
  }
});
