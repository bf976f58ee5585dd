import { ContextProvider } from '@lit/context';
import { ResizeController } from '@lit-labs/observers/resize-controller.js';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { roomContext, type RoomApi } from '../context/room-context.js';
import { HasSlotController } from '../controllers/has-slot.js';
import { MeetControls } from '../meet-controls/meet-controls.component.js';
import { MeetTile } from '../meet-tile/meet-tile.component.js';
import type { RendererChoice } from '../core/remote-media.js';
import type { ConnectionState } from '../core/signaling.js';
import type { Participant } from '../protocol/index.js';
import { NO_DEVICES, type DeviceChoice, type MeetDevices } from '../devices/device-list.js';
import type { DeviceChoices } from '../devices/preferences.js';
import { MeetDeviceChangeEvent } from '../events/device-change.js';
import { TILE_GAP, gridLayout } from './grid.js';
import { JoinController, type JoinRequest } from './join-controller.js';
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
/** Share of the grid's height a shared screen gets, above everyone's tiles. */
const STAGE_SHARE = 0.7;
const PREJOIN_PARTS = ['base', 'preview', 'video', 'camera-button', 'mic-button', 'meter', 'message', 'error', 'retry-button', 'name-input', 'device-select', 'join-button']
  .map((p) => `${p}: prejoin-${p}`)
  .join(', ');
const CONTROL_PARTS = 'base: controls-base, button, camera-button, mic-button, screen-button, settings-button, leave-button, settings, device-select';
/** ms a notice (a device that fell back to the default) stays up. */
const NOTICE_MS = 6000;
/** How a notice names each kind of device. */
const DEVICE_NAME: Readonly<Record<DeviceChoice, string>> = { camera: 'camera', mic: 'microphone', speaker: 'speaker' };

