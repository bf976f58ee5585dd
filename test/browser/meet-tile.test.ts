import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/all.js';
import { avatarColor, initials, roomContext, type LocalDevices, type MeetTile, type Participant, type RemoteMedia, type RoomApi, type VideoState } from '../../src/index.js';
import { until } from './helpers.js';
import { part, visible, watchTile } from './elements-helpers.js';

const person = (over: Partial<Participant> = {}): Participant => ({ id: 7, name: 'Ada King', camera: false, mic: true, speaking: false, ...over });

/** What a remote participant's media looks like to a tile: real elements, a state we choose. */
interface StubMedia {
  video: HTMLVideoElement;
  audio: HTMLAudioElement;
  videoState: VideoState;
  errorReason: string;
}

/** A room API with state the test sets directly: tiles are tested without a relay. */
class TestRoom implements RoomApi {
  readonly changes = new EventTarget();
  joined = true;
  connection = 'open' as const;
  participants: Participant[] = [];
  self: Participant | undefined;
  localVideoTrack: MediaStreamTrack | undefined;
  pending = { camera: false, mic: false };
  localError: LocalDevices<string | undefined> = { camera: undefined, mic: undefined };
  readonly remote = new Map<number, StubMedia>();
  media(id: number) {
    return this.remote.get(id) as unknown as RemoteMedia | undefined;
  }
  async setCamera() {}
  async setMic() {}
  async toggleCamera() {}
  async toggleMic() {}
  leave() {}
  /** Changes state and tells subscribers, as the real room does. */
  set(change: (room: this) => void) {
    change(this);
    this.changes.dispatchEvent(new Event('change'));
  }
}

/** A tile inside an element that provides `room` through the room context. */
async function tileIn(room: TestRoom, template = html`<meet-tile participant-id="7"></meet-tile>`) {
  const host = await fixture<HTMLDivElement>(html`<div style="width: 320px"></div>`);
  new ContextProvider(host, { context: roomContext, initialValue: room });
  const wrapper = await fixture<HTMLDivElement>(html`<div>${template}</div>`, { parentNode: host });
  const tile = wrapper.querySelector('meet-tile')!;
  await tile.updateComplete;
  return tile;
}

function remoteRoom(p = person({ camera: true }), videoState: VideoState = 'loading') {
  const room = new TestRoom();
  room.participants = [person({ id: 1, name: 'Me' }), p];
  room.self = room.participants[0];
  room.remote.set(p.id, { video: document.createElement('video'), audio: document.createElement('audio'), videoState, errorReason: '' });
  return room;
}

