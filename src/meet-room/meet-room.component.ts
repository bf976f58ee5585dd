import { ContextProvider } from '@lit/context';
import { ResizeController } from '@lit-labs/observers/resize-controller.js';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { roomContext, type RoomApi } from '../context/room-context.js';
import { HasSlotController } from '../controllers/has-slot.js';
import { MeetControls } from '../meet-controls/meet-controls.component.js';
import { MeetTile, type TileKind } from '../meet-tile/meet-tile.component.js';
import type { RendererChoice } from '../core/remote-media.js';
import type { ConnectionState } from '../core/signaling.js';
import type { Participant } from '../protocol/index.js';
import { NO_DEVICES, type DeviceChoice, type MeetDevices } from '../devices/device-list.js';
import type { DeviceChoices } from '../devices/preferences.js';
import { MeetDeviceChangeEvent } from '../events/device-change.js';
import { MeetCameraChangeEvent } from '../events/camera-change.js';
import { MeetMicChangeEvent } from '../events/mic-change.js';
import { MeetParticipantJoinEvent } from '../events/participant-join.js';
import { MeetParticipantLeaveEvent } from '../events/participant-leave.js';
import { MeetScreenChangeEvent } from '../events/screen-change.js';
import { TILE_GAP } from './grid.js';
import { ActiveSpeaker } from './active-speaker.js';
import { layoutRoom, type LayoutMode, type TileBox } from './layout.js';
import { OutOfViewController } from './out-of-view.js';
import { arrowTarget } from '../util/arrow-keys.js';
import { JoinController, LEFT_NOTICE, type JoinRequest } from './join-controller.js';
import type { MeetStrings } from '../i18n/strings.js';
import { LanguageController } from '../i18n/language.js';
import { loadPrejoin } from './media-loader.js';
import type { MeetJoinRequestEvent } from '../events/join-request.js';
import { WATCH_ROW, roomStyles } from './meet-room.styles.js';
import { RoomWatcher } from './room-events.js';
import { RoomModel } from './room-model.js';
import { RoomSwitch } from './room-switch.js';
import { resolveServer } from './server-url.js';

/** The elements a room renders, defined with it. */
const RENDERS = [['meet-tile', MeetTile], ['meet-controls', MeetControls]] as const;

const TILE_PARTS = ['base', 'video', 'avatar', 'spinner', 'status', 'name', 'muted-icon'].map((p) => `${p}: tile-${p}`).join(', ');
const NO_BOX = { width: 0, height: 0 };
const PREJOIN_PARTS = ['base', 'preview', 'video', 'camera-button', 'mic-button', 'meter', 'message', 'error', 'retry-button', 'name-input', 'device-select', 'join-button']
  .map((p) => `${p}: prejoin-${p}`)
  .join(', ');
const CONTROL_PARTS = 'base: controls-base, button, camera-button, mic-button, screen-button, settings-button, leave-button, settings, device-select';
/** ms a notice (a device that fell back to the default) stays up. */
const NOTICE_MS = 6000;