/**
 * @summary A video meeting: joins a room on the relay and shows everyone in a grid of
 * `<meet-tile>`s, with `<meet-controls>` below.
 *
 * Joins once it is in the page and has `server`, `room` and `name` (or on `join()`), and
 * leaves on `leave()`, the leave button, or removal from the page. Tiles keep join order
 * and are the largest 16:9 boxes that fit. Descendants get the room through the room
 * context (`roomContext`); elements elsewhere can use `api`. With `source` set it joins
 * nothing and shows that room instead (a `SimulatedRoom` in demos, Storybook and tests).
 * With `prejoin` it first shows a pre-join screen (`<meet-prejoin>`: camera preview, mic
 * meter, devices, name) and joins when Join is pressed (or on `join()`).
 *
 * @slot controls - Replaces the default `<meet-controls>`.
 *
 * @csspart base - The whole room (grid above controls).
 * @csspart grid - The box the tiles are laid out in.
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
    source: { attribute: false },
    hiddenScreens: { state: true },
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

  private readonly model = new RoomModel((e) => this.onRoomEvent(e));
  /** Ids whose shared screen you chose not to watch (see `hideScreen`). */
  private hiddenScreens: ReadonlySet<number> = new Set();
  /** The notice shown at the bottom of the grid, if any, and when it goes. */
  private notice = '';
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly shown = new RoomSwitch(() => this.source ?? this.model);
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

  /** Whether the pre-join screen shows now. */
  private get prejoinShown(): boolean {
    return this.prejoin && !this.source && !this.model.active;
  }

  protected override render() {
    if (this.prejoinShown) return this.renderPrejoin();
    const people = this.api.participants;
    const shared = people.filter((p) => p.sharing);
    const sharing = shared.filter((p) => !this.hiddenScreens.has(p.id));
    const hidden = shared.filter((p) => this.hiddenScreens.has(p.id));
    const selfId = this.api.self?.id;
    const box = this.grid.value ?? NO_BOX;
    // A shared screen takes the large spot: most of the height, everyone else below it (the
    // line break between them is a row of its own: two gaps).
    const stageHeight = sharing.length ? Math.floor(box.height * STAGE_SHARE) : 0;
    const stage = gridLayout(sharing.length, box.width, stageHeight, TILE_GAP);
    const reserved = (sharing.length ? stageHeight + 2 * TILE_GAP : 0) + (hidden.length ? WATCH_ROW + TILE_GAP : 0);
    const layout = gridLayout(people.length, box.width, box.height - reserved, TILE_GAP);
    const sized = (l: { width: number; height: number }) => styleMap({ width: `${l.width}px`, height: `${l.height}px` });
    const size = sized(layout);
    return html`<div part="base">
      <div part="grid" style=${styleMap({ gap: `${TILE_GAP}px` })}>
        ${repeat(
          sharing,
          (p) => `screen-${p.id}`,
          (p) => html`<div class="stage" style=${sized(stage)}>
            <meet-tile part="tile screen-tile" exportparts=${TILE_PARTS} kind="screen" .participant=${p}></meet-tile>
            ${p.id === selfId || !this.api.watch
              ? nothing
              : html`<button part="screen-hide-button" aria-label="Stop watching ${p.name}'s screen" title="Stop watching" @click=${() => this.hideScreen(p.id)}>✕</button>`}
          </div>`,
        )}
        ${sharing.length ? html`<div class="break"></div>` : nothing}
        ${hidden.length
          ? html`<div class="watch">
              ${hidden.map((p) => html`<button part="screen-watch-button" @click=${() => this.showScreen(p.id)}>Watch ${p.name}'s screen</button>`)}
            </div>`
          : nothing}
        ${repeat(
          people,
          (p) => p.id,
          (p) => html`<meet-tile part="tile" exportparts=${TILE_PARTS} .participant=${p} style=${size}></meet-tile>`,
        )}
        ${this.renderStatus()}
        <div part="notice" role="status" ?hidden=${!this.notice}>${this.notice}</div>
      </div>
      <div part="controls">
        <slot name="controls">${this.customControls.filled ? nothing : html`<meet-controls exportparts=${CONTROL_PARTS}></meet-controls>`}</slot>
      </div>
    </div>`;
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
    return html`<div part="base">
      <meet-prejoin
        part="prejoin"
        exportparts=${PREJOIN_PARTS}
        .room=${this.model}
        .name=${this.name}
        .avatar=${this.avatar}
        .camera=${this.camera}
        .mic=${this.mic}
        .message=${this.joining.notice}
        @meet-join-request=${this.onJoinRequest}
        ><p part="status" role="status"><span class="notice">Loading…</span></p></meet-prejoin
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
    if (connection === 'reconnecting') text = 'Reconnecting…';
    else if (active && !joined) text = 'Connecting…';
    else if (!active && this.joining.notice) text = this.joining.notice;
    if (!text) return nothing;
    const canRejoin = !active && !!this.joining.notice && !this.source;
    return html`<div part="status" role="status">
      <span class="notice">${text}</span>
      ${canRejoin ? html`<button part="rejoin-button" @click=${() => this.join().catch(() => undefined)}>Join again</button>` : nothing}
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
    if (e instanceof MeetDeviceChangeEvent && e.reason === 'fallback' && e.device) this.showNotice(this.fallbackNotice(e.device, e.deviceId));
    this.dispatchEvent(e);
  }

  /** "Camera unplugged: now using Integrated Camera." */
  private fallbackNotice(kind: DeviceChoice, deviceId: string | undefined): string {
    const { cameras, microphones, speakers } = this.devices;
    const list = kind === 'camera' ? cameras : kind === 'mic' ? microphones : speakers;
    const label = list.find((d) => d.deviceId === deviceId)?.label;
    const word = DEVICE_NAME[kind];
    return `The ${word} you chose is not available: now using ${label || `the default ${word}`}.`;
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

declare global {
  interface HTMLElementTagNameMap {
    'meet-room': MeetRoom;
  }
}
