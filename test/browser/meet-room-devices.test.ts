import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/all.js';
import type { MeetRoom } from '../../src/index.js';
import { isFirefox } from './browser-env.js';
import { CAMERA_START_MS, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
import { part, record, tileFor, watchTile } from './elements-helpers.js';

/** Where the rooms remember the devices chosen (per origin). */
const STORAGE_KEY = 'meet-elements:devices';

/** A (camera on) and B side by side in one page, joined to one room through the real relay. */
async function pair() {
  const room = uniqueRoom('devices-ui');
  const wrap = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 8px">
    <meet-room style="flex: none; width: 480px; height: 360px" server="/ws" room=${room} name="Ada" camera mic></meet-room>
    <meet-room style="flex: none; width: 480px; height: 360px" server="/ws" room=${room} name="Bob"></meet-room>
  </div>`);
  const [a, b] = [...wrap.querySelectorAll('meet-room')] as [MeetRoom, MeetRoom];
  await until(() => a.self?.camera && b.self, 'both rooms joined, A with a camera');
  const tile = await until(() => tileFor(b, a.self!.id), "B shows A's tile");
  // Seen twice in full runs (the fifth or sixth test of this file), never alone: B's tile stayed
  // loading. Say what A sent and what B's player did.
  const media = b.api.media(a.self!.id)!;
  const player = (media as unknown as { players: { video: EventTarget & { epoch: number; constructor: { name: string } } } }).players.video;
  const log: string[] = [];
  const started = performance.now();
  // What reaches B's socket from A, and what A's publisher is doing (diagnostics only).
  type Internals = { model: { session: { signaling: EventTarget; publisher: { slots: { video: { recorder: { epoch: number; recording: boolean; constructor: { name: string } } } } } } } };
  const arrived: string[] = [];
  const aSignaling = (a as unknown as { model: { session: { signaling: { sendFrame(bytes: Uint8Array): boolean; connection: string; bufferedAmount: number } } } }).model.session.signaling;
  const send = aSignaling.sendFrame.bind(aSignaling);
  let sent = 0;
  let refused = 0;
  aSignaling.sendFrame = (bytes) => {
    const ok = send(bytes);
    if (ok) sent += 1;
    else refused += 1;
    return ok;
  };
  (b as unknown as Internals).model.session.signaling.addEventListener('frame', (e) => {
    const { frame } = e as Event & { frame: { sender: number; track: string; epoch: number; init: boolean } };
    if (frame.sender === a.self!.id && frame.track === 'video' && arrived.length < 5) arrived.push(`${frame.epoch}${frame.init ? 'i' : ''}`);
  });
  for (const type of ['statechange', 'firstframe', 'keyframeneeded', 'error']) {
    player.addEventListener(type, (e) => {
      const { state, cause, epoch, reason, message } = e as Event & Record<string, unknown>;
      log.push(`${Math.round(performance.now() - started)} ms ${type} ${[state, cause, epoch, reason, message].filter((x) => x !== undefined).join(' ')}`);
    });
  }
  try {
    await until(() => tile.state === 'video', "A's video at B", CAMERA_START_MS);
  } catch (e) {
    const track = a.api.localVideoTrack;
    const v = media.video;
    const shown = (v.srcObject as MediaStream | null)?.getVideoTracks()[0];
    throw new Error(
      `${(e as Error).message}: A's camera ${track?.label} ${track?.readyState}, B's tile ${tile.state}, B's video ${media.videoState} ${media.errorReason}; ` +
        `B's player ${player.constructor.name} epoch ${player.epoch} (${log.join('; ')}), its element readyState ${v.readyState} paused ${v.paused} t ${v.currentTime.toFixed(2)} track ${shown?.readyState}; ` +
        `frames from A at B: ${arrived.join(',') || 'none'}; A's recorder ${(() => {
          const r = (a as unknown as Internals).model.session.publisher.slots.video.recorder;
          const run = (r as unknown as { run?: { encoder?: { state: string; encodeQueueSize: number }; window: unknown; config?: unknown } }).run;
          return `${r.constructor.name} epoch ${r.epoch} recording ${r.recording} encoder ${run?.encoder?.state} queue ${run?.encoder?.encodeQueueSize} window ${JSON.stringify(run?.window)}`;
        })()}; A sent ${sent} frames, ${refused} refused, socket ${aSignaling.connection} buffered ${aSignaling.bufferedAmount}`,
    );
  }
  return { a, b, room, tile };
}

