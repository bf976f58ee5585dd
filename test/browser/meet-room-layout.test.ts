import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/all.js';
import type { MeetRoom, MeetTile } from '../../src/index.js';
import { samplePeople, SimulatedRoom } from '../../src/simulation/index.js';
import { laidOut, tiles } from './elements-helpers.js';
import { sleep, until } from './helpers.js';

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
const box = (el: Element) => el.getBoundingClientRect();
const area = (el: Element) => box(el).width * box(el).height;
const byName = (room: MeetRoom, name: string) => tiles(room).find((t) => t.shown?.name === name)!;
/** The tile in the large spot: the biggest one. */
const largest = (room: MeetRoom) => [...tiles(room)].sort((a, b) => area(b) - area(a))[0]!;

describe('<meet-room> layouts: grid, speaker, pinning, hide-self, large rooms', function () {
  this.timeout(60000);
  const rooms: SimulatedRoom[] = [];
  afterEach(() => rooms.splice(0).forEach((r) => r.dispose()));

  /** You and `n` others, cameras off (the layout is what is tested), in a 960x540 room. */
  async function room(n: number, attrs: { layout?: string; hideSelf?: boolean } = {}) {
    const sim = new SimulatedRoom({ self: { name: 'Me', camera: false }, participants: samplePeople(n).map((p) => ({ ...p, camera: false, mic: true })), cameras: 1 });
    rooms.push(sim);
    const el = await fixture<MeetRoom>(
      html`<meet-room style="width: 960px; height: 600px" layout=${attrs.layout ?? 'grid'} ?hide-self=${attrs.hideSelf} .source=${sim}></meet-room>`,
    );
    await until(() => tiles(el).length >= n && laidOut(el), 'tiles laid out');
    return { sim, el, names: sim.participants.map((p) => p.name) };
  }

  it('speaker: whoever speaks takes the large spot after a moment, the strip keeps its order, and pin() wins', async () => {
    const { sim, el, names } = await room(3, { layout: 'speaker' });
    const strip = () => tiles(el).filter((t) => t !== largest(el)).map((t) => t.shown!.name);
    expect(largest(el).shown!.name, 'nobody spoke: the first other person').to.equal(names[1]);
    const third = sim.participants[3]!;
    sim.setSpeaking(third.id, true);
    await sleep(200);
    expect(largest(el).shown!.name, 'not after a short word').to.equal(names[1]);
    await until(() => largest(el).shown!.name === third.name, 'the speaker takes the large spot', 5000);
    expect(strip(), 'everyone else, in join order').to.deep.equal(names.filter((n) => n !== third.name));
    sim.setSpeaking(third.id, false);
    await sleep(300);
    expect(largest(el).shown!.name, 'silence keeps the last speaker').to.equal(third.name);

    el.pin(sim.participants[0]!.id);
    await el.updateComplete;
    await nextFrame();
    expect(largest(el).shown!.name, 'pinned: you').to.equal('Me');
    expect(byName(el, 'Me').hasAttribute('pinned')).to.equal(true);
    expect(el.pinned).to.deep.equal({ id: sim.participants[0]!.id, kind: 'camera' });
    el.unpin();
    await el.updateComplete;
    expect(largest(el).shown!.name).to.equal(third.name);
  });

  it('grid: a pin takes the large spot in the very next frame, tiles are the same elements (moved, never re-created)', async () => {
    const { sim, el } = await room(3);
    const before = tiles(el);
    const sizes = new Set(before.map((t) => Math.round(box(t).width)));
    expect(sizes.size, 'everyone the same size').to.equal(1);
    const target = sim.participants[2]!;
    el.pin(target.id);
    await nextFrame();
    const pinned = byName(el, target.name);
    expect(largest(el).shown!.name, 'the pinned tile is the largest').to.equal(target.name);
    expect(area(pinned)).to.be.greaterThan(area(byName(el, 'Me')) * 4);
    expect(tiles(el).every((t) => before.includes(t)), 'the same tile elements').to.equal(true);
  });

  it('double-click or Enter pins a tile and again unpins it; arrow keys move between tiles, Tab enters once', async () => {
    const { el } = await room(3);
    const [first, second] = tiles(el) as [MeetTile, MeetTile];
    expect(tiles(el).filter((t) => t.tabIndex === 0).length, 'one tab stop').to.equal(1);
    second.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.pinned?.id).to.equal(second.shown!.id);
    second.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.pinned).to.equal(undefined);

    first.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement === second, 'the next tile').to.equal(true);
    expect(second.tabIndex).to.equal(0);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.pinned?.id, 'Enter pins the focused tile').to.equal(second.shown!.id);
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement === tiles(el).at(-1), 'End: the last tile').to.equal(true);
    await sendKeys({ press: 'Home' });
    expect(el.shadowRoot!.activeElement === tiles(el)[0], 'Home: the first tile').to.equal(true);
  });

  it('hide-self leaves your own tile out, unless you are alone', async () => {
    const { el } = await room(2, { hideSelf: true });
    expect(tiles(el).map((t) => t.shown!.name)).to.not.include('Me');
    expect(tiles(el).length).to.equal(2);
    const alone = await room(0, { hideSelf: true });
    expect(tiles(alone.el).map((t) => t.shown!.name)).to.deep.equal(['Me']);
  });

  it('25 people: tiles keep a minimum size, the grid scrolls, and only the tiles in view play video', async () => {
    const sim = new SimulatedRoom({ self: { name: 'Me', camera: false }, participants: samplePeople(24).map((p) => ({ ...p, camera: true })), cameras: 4 });
    rooms.push(sim);
    const el = await fixture<MeetRoom>(html`<meet-room style="width: 720px; height: 420px" .source=${sim}></meet-room>`);
    await until(() => tiles(el).length === 25 && laidOut(el), '25 tiles laid out');
    const grid = el.shadowRoot!.querySelector<HTMLElement>('[part~="grid"]')!;
    expect(grid.scrollHeight, 'taller than the box: it scrolls').to.be.greaterThan(grid.clientHeight);
    expect(Math.min(...tiles(el).map((t) => box(t).width))).to.be.at.least(150);
    const inView = (t: Element) => box(t).bottom > box(grid).top && box(t).top < box(grid).bottom;
    const first = tiles(el).find((t) => t.shown!.name !== 'Me' && inView(t))!;
    const last = tiles(el).at(-1)!;
    expect(inView(last)).to.equal(false);
    await until(() => first.state === 'video', 'a tile in view plays', 20000);
    await until(() => sim.media(last.shown!.id)!.videoState === 'off', 'a tile out of view stops its video', 5000);
    expect(last.state, 'its camera is on: shown as the avatar, not playing').to.not.equal('video');

    grid.scrollTop = grid.scrollHeight;
    await until(() => last.state === 'video', 'scrolled into view: it plays again', 20000);
    await until(() => sim.media(first.shown!.id)!.videoState === 'off', 'the first is out of view now', 5000);
  });
});