/**
 * @summary A video meeting: joins a room on the relay and shows everyone in a grid of
 * `<meet-tile>`s, with `<meet-controls>` below.
 *
 * Joins once it is in the page and has `server`, `room` and `name` (or on `join()`), and
 * leaves on `leave()`, the leave button, or removal from the page. Tiles keep join order
 * and are the largest 16:9 boxes that fit (`layout="grid"`), or one large tile and a strip
 * (`layout="speaker"`); a pinned tile or shared screens take the large spot. A large room
 * scrolls, and tiles out of view stop their video until they are back. Descendants get the room through the room
 * context (`roomContext`); elements elsewhere can use `api`. With `source` set it joins
 * nothing and shows that room instead (a `SimulatedRoom` in demos, Storybook and tests).
 * With `prejoin` it first shows a pre-join screen (`<meet-prejoin>`: camera preview, mic
 * meter, devices, name) and joins when Join is pressed (or on `join()`).
 *
 * @slot controls - Replaces the default `<meet-controls>`.
 *
 * @csspart base - The whole room (grid above controls).
 * @csspart grid - The box the tiles are laid out in (it scrolls when they do not fit).
 * @csspart screen-tile - The `<meet-tile kind="screen">` of each shared screen (also a `tile`),
 *   in the large spot above everyone's tiles while it is shared.
 * @csspart screen-hide-button - On someone else's shared screen: stop watching it (for you alone).
 * @csspart screen-watch-button - In place of a screen you stopped watching: watch it again.
 * @csspart tile - Every `<meet-tile>`; its parts are forwarded as `tile-base`, `tile-video`,
 *   `tile-avatar`, `tile-spinner`, `tile-status`, `tile-name` and `tile-muted-icon`.
 * @csspart status - Connecting / reconnecting / left messages over the grid.
 * @csspart notice - A short-lived message at the bottom of the grid (a device that was unplugged and the one used instead).
 * @csspart rejoin-button - The button to join again after leaving.
 * @csspart prejoin - The pre-join screen (`<meet-prejoin>`, with `prejoin`); its parts are forwarded
 *   as `prejoin-base`, `prejoin-preview`, `prejoin-video`, `prejoin-camera-button`, `prejoin-mic-button`,
 *   `prejoin-meter`, `prejoin-message`, `prejoin-error`, `prejoin-retry-button`, `prejoin-name-input`,
 *   `prejoin-device-select` and `prejoin-join-button`.
 * @csspart controls - The box around the controls; the default `<meet-controls>`'s parts
 *   are forwarded as `controls-base`, `button`, `camera-button`, `mic-button`, `screen-button`,
 *   `settings-button`, `leave-button`, `settings` and `device-select`.
 *
 * @cssproperty [--meet-room-background=#313338] - Page-like background behind the tiles (light theme: #f2f3f5).
 * @cssproperty [--meet-room-padding=16px] - Space around the grid and controls.
 * @cssproperty [--meet-color-text=#f2f3f5] - Text color (light theme: #313338).
 * @cssproperty [--meet-color-accent=#5865f2] - Accent (spinner, focus rings).
 * @cssproperty [--meet-color-accent-strong=#4752c4] - The "Join again" button.
 * @cssproperty [--meet-color-speaking=#23a55a] - Speaking ring color.
 * @cssproperty [--meet-tile-background=#2b2d31] - Tile background (light theme: #e3e5e8).
 * @cssproperty [--meet-tile-radius=8px] - Tile corner radius.
 * @cssproperty [--meet-font=14px/1.3 system-ui, sans-serif] - Font shorthand.
 *
 * @attr {ConnectionState} connection - The connection to the relay, reflected for styling (set by the room, not by you).
 *
 * @event {MeetJoinedEvent} meet-joined - The relay welcomed us; `self` is the local participant.
 * @event {MeetLeftEvent} meet-left - We left the room (or the relay ended the connection).
 * @event {MeetParticipantJoinEvent} meet-participant-join - Someone joined after us.
 * @event {MeetParticipantLeaveEvent} meet-participant-leave - Someone left.
 * @event {MeetCameraChangeEvent} meet-camera-change - A camera turned on or off (`local` tells whose).
 * @event {MeetMicChangeEvent} meet-mic-change - A microphone turned on or off.
 * @event {MeetSpeakingChangeEvent} meet-speaking-change - Someone started or stopped speaking.
 * @event {MeetScreenChangeEvent} meet-screen-change - Someone started or stopped sharing a screen (`local` tells whose).
 * @event {MeetConnectionChangeEvent} meet-connection-change - The connection state changed.
 * @event {MeetDeviceChangeEvent} meet-device-change - The cameras, microphones or speakers changed (`reason` `list`), or the one in use did (`chosen`, or `fallback` when it was unplugged and the default took over).
 * @event {MeetErrorEvent} meet-error - Something failed; `code` is a `MeetErrorCode`: a device's (`camera-denied`, `microphone-in-use`...), `screen-denied`, `screen-failed`, `join-failed`, `connection-lost`, or the relay's (`room-full`...).
 */
export class MeetRoom extends LitElement {
  static override styles = roomStyles;
  static override properties: PropertyDeclarations = {
    server: {},
    room: {},
    name: {},
    avatar: {},
    latency: { type: Number },
    renderer: {},
    encoder: {},
    camera: { type: Boolean },
    mic: { type: Boolean },
    theme: { reflect: true },
    prejoin: { type: Boolean },
    layout: { reflect: true },
    hideSelf: { type: Boolean, attribute: 'hide-self' },
    stats: { type: Boolean },
    lang: { reflect: true },
    strings: { attribute: false },
    source: { attribute: false },
    hiddenScreens: { state: true },
    pinnedKey: { state: true },
    focusKey: { state: true },
  };