describe('<meet-tile>', () => {
  it('shows initials on a color derived from the name, the name as text, and a mic-off icon when muted', async () => {
    const tile = await fixture<MeetTile>(html`<meet-tile style="width: 320px" .participant=${person({ mic: false })}></meet-tile>`);
    expect(tile.state).to.equal('avatar');
    expect(tile.getAttribute('state')).to.equal('avatar');
    const face = part(tile, 'avatar')!.querySelector<HTMLElement>('.face')!;
    expect(face.textContent!.trim()).to.equal('AK');
    expect(getComputedStyle(face).backgroundColor).to.equal(hexToRgb(avatarColor('Ada King')));
    expect(part(tile, 'name')!.textContent).to.equal('Ada King');
    expect(tile.muted).to.equal(true);
    expect(tile.hasAttribute('muted')).to.equal(true);
    expect(visible(part(tile, 'muted-icon'))).to.equal(true);

    tile.participant = person({ mic: true });
    await tile.updateComplete;
    expect(tile.hasAttribute('muted')).to.equal(false);
    expect(part(tile, 'muted-icon')).to.equal(null);
    await expect(tile).to.be.accessible();
  });

  it('is hidden by the hidden attribute, like the room and the controls, and shown again without it', async () => {
    const box = await fixture<HTMLElement>(html`<div style="width: 480px; height: 360px">
      <meet-room hidden></meet-room>
      <meet-tile hidden style="width: 320px" .participant=${person()}></meet-tile>
      <meet-controls hidden></meet-controls>
    </div>`);
    const elements = [...box.children] as HTMLElement[];
    for (const el of elements) await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    for (const el of elements) expect(visible(el), `${el.localName} hidden`).to.equal(false);
    for (const el of elements) el.hidden = false;
    for (const el of elements) expect(visible(el), `${el.localName} shown`).to.equal(true);
  });

  it('gives the same name the same color, and makes initials from the first and last word', () => {
    expect(avatarColor('Grace Hopper')).to.equal(avatarColor('Grace Hopper'));
    const colors = new Set(['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal'].map(avatarColor));
    expect(colors.size).to.be.greaterThan(3, 'names spread over the palette');
    expect(initials('grace brewster hopper')).to.equal('GH');
    expect(initials('  Linus ')).to.equal('L');
    expect(initials('😀 smile')).to.equal('😀S');
    expect(initials('')).to.equal('?');
    expect(initials('Ada <b>x</b>')).to.equal('AB');
  });

  it('shows the avatar image when there is one', async () => {
    const src = 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/%3E';
    const tile = await fixture<MeetTile>(html`<meet-tile style="width: 320px" .participant=${person({ avatar: src })}></meet-tile>`);
    const img = part(tile, 'avatar')!.querySelector('img')!;
    expect(img.getAttribute('src')).to.equal(src);
    expect(part(tile, 'avatar')!.textContent!.trim()).to.equal('');
  });

  it('renders a name with markup as text', async () => {
    const evil = '<img src=x onerror="window.__tileXss=1"><b>bold</b>';
    const tile = await fixture<MeetTile>(html`<meet-tile .participant=${person({ name: evil })}></meet-tile>`);
    expect(part(tile, 'name')!.textContent).to.equal(evil);
    expect(tile.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect(tile.getAttribute('aria-label') ?? part(tile, 'base')!.getAttribute('aria-label')).to.equal(evil);
  });

  it('keeps the speaking ring a moment after speech stops, and never while muted', async () => {
    const tile = await fixture<MeetTile>(html`<meet-tile .participant=${person()}></meet-tile>`);
    tile.speakingDelay = 300;
    tile.participant = person({ speaking: true });
    await tile.updateComplete;
    expect(tile.speaking).to.equal(true);
    expect(tile.hasAttribute('speaking')).to.equal(true);
    tile.participant = person({ speaking: false });
    await tile.updateComplete;
    expect(tile.hasAttribute('speaking')).to.equal(true, 'a short pause does not blink the ring');
    tile.participant = person({ speaking: true });
    await tile.updateComplete;
    tile.participant = person({ speaking: false });
    await until(() => !tile.hasAttribute('speaking'), 'the ring goes after the delay');

    tile.participant = person({ speaking: true, mic: false });
    await tile.updateComplete;
    expect(tile.hasAttribute('speaking')).to.equal(false);
  });

  it('looks a participant up by participant-id in the room, and follows their state', async () => {
    const room = remoteRoom(person({ camera: false }), 'off');
    const tile = await tileIn(room);
    expect(part(tile, 'name')!.textContent).to.equal('Ada King');
    expect(tile.local).to.equal(false);
    room.set((r) => (r.participants = [r.participants[0]!, person({ name: 'Ada Lovelace', mic: false })]));
    await tile.updateComplete;
    expect(part(tile, 'name')!.textContent).to.equal('Ada Lovelace');
    expect(tile.muted).to.equal(true);
  });

  it('adopts the remote video and audio: spinner over the avatar while loading, video once playing, avatar the moment the camera is off', async () => {
    const room = remoteRoom();
    const media = room.remote.get(7)!;
    const tile = await tileIn(room);
    expect(tile.shadowRoot!.contains(media.video) && tile.shadowRoot!.contains(media.audio)).to.equal(true);
    expect(media.video.getAttribute('part')).to.equal('video');

    expect(tile.state).to.equal('loading');
    expect(visible(part(tile, 'spinner'))).to.equal(true);
    expect(visible(part(tile, 'avatar'))).to.equal(true);
    await expect(tile).to.be.accessible();

    room.set(() => (media.videoState = 'playing'));
    await tile.updateComplete;
    expect(tile.state).to.equal('video');
    expect(visible(media.video)).to.equal(true);
    expect(visible(part(tile, 'avatar'))).to.equal(false);
    expect(part(tile, 'spinner')).to.equal(null);
    await expect(tile).to.be.accessible();

    // Camera-off is signaled: the tile flips even if the player has not caught up.
    const seen = watchTile(tile);
    room.set((r) => (r.participants = [r.participants[0]!, person({ camera: false })]));
    await tile.updateComplete;
    await Promise.resolve();
    expect(seen.map((s) => [s.state, s.videoShown, s.avatarShown])).to.deep.equal([['avatar', false, true]]);
    expect(tile.shadowRoot!.contains(media.audio)).to.equal(true, 'sound keeps its element');
  });

  it('shows a short reason when the video fails', async () => {
    const room = remoteRoom();
    const media = room.remote.get(7)!;
    const tile = await tileIn(room);
    room.set(() => Object.assign(media, { videoState: 'error', errorReason: 'Unsupported video codec' }));
    await tile.updateComplete;
    expect(tile.state).to.equal('error');
    expect(part(tile, 'status')!.textContent).to.equal('Unsupported video codec');
    expect(visible(media.video)).to.equal(false);
    await expect(tile).to.be.accessible();
  });

  it('shows the local camera mirrored, loading until its first frame, and no audio element', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0]!;
    try {
      const room = new TestRoom();
      room.self = person({ camera: true });
      room.participants = [room.self];
      room.localVideoTrack = track;
      const tile = await tileIn(room);
      expect(tile.local).to.equal(true);
      expect(tile.hasAttribute('local')).to.equal(true);
      expect(['loading', 'video']).to.include(tile.state);
      await until(() => tile.state === 'video', 'the local preview shows');
      const video = part<HTMLVideoElement>(tile, 'video')!;
      expect((video.srcObject as MediaStream).getVideoTracks()[0]).to.equal(track);
      expect(video.muted).to.equal(true);
      expect(getComputedStyle(video).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
      expect(tile.shadowRoot!.querySelector('audio')).to.equal(null);
      await expect(tile).to.be.accessible();

      room.set((r) => {
        r.self = person({ camera: false });
        r.participants = [r.self];
        r.localVideoTrack = undefined;
        r.localError = { camera: 'Camera permission denied', mic: undefined };
      });
      await tile.updateComplete;
      expect(tile.state).to.equal('error');
      expect(part(tile, 'status')!.textContent).to.equal('Camera permission denied');
      expect(visible(video)).to.equal(false);
      await expect(tile).to.be.accessible();
    } finally {
      track.stop();
    }
  });
});

function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
