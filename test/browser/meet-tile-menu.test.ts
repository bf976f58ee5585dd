import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/all.js';
import type { MeetRoom } from '../../src/index.js';
import { samplePeople, SimulatedRoom } from '../../src/simulation/index.js';
import { laidOut, part, realClick, tiles } from './elements-helpers.js';
import { until } from './helpers.js';

describe("a tile's menu, stats and the room's announcements", function () {
  this.timeout(60000);
  const rooms: SimulatedRoom[] = [];
  afterEach(() => rooms.splice(0).forEach((r) => r.dispose()));

  async function room(options: { stats?: boolean } = {}) {
    const sim = new SimulatedRoom({ self: { name: 'Me', camera: false }, participants: samplePeople(2).map((p) => ({ ...p, camera: true })), cameras: 2 });
    rooms.push(sim);
    const el = await fixture<MeetRoom>(html`<meet-room style="width: 800px; height: 500px" ?stats=${options.stats} .source=${sim}></meet-room>`);
    await until(() => tiles(el).length === 3 && laidOut(el), 'three tiles in their places');
    return { sim, el, remote: tiles(el)[1]! };
  }

  it('volume 0-200 % and "mute for me" for one person, from the keyboard; Escape closes the menu', async () => {
    const { sim, el, remote } = await room();
    const media = sim.media(remote.shown!.id)!;
    expect(part(tiles(el)[0]!, 'menu-button') === null, 'no menu on your own tile').to.equal(true);
    const button = part<HTMLButtonElement>(remote, 'menu-button')!;
    expect(button.getAttribute('aria-label')).to.equal(`More for ${remote.shown!.name}`);
    button.click();
    const menu = await until(() => part(remote, 'menu'), 'the menu');
    expect(menu.getAttribute('role')).to.equal('dialog');
    const slider = part<HTMLInputElement>(remote, 'volume')!;
    await until(() => remote.shadowRoot!.activeElement === slider, 'the slider has the focus');
    expect(slider.value).to.equal('100');
    // Louder than sent: the sound goes through the person's node at 1.5.
    slider.value = '150';
    slider.dispatchEvent(new Event('input'));
    expect(media.volume).to.equal(1.5);
    expect(media.audio.volume, 'the element at full, the node louder').to.equal(1);
    expect((media.audioOutput as GainNode | undefined)?.gain.value ?? 1.5).to.equal(1.5);
    await remote.updateComplete;
    expect(remote.shadowRoot!.querySelector('output')!.textContent).to.equal('150%');
    part<HTMLButtonElement>(remote, 'mute-button')!.click();
    await remote.updateComplete;
    expect(media.muted).to.equal(true);
    expect(part(remote, 'mute-button')!.getAttribute('aria-pressed')).to.equal('true');
    expect(sim.participants.find((p) => p.id === remote.shown!.id)!.mic, 'still on for everyone else').to.equal(true);
    await expect(remote).to.be.accessible();
    slider.focus();
    // Arrow keys on the slider are the slider's: louder, and the room neither moves nor pins.
    await sendKeys({ press: 'ArrowRight' });
    expect(remote.shadowRoot!.activeElement === slider, 'the slider keeps the focus').to.equal(true);
    expect(slider.value).to.equal('155');
    expect(el.pinned, 'nothing pinned').to.equal(undefined);
    await sendKeys({ press: 'Escape' });
    await until(() => !part(remote, 'menu'), 'closed');
    await until(() => remote.shadowRoot!.activeElement === button, 'the focus back on the menu button');
  });

  it('full screen shows the tile alone', async () => {
    const { el, remote } = await room();
    part<HTMLButtonElement>(remote, 'menu-button')!.click();
    await until(() => part(remote, 'fullscreen-button'), 'the menu');
    await realClick(part(remote, 'fullscreen-button')!);
    // The document sees the room (the tile is inside its shadow root); the room's root sees the tile.
    await until(() => el.shadowRoot!.fullscreenElement === remote, 'full screen');
    await until(() => Math.round(remote.getBoundingClientRect().width) === innerWidth, 'the tile as wide as the screen');
    expect(Math.round(remote.getBoundingClientRect().height)).to.equal(innerHeight);
    await document.exitFullscreen();
  });

  it('stats: the bitrate, frame rate, lag and dropped frames of a playing video, each second', async () => {
    const { remote } = await room({ stats: true });
    await until(() => remote.state === 'video', 'video', 20000);
    const line = await until(() => part(remote, 'stats')?.textContent, 'the stats line', 5000);
    expect(line).to.match(/^[\d.,]+ (kbps|Mbps) · \d+ fps · [\d.,]+\s?ms behind · \d+ dropped$/);
    expect(Number(/(\d+) fps/.exec(line)![1]), 'frames presented per second').to.be.greaterThan(0);
  });

  it('tells screen readers, politely, who came, who left and who turned something on or off', async () => {
    const { sim, el } = await room();
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    const ada = sim.add({ name: 'Ada', camera: false });
    await until(() => live.textContent === 'Ada joined', 'the join');
    sim.setMic(ada.id, false);
    await until(() => live.textContent === 'Ada turned their microphone off', 'the microphone');
    sim.remove(ada.id);
    await until(() => live.textContent === 'Ada left', 'the leave');
  });

  it('arrow keys move between the controls (mirrored right to left)', async () => {
    const { el } = await room();
    const controls = el.shadowRoot!.querySelector('meet-controls')!;
    const mic = part<HTMLButtonElement>(controls, 'mic-button')!;
    const camera = part<HTMLButtonElement>(controls, 'camera-button')!;
    expect(part(controls, 'base')!.getAttribute('role')).to.equal('toolbar');
    mic.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(controls.shadowRoot!.activeElement === camera, 'right: the camera button').to.equal(true);
    await sendKeys({ press: 'End' });
    expect(controls.shadowRoot!.activeElement === part(controls, 'leave-button'), 'End: the leave button').to.equal(true);
    el.lang = 'ar';
    await until(() => part(el, 'base')!.getAttribute('dir') === 'rtl', 'right to left');
    camera.focus();
    await sendKeys({ press: 'ArrowLeft' });
    const now = controls.shadowRoot!.activeElement;
    expect(now !== camera && now !== mic, 'left goes forward right to left: past the camera, not back to the microphone').to.equal(true);
  });
});