  /** The relay's WebSocket URL; a relative one like `/ws` resolves against the page (`http` -> `ws`). */
  server = '';

  /** The room to join (letters, digits, `_`, `.`, `-`). */
  room = '';

  /** Your display name, as others see it. */
  name = '';

  /** Your avatar image URL (http(s) or data:image), shown while your camera is off. */
  avatar = '';

  /** Target lag of remote video and sound behind live, seconds (the player's default when unset). */
  latency?: number;

  /**
   * How remote video and sound are played: `webcodecs` (decode each frame and show it at once;
   * Chromium and Firefox, else MSE), `mse` (Media Source Extensions, every browser), `auto`
   * (WebCodecs where it decodes into generated tracks, Chromium; MSE elsewhere). Read when joining.
   */
  renderer: RendererChoice = 'auto';

  /**
   * How your camera and microphone are encoded: `webcodecs` (VideoEncoder and AudioEncoder:
   * Chromium, WebKit, Firefox), `mediarecorder` (every browser but WebKit, whose recorder makes
   * MP4), `auto` (WebCodecs in Chromium and WebKit, the microphone too while the page's audio
   * context runs; MediaRecorder in Firefox). Every viewer plays either. Read when joining.
   */
  encoder: 'auto' | 'webcodecs' | 'mediarecorder' = 'auto';

  /** Turn the camera on when joining. */
  camera = false;

  /** Turn the microphone on when joining. */
  mic = false;

  /** `light` or `dark` forces a theme; unset follows the system (prefers-color-scheme). */
  theme?: 'light' | 'dark';

  /**
   * How tiles are laid out: `grid` (everyone the same size; a pinned tile or shared screens
   * in a large spot above) or `speaker` (one large tile: the pinned one, else a shared screen,
   * else whoever speaks, switching only after they spoke a moment; the rest in a strip below).
   * Tiles never change order because someone spoke.
   */
  layout: LayoutMode = 'grid';

  /** Leave your own tile out (unless you are alone in the room). */
  hideSelf = false;

  /** Show every remote video's stats over it (each tile's `stats`). */
  stats = false;

  /**
   * The language of every word the room, its tiles and its controls show: a BCP 47 tag.
   * Built in: English (`en`, the default), Korean (`ko`) and Arabic (`ar`, right to left: the
   * layout is mirrored); others fall back to English. Unset, the page's `<html lang>`.
   */
  override lang = '';

  /**
   * Your own words for any of the room's strings (partial: the rest stay the language's), e.g.
   * `{ join: 'Enter', leave: 'Hang up' }`. See `MeetStrings` for every key.
   */
  strings?: Partial<MeetStrings>;

  /**
   * Show a pre-join screen first: your camera preview, a microphone meter, the devices, your
   * name and a Join button (nothing is sent before Join). It shows again after you leave.
   */
  prejoin = false;

  /**
   * A room to render instead of joining a relay: a `SimulatedRoom` for demos, Storybook and
   * tests, or any other `RoomApi`. While set, nothing is joined and tiles and controls use it;
   * the `meet-*` events fire as it changes. Removing the element does not leave it.
   */
  source?: RoomApi;

  private readonly model = new RoomModel((e) => this.onRoomEvent(e), () => this.words);
  /** The words shown: `lang`'s table (or the page's) with `strings` on top. */
  private readonly language = new LanguageController(this, () => ({ lang: this.lang, strings: this.strings }), () => this.shown.relabel());
  /** Ids whose shared screen you chose not to watch (see `hideScreen`). */
  private hiddenScreens: ReadonlySet<number> = new Set();
  /** The tile pinned to the large spot (`camera-<id>` or `screen-<id>`), if any. */
  private pinnedKey: string | undefined;
  /** The tile that takes the focus when Tab enters the grid (arrow keys move it). */
  private focusKey: string | undefined;
  /** Who the speaker layout focuses, with hysteresis. */
  private readonly speaker = new ActiveSpeaker();
  private speakerTimer: ReturnType<typeof setTimeout> | undefined;
  /** What the polite live region says last: who came, went, or turned something on or off. */
  private announcement = '';
  /** The notice shown at the bottom of the grid, if any, and when it goes. */
  private notice = '';
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly shown = new RoomSwitch(() => this.source ?? this.model, () => this.words);
  private readonly joining = new JoinController(this, this.model, () => this.joinRequest());
  /** The grid box's size, which the tiles are sized from. */
  private readonly grid = new ResizeController(this, {
    target: null,
    skipInitial: true,
    callback: ([entry]) => ({ width: entry!.contentRect.width, height: entry!.contentRect.height }),
  });
  /** The grid box observed for its size, if one is rendered. */
  private observedGrid: Element | undefined;
  /** Whether a `slot="controls"` child replaces the default controls. */
  private readonly customControls = new HasSlotController(this, 'controls');
  /** The `meet-*` events of the relay room, and of `source` (followed only while connected). */
  private readonly modelEvents = new RoomWatcher((events) => this.onRoomChange(events));
  private readonly sourceEvents = new RoomWatcher((events) => this.onRoomChange(events));