const controls = (room: MeetRoom) => room.shadowRoot!.querySelector('meet-controls')!;
const settingsButton = (room: MeetRoom) => part<HTMLButtonElement>(controls(room), 'settings-button')!;
const menu = (room: MeetRoom) => part(controls(room), 'settings');
const select = (room: MeetRoom, kind: string) => controls(room).shadowRoot!.querySelector<HTMLSelectElement>(`[part~="device-select"][data-kind="${kind}"]`)!;
const cameraIds = (room: MeetRoom) => room.devices.cameras.map((d) => d.deviceId);

/**
 * A camera to switch to: another one in Chromium (it runs with three fake cameras; the second,
 * fake_device_1, is a depth camera no encoder takes, so the last), the same one again in
 * Firefox (one fake camera: reopened, still a new device track and epoch).
 */
function otherCamera(room: MeetRoom): string {
  const inUse = room.activeDevices.camera;
  const other = cameraIds(room).filter((id) => id !== inUse).at(-1);
  expect(isFirefox || !!other, 'another camera to switch to').to.equal(true);
  return other ?? inUse!;
}

/** What unplugging does to a camera track: it ends by itself. */
function unplug(track: MediaStreamTrack): void {
  track.stop();
  track.dispatchEvent(new Event('ended'));
}

