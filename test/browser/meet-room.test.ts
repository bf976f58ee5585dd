import { expect, fixture, html } from '@open-wc/testing';
import '../../src/all.js';
import {
  gridLayout,
  MeetCameraChangeEvent,
  MeetConnectionChangeEvent,
  MeetErrorEvent,
  MeetJoinedEvent,
  MeetLeftEvent,
  MeetMicChangeEvent,
  MeetParticipantJoinEvent,
  MeetParticipantLeaveEvent,
  type MeetRoom,
} from '../../src/index.js';
import { resolveServer } from '../../src/meet-room/server-url.js';
import { CAMERA_START_MS, RELAY_URL, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
import { part, record, tileFor, tileNames, tiles, visible, watchTile } from './elements-helpers.js';

interface Who {
  name?: string;
  camera?: boolean;
  mic?: boolean;
}

/** A <meet-room> created by hand, so listeners are on before it joins. */
function makeRoom(room: string, who: Who = {}, events: (keyof GlobalEventHandlersEventMap)[] = []) {
  const el = document.createElement('meet-room');
  const seen = record(el, ...events);
  el.style.cssText = 'width: 480px; height: 320px';
  el.server = '/ws';
  el.room = room;
  el.name = who.name ?? 'Ada';
  el.camera = !!who.camera;
  el.mic = !!who.mic;
  return { el, seen };
}

/** Two rooms side by side in one page, joined to the same room, each seeing the other. */
async function pair(a: Who = {}, b: Who = {}) {
  const room = uniqueRoom('ui');
  const wrap = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 8px">
    <meet-room style="flex: none; width: 480px; height: 320px" server="/ws" room=${room} name=${a.name ?? 'Ada'} ?camera=${a.camera} ?mic=${a.mic}></meet-room>
    <meet-room style="flex: none; width: 480px; height: 320px" server="/ws" room=${room} name=${b.name ?? 'Bob'} ?camera=${b.camera} ?mic=${b.mic}></meet-room>
  </div>`);
  const [ra, rb] = [...wrap.querySelectorAll('meet-room')] as [MeetRoom, MeetRoom];
  await until(() => ra.self && rb.self, 'both rooms joined');
  await until(() => tileFor(rb, ra.self!.id) && tileFor(ra, rb.self!.id), 'each room shows the other');
  return { a: ra, b: rb, room, wrap };
}

describe('<meet-room>: two rooms in one page through the real relay', function () {
  // Room for a camera's slow start (CAMERA_START_MS) on top of the test's own waits.
  this.timeout(60000);
  it("shows A's camera at B, the avatar the moment it goes off, loading then video when it comes back", async () => {
    const { a, b } = await pair({ name: 'Ada', camera: true }, { name: 'Bob' });
    expect(tileNames(a)).to.deep.equal(['Ada', 'Bob'], 'self first, then join order');
    const tile = tileFor(b, a.self!.id)!;
    await until(() => tile.state === 'video', "B's tile for A shows video", CAMERA_START_MS);
    const video = part<HTMLVideoElement>(tile, 'video')!;
    expect(visible(video)).to.equal(true);
    expect(visible(part(tile, 'avatar'))).to.equal(false);
    await videoAdvances(video);

    const seen = watchTile(tile);
    await a.setCamera(false);
    await until(() => tile.state === 'avatar', "B's tile for A back to the avatar");
    // Whenever the tile said "avatar", the video was already hidden and the avatar shown.
    const offs = seen.filter((s) => s.state === 'avatar');
    expect(offs.length).to.be.greaterThan(0);
    for (const s of offs) expect(s).to.include({ videoShown: false, avatarShown: true });
    expect(visible(video)).to.equal(false);
    expect(visible(part(tile, 'avatar'))).to.equal(true);

    seen.length = 0;
    await a.setCamera(true);
    await until(() => tile.state === 'video', "B's tile for A shows video again", 20000);
    const states = seen.map((s) => s.state);
    expect(states).to.include('loading');
    expect(states.indexOf('loading')).to.be.below(states.lastIndexOf('video'));
    const loading = seen.find((s) => s.state === 'loading')!;
    expect(loading).to.include({ avatarShown: true, spinnerShown: true }, 'a spinner over the avatar while loading');
    expect(visible(part(tile, 'spinner'))).to.equal(false);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
  });

  it('shows your own camera mirrored and never plays your own sound', async () => {
    const { a } = await pair({ camera: true, mic: true });
    const own = tileFor(a, a.self!.id)!;
    expect(own.local).to.equal(true);
    expect(own.hasAttribute('local')).to.equal(true);
    await until(() => own.state === 'video', 'own tile shows the camera');
    const video = part<HTMLVideoElement>(own, 'video')!;
    expect(visible(video)).to.equal(true);
    expect(video.muted).to.equal(true);
    expect((video.srcObject as MediaStream).getVideoTracks()[0]!.readyState).to.equal('live');
    expect(getComputedStyle(video).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)', 'mirrored');
    expect(own.shadowRoot!.querySelector('audio')).to.equal(null);
    await videoAdvances(video);

    await a.setCamera(false);
    expect(own.state).to.equal('avatar');
    await own.updateComplete;
    expect(visible(video)).to.equal(false);
    expect(video.srcObject).to.equal(null, 'the camera is released');
  });

  it("shows the mic-off icon on A's tile at B when A mutes, and the speaking ring while A talks", async () => {
    const { a, b } = await pair({ mic: true });
    const tile = tileFor(b, a.self!.id)!;
    await until(() => !tile.muted, "A's tile at B unmuted");
    expect(part(tile, 'muted-icon')).to.equal(null);
    // The fake microphone beeps: A measures it and signals speaking; B only draws the ring.
    await until(() => tile.hasAttribute('speaking'), 'speaking ring at B');
    await until(() => getComputedStyle(part(tile, 'base')!, '::after').opacity === '1', 'the ring drawn');

    await a.setMic(false);
    await until(() => tile.muted, "A's tile at B muted");
    expect(tile.hasAttribute('muted')).to.equal(true);
    expect(visible(part(tile, 'muted-icon'))).to.equal(true);
    expect(part(tile, 'muted-icon')!.getAttribute('aria-label')).to.equal('Microphone off');
    await until(() => !tile.hasAttribute('speaking'), 'no ring once muted');
  });

  it("removes A's tile at B when A leaves, and A can join again", async () => {
    const { a, b } = await pair();
    const aId = a.self!.id;
    const leaves = record(b, 'meet-participant-leave');
    const left = record(a, 'meet-left');
    await a.leave();
    await until(() => !tileFor(b, aId), "A's tile gone at B");
    expect(leaves.map((e) => e.participant.id)).to.deep.equal([aId]);
    expect(left.length).to.equal(1);
    expect(a.getAttribute('connection')).to.equal('closed');
    expect(tiles(a)).to.have.length(0);
    expect(part(a, 'status')!.textContent).to.contain('You left the meeting.');

    part<HTMLButtonElement>(a, 'rejoin-button')!.click();
    await until(() => a.self, 'A joined again');
    await until(() => tileFor(b, a.self!.id), 'B sees A again');
  });

  it("gives a late joiner A's video", async () => {
    const room = uniqueRoom('late-ui');
    const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
    const a = makeRoom(room, { name: 'Ada', camera: true }).el;
    wrap.append(a);
    await until(() => a.self?.camera, 'A joined with the camera on');
    await sleep(1500);
    const late = makeRoom(room, { name: 'Late' }).el;
    wrap.append(late);
    const tile = await until(() => late.self && tileFor(late, a.self!.id), "the late joiner's tile for A");
    await until(() => tile.state === 'video', 'late joiner shows video', CAMERA_START_MS);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
  });

  it('fires typed events with the right fields', async () => {
    const room = uniqueRoom('events');
    const types = ['meet-joined', 'meet-participant-join', 'meet-camera-change', 'meet-mic-change', 'meet-connection-change', 'meet-left'] as const;
    const a = makeRoom(room, { name: 'Ada' }, [...types]);
    const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
    // Composed and bubbling: a listener on the page hears them too.
    const atDocument = record(document, 'meet-joined');
    wrap.append(a.el);
    await until(() => a.el.self, 'A joined');
    const b = makeRoom(room, { name: 'Bob' }, [...types]);
    wrap.append(b.el);
    await until(() => a.seen.some((e) => e.type === 'meet-participant-join'), 'A hears Bob join');
    await a.el.setCamera(true);
    await until(() => b.seen.some((e) => e.type === 'meet-camera-change'), 'B hears the camera change');
    await a.el.setMic(true);
    await until(() => b.seen.some((e) => e.type === 'meet-mic-change'), 'B hears the mic change');

    const joined = a.seen.find((e) => e.type === 'meet-joined')!;
    expect(joined).to.be.instanceOf(MeetJoinedEvent);
    expect((joined as MeetJoinedEvent).self).to.include({ name: 'Ada', id: a.el.self!.id });
    expect(joined.bubbles && joined.composed).to.equal(true);
    expect(atDocument.some((e) => e.self.name === 'Ada')).to.equal(true);
    // Who was already there comes with it: Bob joined after Ada, Ada before Bob.
    expect((joined as MeetJoinedEvent).participants.map((p) => p.name)).to.deep.equal(['Ada']);
    const bobJoined = b.seen.find((e) => e.type === 'meet-joined') as MeetJoinedEvent;
    expect(bobJoined.participants.map((p) => p.name), 'you first, then in join order').to.deep.equal(['Bob', 'Ada']);
    // Every tile says whose it is.
    expect(tiles(b.el).map((t) => t.getAttribute('participant-id'))).to.deep.equal([String(b.el.self!.id), String(a.el.self!.id)]);

    const connection = a.seen.filter((e): e is MeetConnectionChangeEvent => e instanceof MeetConnectionChangeEvent).map((e) => e.connection);
    expect(connection).to.deep.equal(['connecting', 'open']);
    expect(a.el.getAttribute('connection')).to.equal('open');

    const join = a.seen.find((e) => e instanceof MeetParticipantJoinEvent) as MeetParticipantJoinEvent;
    expect(join.participant.name).to.equal('Bob');

    const remoteCamera = b.seen.filter((e) => e instanceof MeetCameraChangeEvent) as MeetCameraChangeEvent[];
    expect(remoteCamera.map((e) => [e.participant.name, e.camera, e.local])).to.deep.equal([['Ada', true, false]]);
    const localCamera = a.seen.filter((e) => e instanceof MeetCameraChangeEvent) as MeetCameraChangeEvent[];
    expect(localCamera.map((e) => [e.participant.name, e.camera, e.local])).to.deep.equal([['Ada', true, true]]);
    const remoteMic = b.seen.filter((e) => e instanceof MeetMicChangeEvent) as MeetMicChangeEvent[];
    expect(remoteMic.map((e) => [e.participant.name, e.mic, e.local])).to.deep.equal([['Ada', true, false]]);

    const leaves = record(b.el, 'meet-participant-leave');
    await a.el.leave();
    expect(a.seen.at(-1)).to.be.instanceOf(MeetLeftEvent);
    expect(a.seen.filter((e) => e instanceof MeetConnectionChangeEvent).at(-1)).to.include({ connection: 'closed' });
    await until(() => leaves.length, 'B hears A leave');
    expect(leaves[0]).to.be.instanceOf(MeetParticipantLeaveEvent);
    expect(leaves[0]!.participant.name).to.equal('Ada');
  });

  it("shows a remote tile as reconnecting while its connection is down and the relay waits for it, then as before", async () => {
    const room = uniqueRoom('reconnecting');
    const b = await fixture<MeetRoom>(html`<meet-room style="width: 480px; height: 360px" server="/ws" room=${room} name="Bob"></meet-room>`);
    await until(() => b.self, 'B joined');
    // Cy speaks the wire protocol on a raw socket, so the test can cut it like a network would.
    const join = (resume?: string) =>
      new Promise<{ ws: WebSocket; welcome: { self: { id: number }; resume: string } }>((resolve) => {
        const ws = new WebSocket(RELAY_URL);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'join', room, name: 'Cy', ...(resume && { resume }) }));
        ws.onmessage = ({ data }) => {
          const msg = JSON.parse(String(data));
          if (msg.type === 'welcome') resolve({ ws, welcome: msg });
        };
      });
    const cy = await join();
    const tile = await until(() => tileFor(b, cy.welcome.self.id), "B shows Cy's tile");
    await until(() => tile.state === 'avatar', 'Cy: no camera');
    cy.ws.close();
    await until(() => tile.state === 'reconnecting', 'reconnecting');
    expect(part(tile, 'status')!.textContent).to.equal('Reconnecting…');
    expect(visible(part(tile, 'spinner'))).to.equal(true);
    expect(visible(part(tile, 'video')), 'no frozen frame').to.equal(false);
    const back = await join(cy.welcome.resume);
    expect(back.welcome.self.id, 'the same participant').to.equal(cy.welcome.self.id);
    await until(() => tile.state === 'avatar', 'back');
    expect(part(tile, 'status')).to.equal(null);
    expect(tileFor(b, cy.welcome.self.id), 'the same tile: no leave, no join').to.equal(tile);
    back.ws.send(JSON.stringify({ type: 'leave' }));
  });

  it('renders names as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__meetXss=1">';
    const { a, b } = await pair({ name: evil }, { name: 'Bob' });
    for (const tile of [tileFor(b, a.self!.id)!, tileFor(a, a.self!.id)!]) {
      expect(part(tile, 'name')!.textContent).to.equal(evil);
      expect(tile.shadowRoot!.querySelector('img')).to.equal(null);
    }
    await sleep(200);
    expect((window as { __meetXss?: number }).__meetXss).to.equal(undefined);
  });

  it('lays tiles out as the largest 16:9 boxes that fit, again on resize and on joins', async () => {
    const { a, room, wrap } = await pair({ name: 'Ada' }, { name: 'Bob' });
    const expectLayout = async (count: number) => {
      await until(() => tiles(a).length === count, `${count} tiles`);
      await a.updateComplete;
      // Measured at every check: the grid's box settles only once the controls below it have rendered.
      const layoutNow = () => {
        const el = part(a, 'grid')!;
        // Its content box: the room keeps a scrollbar's width free (scrollbar-gutter: stable).
        return { grid: el.getBoundingClientRect(), g: gridLayout(count, el.clientWidth, el.clientHeight) };
      };
      const { grid, g } = await until(() => {
        const now = layoutNow();
        return tiles(a).every((t) => Math.abs(t.getBoundingClientRect().width - now.g.width) < 1) ? now : undefined;
      }, 'tiles re-laid out');
      for (const t of tiles(a)) {
        const r = t.getBoundingClientRect();
        expect(r.height).to.be.closeTo(g.height, 1);
        expect(r.left >= grid.left - 1 && r.right <= grid.right + 1 && r.top >= grid.top - 1 && r.bottom <= grid.bottom + 1).to.equal(true, 'inside the grid');
      }
      return g;
    };
    const two = await expectLayout(2);
    a.style.width = '300px';
    a.style.height = '600px';
    const narrow = await expectLayout(2);
    expect(narrow.columns).to.equal(1, 'stacked in a tall box');
    expect(two.columns).to.equal(2);

    const c = makeRoom(room, { name: 'Cy' }).el;
    wrap.append(c);
    await expectLayout(3);
    expect(tileNames(a)).to.deep.equal(['Ada', 'Bob', 'Cy'], 'join order, nobody reshuffled');
    await until(() => tiles(c).length === 3, 'Cy sees everyone');
    // Cy first, then the others in the order the relay took their joins (A's and B's raced).
    expect(tileNames(c)[0]).to.equal('Cy');
    expect(tileNames(c).slice(1).sort()).to.deep.equal(['Ada', 'Bob']);
  });

  it('leaves when removed from the page, but not when moved within it', async () => {
    const { a, b, wrap } = await pair();
    const id = a.self!.id;
    wrap.prepend(a); // a move: disconnected and connected in one task
    await sleep(300);
    expect(a.self?.id).to.equal(id);
    a.remove();
    await until(() => !tileFor(b, id), "A's tile gone at B after A is removed");
    expect(a.self).to.equal(undefined);
  });

  it('replaces the default controls with a slot="controls" child, and brings them back when it goes', async () => {
    const el = await fixture<MeetRoom>(html`<meet-room><button slot="controls">Hang up</button></meet-room>`);
    expect(el.shadowRoot!.querySelector('meet-controls')).to.equal(null);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="controls"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Hang up']);
    const plain = await fixture<MeetRoom>(html`<meet-room></meet-room>`);
    expect(visible(plain.shadowRoot!.querySelector('meet-controls'))).to.equal(true);

    const custom = el.querySelector('button')!;
    custom.remove();
    await until(() => visible(el.shadowRoot!.querySelector('meet-controls')), 'the default controls once the slotted child is gone');
    el.append(custom);
    await until(() => el.shadowRoot!.querySelector('meet-controls') === null, 'gone again when a child takes the slot');
    custom.slot = '';
    await until(() => visible(el.shadowRoot!.querySelector('meet-controls')), 'back when the child leaves the slot');
  });

  it('joins the new room when its room changes, and leaves the old one', async () => {
    const { a, b } = await pair();
    const oldId = a.self!.id;
    const other = uniqueRoom('moved');
    a.room = other;
    await until(() => !tileFor(b, oldId), 'A left the old room');
    await until(() => a.self && a.self.id !== oldId, 'A joined the new room');
    const { el: c } = makeRoom(other, { name: 'Cy' });
    document.body.append(c);
    try {
      await until(() => tileFor(c, a.self!.id), 'someone in the new room sees A');
      // A hears of Cy's join on its own socket, not necessarily before Cy renders A.
      await until(() => tileNames(a).includes('Cy'), 'A sees them');
    } finally {
      c.remove();
    }
  });

  it('takes a camera turned on while joining (before the welcome): it is on once joined', async () => {
    const { el: a } = makeRoom(uniqueRoom('early'), { name: 'Ada' });
    let early: Promise<void> | undefined;
    let welcomedThen = true;
    a.addEventListener('meet-connection-change', (e) => {
      if (e.connection !== 'connecting' || early) return;
      welcomedThen = a.self !== undefined;
      early = a.setCamera(true);
    });
    document.body.append(a);
    try {
      await until(() => early, 'the join started');
      expect(welcomedThen).to.equal(false, 'turned on before the welcome');
      await until(() => a.self?.camera, "A's camera on once joined", 10000);
      expect(a.camera).to.equal(true);
    } finally {
      a.remove();
    }
  });

  it('reports a denied camera on the local tile and as a meet-error, and still joins', async () => {
    const original = Object.getOwnPropertyDescriptor(navigator.mediaDevices, 'getUserMedia');
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c?: MediaStreamConstraints) =>
      c?.video ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : real(c);
    try {
      const { el, seen } = makeRoom(uniqueRoom('denied'), { camera: true, mic: true }, ['meet-error']);
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      await until(() => seen.length, 'a meet-error');
      const error = seen[0] as MeetErrorEvent;
      expect(error).to.be.instanceOf(MeetErrorEvent);
      expect([error.code, error.message]).to.deep.equal(['camera-denied', 'Camera permission denied']);
      const own = await until(() => tileFor(el, el.self?.id), 'own tile');
      await until(() => own.state === 'error', 'own tile in error');
      expect(part(own, 'status')!.textContent).to.equal('Camera permission denied');
      expect(visible(part(own, 'avatar'))).to.equal(true);
      await until(() => el.self?.mic, 'the microphone still works');
      expect(seen).to.have.length(1, 'one meet-error for one failure');
      const controls = el.shadowRoot!.querySelector('meet-controls')!;
      await controls.updateComplete;
      const camera = part<HTMLButtonElement>(controls, 'camera-button')!;
      expect(camera.getAttribute('aria-pressed')).to.equal('false');
      expect(camera.disabled).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      if (original) Object.defineProperty(navigator.mediaDevices, 'getUserMedia', original);
      else delete (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia;
    }
  });

  it('is accessible while joined, with video and avatar tiles', async () => {
    const { a, b } = await pair({ camera: true });
    const media = () => b.api.media(a.self!.id);
    await until(() => tileFor(b, a.self!.id)?.state === 'video', 'video at B', CAMERA_START_MS).catch((e: Error) => {
      const m = media() as unknown as { videoState: string; players: { video: { state: string; epoch: number; constructor: { name: string } } } } | undefined;
      throw new Error(`${e.message} (tile ${tileFor(b, a.self!.id)?.state}, video ${m?.videoState}, player ${m?.players.video.constructor.name} ${m?.players.video.state} epoch ${m?.players.video.epoch}, A camera ${a.self?.camera})`);
    });
    await expect(a).to.be.accessible();
    await expect(b).to.be.accessible();
  });

  it('follows the theme attribute over the system theme', async () => {
    const el = await fixture<MeetRoom>(html`<meet-room theme="light"></meet-room>`);
    const light = getComputedStyle(el).backgroundColor;
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    const dark = getComputedStyle(el).backgroundColor;
    expect(light).to.equal('rgb(242, 243, 245)');
    expect(dark).to.equal('rgb(49, 51, 56)');
  });

  it('resolves a relative server URL against the page, http to ws', () => {
    expect(resolveServer('/ws', 'http://example.test:8080/app/')).to.equal('ws://example.test:8080/ws');
    expect(resolveServer('relay', 'https://example.test/app/')).to.equal('wss://example.test/app/relay');
    expect(resolveServer('wss://other.test/ws', 'http://example.test/')).to.equal('wss://other.test/ws');
  });
});