  constructor() {
    super();
    // What it renders, for pages that define only `meet-room` from the side-effect-free entry.
    for (const [tag, element] of RENDERS) if (!customElements.get(tag)) customElements.define(tag, element);
    new ContextProvider(this, { context: roomContext, initialValue: this.shown });
    // Tiles scrolled out of view stop their video until they are back.
    new OutOfViewController(this, () => this.api, () => this.renderRoot.querySelector('[part~="grid"]') ?? undefined);
    this.modelEvents.watch(this.model);
    // Sound that autoplay blocked may start on any gesture in the room.
    const resume = () => this.model.resumeAudio();
    this.addEventListener('pointerdown', resume);
    this.addEventListener('keydown', resume);
  }

  /**
   * The room API the context provides, for controls and tiles placed elsewhere: the relay
   * room, or `source` while it is set. One object for the element's whole life.
   */
  get api(): RoomApi {
    return this.shown;
  }

  /** Everyone in the room, you first, then in join order (empty until joined). Read-only. */
  get participants(): readonly Participant[] {
    return this.api.participants;
  }

  /** You, as the relay knows you, once joined. Read-only. */
  get self(): Participant | undefined {
    return this.api.self;
  }

  /** The connection to the relay: `connecting`, `open`, `reconnecting` or `closed` (reflected as `connection`). */
  get connection(): ConnectionState {
    return this.api.connection;
  }

  /**
   * Joins the room; resolves once joined and the camera and microphone asked for are on (or
   * failed). Does nothing while `source` is set.
   */
  join(): Promise<void> {
    return this.joining.join();
  }

  /** Leaves the room (or `source`), releasing the camera, microphone and connection. */
  async leave(): Promise<void> {
    this.joining.stay();
    this.api.leave();
  }

  /** Turns your camera on or off; before joining, sets whether it starts on. */
  async setCamera(on: boolean): Promise<void> {
    if (this.api.joined) return this.api.setCamera(on);
    this.camera = on;
    if (!this.source) await this.model.setCamera(on);
  }

  /** Turns your microphone on or off; before joining, sets whether it starts on. */
  async setMic(on: boolean): Promise<void> {
    if (this.api.joined) return this.api.setMic(on);
    this.mic = on;
    if (!this.source) await this.model.setMic(on);
  }

  /** Flips your camera. */
  toggleCamera(): Promise<void> {
    return this.api.joined ? this.api.toggleCamera() : this.setCamera(!this.camera);
  }

  /** Flips your microphone. */
  toggleMic(): Promise<void> {
    return this.api.joined ? this.api.toggleMic() : this.setMic(!this.mic);
  }

  /**
   * Starts sharing a screen once joined: the browser shows its picker (call it from a click
   * or key press; Firefox and Safari refuse without one). Rejects, and fires `meet-error`
   * (`screen-denied` or `screen-failed`), when the browser refuses.
   */
  shareScreen(): Promise<void> {
    return this.screen(true);
  }

  /** Stops sharing your screen (the browser's own "Stop sharing" does the same). */
  stopScreenShare(): Promise<void> {
    return this.screen(false);
  }

  /** Whether you are sharing a screen. */
  get sharing(): boolean {
    return !!this.api.self?.sharing;
  }

  /**
   * Pins a tile to the large spot (in both layouts), for you alone: someone's camera, or with
   * `kind` `screen` their shared screen. Double-click or Enter on a tile does the same, and
   * again unpins it. It stays until `unpin()`, another pin, or the tile going away.
   */
  pin(id: number, kind: TileKind = 'camera'): void {
    this.pinnedKey = `${kind}-${id}`;
  }

  /** Unpins: the large spot goes back to shared screens (or the speaker, in the speaker layout). */
  unpin(): void {
    this.pinnedKey = undefined;
  }