describe('<meet-room>: choosing devices', function () {
  this.timeout(60000);
  beforeEach(() => localStorage.removeItem(STORAGE_KEY));
  after(() => localStorage.removeItem(STORAGE_KEY));

  it('lists the cameras, microphones and speakers by name once the page may use them, and says so with meet-device-change', async () => {
    const { a } = await pair();
    await until(() => a.devices.cameras.length && a.devices.microphones.length, 'devices listed');
    expect(a.devices.cameras.every((d) => d.deviceId && d.label), 'cameras named').to.equal(true);
    expect(a.devices.microphones.every((d) => d.deviceId && d.label), 'microphones named').to.equal(true);
    // Both browsers can choose a speaker, and list the fake ones.
    expect(a.devices.speakers.length, 'speakers').to.be.above(0);
    expect(a.activeDevices.camera, 'the camera in use').to.be.oneOf(cameraIds(a));
  });

  it('switches the camera from the settings menu while B watches: no loading, no avatar, video on; remembered for the next room', async () => {
    const { a, b, room, tile } = await pair();
    const changes = record(a, 'meet-device-change');
    const seenAtB = watchTile(tile);
    const before = a.api.localVideoTrack!;

    settingsButton(a).click();
    await until(() => menu(a), 'the menu opens');
    expect(settingsButton(a).getAttribute('aria-expanded')).to.equal('true');
    expect(menu(a)!.getAttribute('role')).to.equal('dialog');
    expect(controls(a).shadowRoot!.activeElement, 'the first menu has the focus').to.equal(select(a, 'camera'));
    await expect(controls(a)).to.be.accessible();
    const camera = select(a, 'camera');
    expect(camera.value, 'the camera in use is selected').to.equal(a.activeDevices.camera);
    const target = otherCamera(a);
    camera.value = target;
    camera.dispatchEvent(new Event('change'));

    await until(() => a.api.localVideoTrack !== before && a.activeDevices.camera === target, 'A uses the new camera');
    expect(before.readyState, 'the old camera is released').to.equal('ended');
    await until(() => changes.some((e) => e.reason === 'chosen'), 'meet-device-change');
    const chosen = changes.find((e) => e.reason === 'chosen')!;
    expect([chosen.device, chosen.deviceId]).to.deep.equal(['camera', target]);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).camera, 'remembered').to.equal(target);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
    await sleep(300);
    expect(seenAtB.map((s) => s.state), "B's tile never left video").to.deep.equal([]);
    expect(tile.state).to.equal('video');
    expect(b.participants.find((p) => p.id === a.self!.id)!.camera).to.equal(true);

    // Escape closes the menu and gives the focus back to its button.
    select(a, 'camera').focus();
    await sendKeys({ press: 'Escape' });
    await until(() => !menu(a), 'the menu closes');
    expect(controls(a).shadowRoot!.activeElement).to.equal(settingsButton(a));

    // Another room on this site joins with the camera chosen here.
    const late = await fixture<MeetRoom>(html`<meet-room style="width: 320px; height: 240px" server="/ws" room=${room} name="Cy" camera></meet-room>`);
    await until(() => late.self?.camera, 'the late room joined with its camera on');
    expect(late.api.localVideoTrack!.getSettings().deviceId).to.equal(target);
    expect(late.activeDevices.camera).to.equal(target);
  });

  it('an unplugged camera: the default one takes over, the room says so, and B keeps seeing video', async () => {
    const { a, tile } = await pair();
    const changes = record(a, 'meet-device-change');
    const errors = record(a, 'meet-error');
    await a.useCamera(otherCamera(a));
    const lost = a.api.localVideoTrack!;
    const seenAtB = watchTile(tile);

    unplug(lost);
    const fallback = await until(() => changes.find((e) => e.reason === 'fallback'), 'a fallback meet-device-change');
    expect(fallback.device).to.equal('camera');
    const notice = part(a, 'notice')!;
    await until(() => !notice.hidden, 'the notice shows');
    expect(notice.textContent).to.match(/camera you chose is not available: now using .+/);
    expect(notice.getAttribute('role')).to.equal('status');
    expect(a.api.localVideoTrack?.readyState, 'a live camera again').to.equal('live');
    expect(a.self!.camera, 'still on').to.equal(true);
    expect(errors).to.deep.equal([]);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
    expect(tile.state).to.equal('video');
    expect(seenAtB.map((s) => s.state).filter((s) => s === 'avatar'), 'B never saw the avatar').to.deep.equal([]);
  });

  it('a remembered camera that is gone: the room joins with the default camera and says so', async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ camera: 'a-camera-unplugged-since' }));
    const room = await fixture<MeetRoom>(html`<meet-room style="width: 320px; height: 240px" server="/ws" room=${uniqueRoom('devices-gone')} name="Ada" camera></meet-room>`);
    const changes = record(room, 'meet-device-change');
    await until(() => room.self?.camera, 'joined with the camera on');
    const fallback = await until(() => changes.find((e) => e.reason === 'fallback'), 'a fallback meet-device-change');
    expect(fallback.device).to.equal('camera');
    expect(fallback.deviceId).to.equal(room.api.localVideoTrack!.getSettings().deviceId);
    expect(room.activeDevices.camera).to.not.equal('a-camera-unplugged-since');
    await until(() => !part(room, 'notice')!.hidden, 'the notice shows');
  });

  it("a camera that cannot be opened: the switch fails with a meet-error, the menu shows the camera in use, and it goes on", async () => {
    const { a, tile } = await pair();
    const errors = record(a, 'meet-error');
    const track = a.api.localVideoTrack!;
    const inUse = a.activeDevices.camera;
    let error: unknown;
    await a.useCamera('no-such-camera').catch((e: unknown) => (error = e));
    expect((error as Error | undefined)?.name).to.be.oneOf(['OverconstrainedError', 'NotFoundError']);
    expect(errors.map((e) => e.code)).to.deep.equal(['camera-not-found']);
    expect(a.api.localVideoTrack).to.equal(track);
    expect(a.activeDevices.camera).to.equal(inUse);
    expect(localStorage.getItem(STORAGE_KEY), 'nothing remembered').to.equal(null);
    settingsButton(a).click();
    await until(() => menu(a), 'the menu opens');
    expect(select(a, 'camera').value).to.equal(inUse);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
  });

  it("plays everyone's sound on the speaker chosen in the menu", async () => {
    const { a, b } = await pair();
    await until(() => b.devices.speakers.length, 'speakers listed');
    settingsButton(b).click();
    await until(() => menu(b), 'the menu opens');
    const speakers = select(b, 'speaker');
    const target = b.devices.speakers.map((d) => d.deviceId).filter((id) => id !== 'default').at(-1)!;
    speakers.value = target;
    speakers.dispatchEvent(new Event('change'));
    await until(() => b.activeDevices.speaker === target, 'B uses the speaker');
    const audio = b.api.media(a.self!.id)!.audio;
    expect(audio.sinkId, "A's sound plays there").to.equal(target);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).speaker).to.equal(target);
  });
});
