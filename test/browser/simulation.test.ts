import { expect, fixture, html } from '@open-wc/testing';
import '../../src/all.js';
import type { MeetControls, MeetRoom, MeetTile } from '../../src/index.js';
import { samplePeople, SimulatedRoom, UNPLAYABLE_VIDEO_MIME, type SimulatedRoomOptions } from '../../src/simulation/index.js';
import { part, record, screenTileFor, tileFor, tileNames, tiles, visible } from './elements-helpers.js';
import { sleep, until, videoAdvances } from './helpers.js';
import { AUTO } from './pipelines.js';

let room: SimulatedRoom | undefined;

afterEach(() => {
  room?.dispose();
  room = undefined;
});

/** A <meet-room> showing a simulated room of `you` plus `others` remote people. */
async function show(others: number, options: SimulatedRoomOptions = {}) {
  room = new SimulatedRoom({ participants: samplePeople(others), ...options });
  const el = await fixture<MeetRoom>(html`<meet-room style="display: block; width: 640px; height: 400px" .source=${room}></meet-room>`);
  return { sim: room, el };
}

/** The remote video element a tile plays, once adopted. */
const remoteVideo = (tile: MeetTile) => part<HTMLVideoElement>(tile, 'video');

describe('SimulatedRoom in <meet-room source>', () => {
  it('plays every remote camera through the player (WebCodecs where the browser has it, else MSE), shares cameras, and flips a tile to the avatar when its camera goes off', async () => {
    // Two cameras for four people: each camera feeds two tiles, the second one joining mid-stream.
    const { sim, el } = await show(3, { cameras: 2, self: { name: 'Me' } });
    expect(tileNames(el)).to.deep.equal(['Me', ...samplePeople(3).map((p) => p.name)]);
    expect(el.getAttribute('connection')).to.equal('open');
    const all = tiles(el);
    await until(() => all.every((t) => t.state === 'video'), 'all four tiles show video', 20000);
    expect(all[0]!.local).to.equal(true);
    for (const tile of all) await videoAdvances(remoteVideo(tile)!);
    // Remote tiles play what the player renders: MSE's blob: URL, or WebCodecs' generated track.
    for (const tile of all.slice(1)) {
      const video = remoteVideo(tile)!;
      if (AUTO.renderer === 'mse') expect(video.src).to.match(/^blob:/);
      else expect((video.srcObject as MediaStream).getVideoTracks()[0]!.constructor.name).to.equal('MediaStreamTrackGenerator');
    }
    expect(remoteVideo(all[0]!)!.srcObject).to.be.instanceOf(MediaStream);

    const seen = record(el, 'meet-camera-change');
    const id = sim.participants[2]!.id;
    const tile = tileFor(el, id)!;
    sim.setCamera(id, false);
    await until(() => tile.state === 'avatar', 'the tile shows the avatar');
    expect(visible(part(tile, 'avatar'))).to.equal(true);
    expect(visible(remoteVideo(tile))).to.equal(false);
    expect(seen.map((e) => [e.participant.id, e.camera, e.local])).to.deep.equal([[id, false, false]]);
    // The other tile on the same camera keeps playing.
    const sibling = tileFor(el, sim.participants[0]!.id)!;
    expect(sibling.state).to.equal('video');

    sim.setCamera(id, true);
    await until(() => tile.state === 'video', 'the tile shows video again', 20000);
    await videoAdvances(remoteVideo(tile)!);
  });

  it('shows a simulated screen share in its own tile, with video advancing, and takes it away on stop', async () => {
    const { sim, el } = await show(2);
    const sharer = sim.participants[1]!;
    const events = record(el, 'meet-screen-change');
    sim.setSharing(sharer.id, true);
    const tile = await until(() => screenTileFor(el, sharer.id), 'the screen tile');
    await until(() => tile.state === 'video', 'the screen plays', 20000);
    await videoAdvances(remoteVideo(tile)!);
    expect(tileFor(el, sharer.id)!.state, 'their camera tile stays').to.not.equal(undefined);
    sim.setSharing(sim.self!.id, true);
    const mine = await until(() => screenTileFor(el, sim.self!.id), 'your own screen tile');
    await until(() => mine.state === 'video', 'your screen preview plays');
    sim.setSharing(sharer.id, false);
    await until(() => !screenTileFor(el, sharer.id), 'the screen tile gone');
    expect(events.map((e) => [e.participant.id, e.sharing, e.local])).to.deep.equal([
      [sharer.id, true, false],
      [sim.self!.id, true, true],
      [sharer.id, false, false],
    ]);
  });

  it('shows the real player error for an unplayable format, and recovers', async () => {
    const { sim, el } = await show(1);
    const id = sim.participants[1]!.id;
    const tile = tileFor(el, id)!;
    await until(() => tile.state === 'video', 'the remote tile shows video', 20000);
    sim.setError(id);
    expect(sim.participants[1]!.video).to.equal(UNPLAYABLE_VIDEO_MIME);
    await until(() => tile.state === 'error', 'the tile shows the error');
    expect(part(tile, 'status')!.textContent).to.contain('unsupported video format');
    expect(sim.media(id)!.videoState).to.equal('error');
    sim.setError(id, false);
    await until(() => tile.state === 'video', 'the tile plays again', 20000);
    await videoAdvances(remoteVideo(tile)!);
  });

  it('keeps a stalled camera loading until its video arrives', async () => {
    const { sim, el } = await show(0);
    const p = sim.add({ name: 'Slow Sam', stalled: true });
    const tile = await until(() => tileFor(el, p.id), 'a tile for the new participant');
    await until(() => tile.state === 'loading', 'the tile is loading');
    await sleep(1500);
    expect(tile.state).to.equal('loading');
    expect(visible(part(tile, 'spinner'))).to.equal(true);
    sim.setStalled(p.id, false);
    await until(() => tile.state === 'video', 'the tile shows video once frames arrive', 20000);
  });

  it('fires join, leave, speaking and mic events as the simulated room changes', async () => {
    const { sim, el } = await show(1);
    const seen = record(el, 'meet-participant-join', 'meet-participant-leave', 'meet-speaking-change', 'meet-mic-change');
    const other = sim.participants[1]!;
    sim.setSpeaking(other.id, true);
    const tile = tileFor(el, other.id)!;
    await until(() => tile.speaking, 'the speaking ring');
    sim.setMic(other.id, false);
    await until(() => tile.muted && !tile.speaking, 'muted, and the ring gone');
    const newcomer = sim.add({ name: 'Late Lou', camera: false });
    await until(() => tileFor(el, newcomer.id), 'a tile for the newcomer');
    sim.remove(newcomer.id);
    await until(() => !tileFor(el, newcomer.id), 'the tile is gone');
    expect(seen.map((e) => e.type)).to.deep.equal([
      'meet-speaking-change',
      'meet-mic-change',
      'meet-speaking-change',
      'meet-participant-join',
      'meet-participant-leave',
    ]);
  });

  it('turns your camera off from the controls: pending, then off', async () => {
    const { sim, el } = await show(1, { deviceDelay: 400 });
    const controls = el.shadowRoot!.querySelector<MeetControls>('meet-controls')!;
    const button = await until(() => part<HTMLButtonElement>(controls, 'camera-button'), 'the camera button');
    const mine = tiles(el)[0]!;
    await until(() => mine.state === 'video' && button.getAttribute('aria-pressed') === 'true', 'your preview plays, camera pressed');
    const seen = record(el, 'meet-camera-change');
    button.click();
    await until(() => button.disabled, 'the button is disabled while the change is pending');
    expect(sim.pending.camera).to.equal(true);
    await until(() => button.getAttribute('aria-pressed') === 'false' && !button.disabled, 'camera off, button enabled again');
    expect(mine.state).to.equal('avatar');
    expect(seen.map((e) => [e.camera, e.local])).to.deep.equal([[false, true]]);
  });

  it('empties the room on leave and releases the players on dispose', async () => {
    const { sim, el } = await show(2);
    const tile = tiles(el)[1]!;
    await until(() => tile.state === 'video', 'the remote tile shows video', 20000);
    const video = remoteVideo(tile)!;
    const seen = record(el, 'meet-left');
    sim.dispose();
    await until(() => tiles(el).length === 0, 'no tiles');
    expect(seen).to.have.length(1);
    expect(video.isConnected).to.equal(false);
    expect(video.getAttribute('src')).to.equal(null);
    expect(el.getAttribute('connection')).to.equal('closed');
  });
});