  /** The pinned tile, if any: whose, and which (`camera` or `screen`). */
  get pinned(): { id: number; kind: TileKind } | undefined {
    const match = /^(camera|screen)-(\d+)$/.exec(this.pinnedKey ?? '');
    return match ? { kind: match[1] as TileKind, id: Number(match[2]) } : undefined;
  }

  /**
   * Stops showing someone's shared screen, for you alone (they go on sharing with everyone
   * else): its tile goes, a "Watch" button takes its place, and the relay stops sending it to
   * you (nothing is received or decoded). `showScreen` brings it back, from its latest
   * keyframe. The ✕ on the screen tile does the same. It shows again when they next share.
   */
  hideScreen(id: number): void {
    if (this.hiddenScreens.has(id) || id === this.api.self?.id) return;
    this.hiddenScreens = new Set(this.hiddenScreens).add(id);
    this.api.watch?.(id, 'screen', false);
  }

  /** Shows someone's shared screen again after `hideScreen`. */
  showScreen(id: number): void {
    if (!this.hiddenScreens.has(id)) return;
    const next = new Set(this.hiddenScreens);
    next.delete(id);
    this.hiddenScreens = next;
    this.api.watch?.(id, 'screen', true);
  }

  /**
   * The page's cameras, microphones and speakers (`{cameras, microphones, speakers}`), kept
   * current while the room is in the page. Their names are empty until the page may use a
   * camera or microphone; `speakers` is empty where the browser cannot choose (Safari).
   */
  get devices(): MeetDevices {
    return this.api.devices ?? NO_DEVICES;
  }

  /**
   * The `deviceId` of the camera, microphone and speaker in use, or chosen for the next time
   * they are on (`{camera?, mic?, speaker?}`; a kind left out is the browser's default).
   */
  get activeDevices(): Readonly<DeviceChoices> {
    return this.api.activeDevices ?? {};
  }

  /**
   * Uses this camera (a `deviceId` from `devices.cameras`; `''`: the default) from now on,
   * remembered for this site. While it is on, it switches without turning off: viewers keep
   * the last picture until the new camera's first frame. Before joining (or on the pre-join
   * screen) it sets the camera to join with. Rejects, keeping the camera in use, if it
   * cannot be opened (also fires `meet-error`).
   */
  useCamera(deviceId: string): Promise<void> {
    return this.useDevice('camera', deviceId);
  }

  /** Uses this microphone (a `deviceId` from `devices.microphones`; `''`: the default), like `useCamera`. */
  useMic(deviceId: string): Promise<void> {
    return this.useDevice('mic', deviceId);
  }

  /**
   * Plays everyone's sound on this output (a `deviceId` from `devices.speakers`; `''`: the
   * default), remembered for this site. Chromium and Firefox can choose (`setSinkId`);
   * Safari cannot, and this rejects there with a `NotSupportedError`.
   */
  useSpeaker(deviceId: string): Promise<void> {
    return this.useDevice('speaker', deviceId);
  }

  private useDevice(kind: DeviceChoice, deviceId: string): Promise<void> {
    const use = this.api.useDevice;
    if (!use) return Promise.reject(new Error('This room offers no choice of devices'));
    return use(kind, deviceId);
  }

  private async screen(on: boolean): Promise<void> {
    const setScreen = this.api.setScreen;
    if (!this.api.joined || !setScreen) throw new Error(this.api.joined ? 'This room cannot share a screen' : 'Join the room before sharing a screen');
    return setScreen(on);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watchSource();
    this.model.deviceList.watch(true);
    void this.model.deviceList.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.speakerTimer);
    this.watchSource();
    this.model.deviceList.watch(false);
    clearTimeout(this.noticeTimer);
    this.noticeTimer = undefined;
    this.notice = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('source')) {
      this.joining.clearNotice();
      this.watchSource();
    }
    const { connection } = this.api;
    if (this.getAttribute('connection') !== connection) this.setAttribute('connection', connection);
    // A screen you stopped watching shows again the next time its owner shares.
    for (const id of this.hiddenScreens) {
      if (!this.api.participants.some((p) => p.id === id && p.sharing)) this.showScreen(id);
    }
  }

  /** The words in use. */
  private get words(): MeetStrings {
    return this.language.words;
  }

  /** Double-click on a tile: pin it, or unpin it. */
  private readonly onTileActivate = (e: Event): void => {
    const key = tileKeyIn(e);
    if (key) this.pinnedKey = this.pinnedKey === key ? undefined : key;
  };

  /** A tile took the focus (a click, Tab): arrow keys go on from it. */
  private readonly onTileFocus = (e: Event): void => {
    const key = tileKeyIn(e);
    if (key) this.focusKey = key;
  };

  /** Enter pins the focused tile; the arrow keys, Home and End move between tiles (mirrored right to left). */
  private readonly onGridKey = (e: KeyboardEvent): void => {
    // Keys on the tile itself: inside it (its menu's slider, its buttons) they are the control's.
    const target = e.composedPath()[0];
    const key = target instanceof HTMLElement && target.localName === 'meet-tile' ? target.dataset['key'] : undefined;
    if (!key || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter') {
      this.pinnedKey = this.pinnedKey === key ? undefined : key;
      e.preventDefault();
      return;
    }
    const tiles = [...this.renderRoot.querySelectorAll<HTMLElement>('meet-tile[data-key]')];
    const at = tiles.findIndex((t) => t.dataset['key'] === key);
    const next = arrowTarget(e.key, at, tiles.length, this.words.dir === 'rtl', true);
    if (next === undefined) return;
    e.preventDefault();
    this.focusKey = tiles[next]!.dataset['key'];
    tiles[next]!.focus();
  };

  /** Whether the pre-join screen shows now. */
  private get prejoinShown(): boolean {
    return this.prejoin && !this.source && !this.model.active;
  }

  protected override render() {
    if (this.prejoinShown) return this.renderPrejoin();
    const t = this.words;
    const { tiles, stage, hidden } = this.arrange();
    const box = this.grid.value ?? NO_BOX;
    const stageKeys = new Set(stage.map((d) => d.key));
    const layout = layoutRoom({
      width: box.width,
      height: Math.max(0, box.height - (hidden.length ? WATCH_ROW + TILE_GAP : 0)),
      stage: stage.map((d) => d.key),
      rest: tiles.filter((d) => !stageKeys.has(d.key)).map((d) => d.key),
      mode: this.layout,
    });
    const focus = tiles.some((d) => d.key === this.focusKey) ? this.focusKey : tiles[0]?.key;
    const selfId = this.api.self?.id;
    const hideable = tiles.filter((d) => d.kind === 'screen' && d.participant.id !== selfId && this.api.watch);
    return html`<div part="base" dir=${t.dir}>
      <div class="view">
        <div part="grid" @dblclick=${this.onTileActivate} @keydown=${this.onGridKey} @focusin=${this.onTileFocus}>
          ${hidden.length
            ? html`<div class="watch">
                ${hidden.map((p) => html`<button part="screen-watch-button" @click=${() => this.showScreen(p.id)}>${t.watchScreen(p.name)}</button>`)}
              </div>`
            : nothing}
          <div class="tiles" style=${styleMap({ height: `${layout.height}px` })}>
            ${repeat(
              tiles,
              (d) => d.key,
              (d) => html`<meet-tile
                part=${d.kind === 'screen' ? 'tile screen-tile' : 'tile'}
                exportparts=${TILE_PARTS}
                kind=${d.kind}
                .participant=${d.participant}
                data-key=${d.key}
                tabindex=${d.key === focus ? 0 : -1}
                ?pinned=${d.key === this.pinnedKey}
                ?stats=${this.stats}
                title=${t.pinHint}
                style=${boxStyle(layout.boxes.get(d.key), t.dir === 'rtl', box.width)}
              ></meet-tile>`,
            )}
            ${repeat(
              hideable,
              (d) => d.key,
              (d) => {
                const b = layout.boxes.get(d.key);
                return html`<button
                  part="screen-hide-button"
                  aria-label=${t.stopWatching(d.participant.name)}
                  title=${t.stopWatchingTitle}
                  style=${styleMap(b ? { top: `${b.y + 8}px`, left: `${t.dir === 'rtl' ? box.width - b.x - b.width + 44 : b.x + b.width - 72}px` } : { display: 'none' })}
                  @click=${() => this.hideScreen(d.participant.id)}
                >
                  ✕
                </button>`;
              },
            )}
          </div>
        </div>
        ${this.renderStatus()}
        <div part="notice" role="status" ?hidden=${!this.notice}>${this.notice}</div>
        <div class="announce" role="status" aria-live="polite">${this.announcement}</div>
      </div>
      <div part="controls">
        <slot name="controls">${this.customControls.filled ? nothing : html`<meet-controls exportparts=${CONTROL_PARTS}></meet-controls>`}</slot>
      </div>
    </div>`;
  }

  /**
   * The tiles to show, in their steady order (shared screens, then everyone's camera in join
   * order), which of them take the large spot, and the screens you hid. The large spot: in the
   * grid layout a pinned tile, else the shared screens; in the speaker layout one tile, the
   * pinned one, else a shared screen, else whoever speaks (with hysteresis), else the first
   * other person.
   */
  private arrange(): { tiles: TileSpec[]; stage: TileSpec[]; hidden: Participant[] } {
    const people = this.api.participants;
    const selfId = this.api.self?.id;
    const shared = people.filter((p) => p.sharing);
    const hidden = shared.filter((p) => this.hiddenScreens.has(p.id));
    // Your own tile goes with hide-self, unless you are alone.
    const cameras = this.hideSelf && people.length > 1 ? people.filter((p) => p.id !== selfId) : people;
    const tiles: TileSpec[] = [
      ...shared.filter((p) => !this.hiddenScreens.has(p.id)).map((p) => ({ key: `screen-${p.id}`, kind: 'screen' as const, participant: p })),
      ...cameras.map((p) => ({ key: `camera-${p.id}`, kind: 'camera' as const, participant: p })),
    ];
    const pinned = tiles.find((d) => d.key === this.pinnedKey);
    const screens = tiles.filter((d) => d.kind === 'screen');
    if (this.layout === 'grid') return { tiles, stage: pinned ? [pinned] : screens, hidden };
    if (pinned) return { tiles, stage: [pinned], hidden };
    if (screens.length) return { tiles, stage: [screens[0]!], hidden };
    const others = cameras.filter((p) => p.id !== selfId);
    const present = (others.length ? others : cameras).map((p) => p.id);
    const speaking = new Set(people.filter((p) => p.speaking && p.mic).map((p) => p.id));
    const now = performance.now();
    const { focus, recheckAt } = this.speaker.update(present, speaking, now);
    clearTimeout(this.speakerTimer);
    if (recheckAt !== undefined) this.speakerTimer = setTimeout(() => this.requestUpdate(), recheckAt - now);
    const focused = tiles.find((d) => d.key === `camera-${focus}`);
    return { tiles, stage: focused ? [focused] : [], hidden };
  }

  protected override updated(): void {
    // Observed from now on, also after the element moves (the controller re-observes on
    // connect); a pre-join screen leaves no grid, and a join after it renders a new one.
    const grid = this.renderRoot.querySelector('[part~="grid"]') ?? undefined;
    if (grid === this.observedGrid) return;
    if (this.observedGrid) this.grid.unobserve(this.observedGrid);
    if (grid) this.grid.observe(grid);
    this.observedGrid = grid;
  }

  private renderPrejoin() {
    // Loaded with the media code when first shown (Join will need that next).
    if (!customElements.get('meet-prejoin')) {
      void loadPrejoin().then(({ MeetPrejoin }) => customElements.get('meet-prejoin') || customElements.define('meet-prejoin', MeetPrejoin));
    }
    const t = this.words;
    return html`<div part="base" dir=${t.dir}>
      <meet-prejoin
        part="prejoin"
        exportparts=${PREJOIN_PARTS}
        .room=${this.shown}
        .name=${this.name}
        .avatar=${this.avatar}
        .camera=${this.camera}
        .mic=${this.mic}
        .message=${this.noticeText()}
        @meet-join-request=${this.onJoinRequest}
        ><p part="status" role="status"><span class="notice">${t.loading}</span></p></meet-prejoin
      >
    </div>`;
  }

  /** Join was pressed on the pre-join screen: join as set there, with its tracks. */
  private onJoinRequest(e: MeetJoinRequestEvent): void {
    this.name = e.name;
    this.camera = e.camera;
    this.mic = e.mic;
    this.joining.join(e.tracks).catch(() => undefined);
  }

  private renderStatus() {
    const { connection, joined } = this.api;
    const active = this.source ? connection !== 'closed' : this.model.active;
    let text = '';
    const t = this.words;
    if (connection === 'reconnecting') text = t.reconnecting;
    else if (active && !joined) text = t.connecting;
    else if (!active && this.joining.notice) text = this.noticeText();
    if (!text) return nothing;
    const canRejoin = !active && !!this.joining.notice && !this.source;
    return html`<div part="status" role="status">
      <span class="notice">${text}</span>
      ${canRejoin ? html`<button part="rejoin-button" @click=${() => this.join().catch(() => undefined)}>${t.joinAgain}</button>` : nothing}
    </div>`;
  }

  /** Follows `source` only while connected, so a room this element no longer shows can be collected. */
  private watchSource(): void {
    this.sourceEvents.watch(this.isConnected ? this.source : undefined);
    this.shown.follow(this.isConnected);
  }

  private onRoomChange(events: Event[]): void {
    this.requestUpdate();
    for (const e of events) this.onRoomEvent(e);
  }

  private onRoomEvent(e: Event): void {
    this.joining.onRoomEvent(e);
    this.announce(e);
    if (e instanceof MeetDeviceChangeEvent && e.reason === 'fallback' && e.device) this.showNotice(this.fallbackNotice(e.device, e.deviceId));
    this.dispatchEvent(e);
  }

  /** Tells screen readers, politely, of someone else joining, leaving, or turning something on or off. */
  private announce(e: Event): void {
    const t = this.words;
    let text = '';
    if (e instanceof MeetParticipantJoinEvent) text = t.announceJoin(e.participant.name);
    else if (e instanceof MeetParticipantLeaveEvent) text = t.announceLeave(e.participant.name);
    else if (e instanceof MeetCameraChangeEvent && !e.local) text = t.announceCamera(e.participant.name, e.camera);
    else if (e instanceof MeetMicChangeEvent && !e.local) text = t.announceMic(e.participant.name, e.mic);
    else if (e instanceof MeetScreenChangeEvent && !e.local) text = t.announceScreen(e.participant.name, e.sharing);
    if (!text) return;
    this.announcement = text;
    this.requestUpdate();
  }

  /** "The camera you chose is not available: now using Integrated Camera." */
  private fallbackNotice(kind: DeviceChoice, deviceId: string | undefined): string {
    const { cameras, microphones, speakers } = this.devices;
    const list = kind === 'camera' ? cameras : kind === 'mic' ? microphones : speakers;
    const label = list.find((d) => d.deviceId === deviceId)?.label;
    const t = this.words;
    return t.deviceFellBack(kind === 'camera' ? t.camera : kind === 'mic' ? t.microphone : t.speaker, label);
  }

  /** Why the room is not joined, in its language. */
  private noticeText(): string {
    const notice = this.joining.notice;
    return notice === LEFT_NOTICE ? this.words.leftMeeting : notice;
  }

  /** Shows `text` at the bottom of the grid for a few seconds (announced politely). */
  private showNotice(text: string): void {
    clearTimeout(this.noticeTimer);
    this.notice = text;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = undefined;
      this.notice = '';
      this.requestUpdate();
    }, NOTICE_MS);
    this.requestUpdate();
  }

  /** What this element asks to be joined to, now. */
  private joinRequest(): JoinRequest {
    const { server, room, name, avatar, latency } = this;
    return {
      elsewhere: this.source !== undefined,
      key: JSON.stringify([server, room, name, avatar]),
      options:
        server && room && name
          ? {
              server: resolveServer(server),
              room,
              name,
              ...(avatar && { avatar }),
              ...(latency !== undefined && !Number.isNaN(latency) && { latency }),
              renderer: this.renderer,
              publisher: { encoder: this.encoder },
            }
          : undefined,
      devices: { camera: this.camera, mic: this.mic },
      hold: this.prejoin,
    };
  }
}

/** One tile the room shows: someone's camera or shared screen. */
interface TileSpec {
  key: string;
  kind: TileKind;
  participant: Participant;
}

/** A tile's absolute box (mirrored right to left in a `width` wide grid when `rtl`), or hidden until the grid has a size. */
function boxStyle(box: TileBox | undefined, rtl: boolean, width: number) {
  if (!box) return styleMap({ visibility: 'hidden' });
  const x = rtl ? width - box.x - box.width : box.x;
  return styleMap({ transform: `translate(${x}px, ${box.y}px)`, width: `${box.width}px`, height: `${box.height}px` });
}

/** The key of the tile an event came from, if any. */
function tileKeyIn(e: Event): string | undefined {
  for (const node of e.composedPath()) {
    if (node instanceof HTMLElement && node.localName === 'meet-tile') return node.dataset['key'];
  }
  return undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'meet-room': MeetRoom;
  }
}
