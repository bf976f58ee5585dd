import { html, LitElement, nothing, svg, type PropertyDeclarations } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { RoomController } from '../context/room-controller.js';
import type { RemoteMedia, VideoFailure } from '../core/remote-media.js';
import { EN, type MeetStrings } from '../i18n/strings.js';
import { micOffIcon } from '../icons.js';
import type { Participant } from '../protocol/index.js';
import { avatarColor, initials } from './avatar.js';
import { tileStyles } from './meet-tile.styles.js';
import { StatsController } from './tile-stats.js';

/**
 * What a tile shows: the avatar (camera off), a spinner over it (camera on, no frame yet),
 * the video, an error, or `reconnecting` (their connection dropped and the relay waits for
 * them: the avatar greyed with a spinner, never their last frame as if it were live).
 */
export type TileState = 'avatar' | 'loading' | 'video' | 'error' | 'reconnecting';

/** What a tile shows of its participant: their camera (and sound), or the screen they share. */
export type TileKind = 'camera' | 'screen';

/**
 * @summary One participant: their video while the camera is on, else their avatar, with
 * their name, a mic-off icon and a speaking ring; or, with `kind="screen"`, the screen they
 * share (loading until its first frame).
 *
 * @csspart base - The tile's box (rounded, clips the video; carries the speaking ring).
 * @csspart video - The `<video>`: the local camera (mirrored) or the remote participant's.
 * @csspart avatar - The avatar layer shown while there is no video.
 * @csspart spinner - The loading spinner between camera-on and the first frame, and while reconnecting.
 * @csspart status - A short message: why the video failed, a local device error, or "Reconnecting…".
 * @csspart name - The name tag (plain text).
 * @csspart muted-icon - The mic-off icon, shown when the microphone is off.
 * @csspart menu-button - The "⋯" button on someone else's tile that opens its menu.
 * @csspart menu - The tile's menu: volume, mute for me, full screen, picture in picture.
 * @csspart volume - The volume slider (0-200 %, for you alone).
 * @csspart mute-button - "Mute for me" (`aria-pressed`).
 * @csspart fullscreen-button - Shows the tile full screen.
 * @csspart pip-button - Picture in picture, where the browser has it.
 * @csspart stats - The stats line (with `stats`).
 *
 * @cssproperty [--meet-tile-radius=8px] - Corner radius.
 * @cssproperty [--meet-tile-background=#2b2d31] - Tile background behind the avatar (light theme: #e3e5e8).
 * @cssproperty [--meet-tile-label-background=rgb(0 0 0 / 0.6)] - Name tag and status background.
 * @cssproperty [--meet-tile-label-text=#fff] - Name tag and status text color.
 * @cssproperty [--meet-color-speaking=#23a55a] - Speaking ring color (Discord green).
 * @cssproperty [--meet-color-accent=#5865f2] - Spinner color.
 * @cssproperty [--meet-color-danger=#da373c] - Mic-off icon color.
 * @cssproperty [--meet-color-text=#f2f3f5] - Text color (light theme: #313338).
 * @cssproperty [--meet-menu-background=#111214] - The tile menu's background (light theme: #fff).
 * @cssproperty [--meet-video-fit=cover] - `object-fit` of the video.
 * @cssproperty [--meet-screen-fit=contain] - `object-fit` of a shared screen (`kind="screen"`).
 * @cssproperty [--meet-font=14px/1.3 system-ui, sans-serif] - Font shorthand.
 *
 * @attr {TileState} state - What the tile shows, reflected for styling (set by the tile, not by you).
 * @attr {TileKind} kind - `camera` (the default) or `screen`: the participant's shared screen.
 * @attr {boolean} local - Present on your own tile.
 * @attr {boolean} muted - Present while the participant's microphone is off.
 * @attr {boolean} speaking - Present while the speaking ring is shown.
 * @attr {boolean} pinned - Set by `<meet-room>` on the tile pinned to its large spot.
 * @attr {boolean} stats - Shows the stats line.
 */
export class MeetTile extends LitElement {
  static override styles = tileStyles;
  static override properties: PropertyDeclarations = {
    participant: { attribute: false },
    participantId: { type: Number, attribute: 'participant-id', reflect: true },
    kind: { reflect: true },
    speakingDelay: { type: Number, attribute: 'speaking-delay' },
    stats: { type: Boolean, reflect: true },
  };

  /** The participant to show. Their latest state is taken from the room when there is one. */
  participant?: Participant;

  /**
   * The id of the participant to show, looked up in the room (used when `participant` is not
   * set); reflects the id of whoever the tile shows.
   */
  participantId?: number;

  /** What it shows: the participant's camera (`camera`, the default) or their shared screen (`screen`). */
  kind: TileKind = 'camera';

  /** How long the speaking ring stays after speech ends, ms, so it does not flicker. */
  speakingDelay = 300;

  /**
   * Show the video's stats over it (someone else's, while it plays): incoming bitrate, frames
   * per second, how far behind live it plays and frames dropped, each second.
   */
  stats = false;

  private readonly statsLine = new StatsController(this, () => {
    const p = this.shown;
    if (!this.stats || !p || this.isLocal || this.tileState !== 'video') return undefined;
    return { media: this.roomController.room?.media(p.id), kind: this.kind === 'screen' ? 'screen' : 'video', t: this.t };
  });
  /** Whether the tile's menu (volume, mute for me, full screen, picture in picture) is open. */
  private menuOpen = false;

  private readonly roomController = new RoomController(this);
  private tileState: TileState = 'avatar';
  private isLocal = false;
  private isMuted = false;
  private isSpeaking = false;
  private reason = '';
  private speakingTimer: ReturnType<typeof setTimeout> | undefined;
  private adopted: RemoteMedia | undefined;
  private adoptedKind: TileKind = 'camera';
  private localStream: MediaStream | undefined;
  /** The local stream once its first frame is shown. */
  private localShown: MediaStream | undefined;


  /** What the tile shows (reflected as the `state` attribute). */
  get state(): TileState {
    return this.tileState;
  }

  /** Whether this is the local participant (reflected as `local`). */
  get local(): boolean {
    return this.isLocal;
  }

  /** Whether the participant's microphone is off (reflected as `muted`). */
  get muted(): boolean {
    return this.isMuted;
  }

  /** Whether the speaking ring is shown (reflected as `speaking`). */
  get speaking(): boolean {
    return this.isSpeaking;
  }

  /** The participant shown, with their latest state. */
  get shown(): Participant | undefined {
    const id = this.participant?.id ?? this.participantId;
    return this.roomController.room?.participants.find((p) => p.id === id) ?? this.participant;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.speakingTimer);
    this.speakingTimer = undefined;
    this.setMenu(false);
  }

  protected override willUpdate(): void {
    const p = this.shown;
    const room = this.roomController.room;
    this.isLocal = !!p && p.id === room?.self?.id;
    this.isMuted = !!p && !p.mic;
    this.reason = '';
    const screen = this.kind === 'screen';
    let state: TileState = 'avatar';
    if (p && this.isLocal) {
      const track = screen ? (p.sharing ? room?.localScreenTrack : undefined) : p.camera ? room?.localVideoTrack : undefined;
      if (this.localStream?.getVideoTracks()[0] !== track) this.localStream = track && new MediaStream([track]);
      const error = room?.localError;
      if (this.localStream) state = this.localShown === this.localStream ? 'video' : 'loading';
      else if (error?.camera && !screen) state = 'error';
      if (!screen) this.reason = error?.camera ?? error?.mic ?? '';
    } else if (p?.reconnecting) {
      state = 'reconnecting';
      this.reason = this.t.reconnecting;
    } else if (p && (screen ? p.sharing : p.camera)) {
      const media = room?.media(p.id);
      const video = (screen ? media?.screenState : media?.videoState) ?? 'off';
      state = video === 'playing' ? 'video' : video === 'off' ? 'avatar' : video;
      if (state === 'error') this.reason = this.failureText(screen ? media?.screenFailure : media?.videoFailure, screen ? undefined : media?.errorReason);
    }
    this.tileState = state;
    // A screen tile has no sound of its own: no speaking ring, no mic icon.
    if (screen) this.isMuted = false;
    this.updateSpeaking(!screen && !!p && p.mic && p.speaking);
    // Reflected here, before render, so CSS hides the video in the same frame.
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    this.toggleAttribute('local', this.isLocal);
    // Whoever it shows, reflected for pages that style or find tiles by id (set here, in the
    // update: no second update).
    if (p && this.participantId !== p.id) this.participantId = p.id;
    this.toggleAttribute('muted', this.isMuted);
    this.toggleAttribute('speaking', this.isSpeaking);
  }

  protected override render() {
    const p = this.shown;
    const screen = this.kind === 'screen';
    const t = this.t;
    const name = p?.name ?? '';
    const label = screen ? t.screenOf(name || t.participant) : name || t.participant;
    return html`<div part="base" role="group" aria-label=${label}>
      <div class="media"></div>
      ${this.isLocal
        ? html`<video
            part="video"
            class=${screen ? 'screen' : 'local'}
            .srcObject=${this.localStream ?? null}
            .muted=${true}
            autoplay
            playsinline
            @loadeddata=${this.onLocalFrame}
            @playing=${this.onLocalFrame}
          ></video>`
        : nothing}
      <div part="avatar">
        <div class="face" style=${styleMap({ background: p?.avatar ? 'transparent' : avatarColor(name) })} aria-hidden="true">
          ${p?.avatar ? html`<img src=${p.avatar} alt="" />` : initials(name)}
        </div>
      </div>
      ${this.tileState === 'loading' || this.tileState === 'reconnecting'
        ? html`<div part="spinner" role="progressbar" aria-label=${this.tileState === 'loading' ? t.loadingVideo : t.reconnecting}></div>`
        : nothing}
      ${this.reason ? html`<div part="status" role="status">${this.reason}</div>` : nothing}
      ${this.statsLine.text ? html`<div part="stats">${this.statsLine.text}</div>` : nothing}
      ${this.renderMenu()}
      <div class="label">
        ${this.isMuted ? svg`<svg part="muted-icon" viewBox="0 0 24 24" fill="currentColor" role="img" aria-label=${t.micOff}>${micOffIcon}</svg>` : nothing}
        <span part="name">${screen ? label : name}</span>
      </div>
    </div>`;
  }

  protected override updated(): void {
    const p = this.shown;
    const media = p && !this.isLocal ? this.roomController.room?.media(p.id) : undefined;
    if (media !== this.adopted || this.kind !== this.adoptedKind) {
      // The session owns these elements; the tile only gives them a place to play.
      const screen = this.kind === 'screen';
      const elements = !media ? [] : screen ? [media.screen, media.screenAudio] : [media.video, media.audio];
      if (media) elements[0]!.setAttribute('part', 'video');
      this.renderRoot.querySelector('.media')!.replaceChildren(...elements);
      this.adopted = media;
      this.adoptedKind = this.kind;
    }
  }

  /**
   * Someone else's tile has a menu: their volume (0-200 %) and "mute for me" (camera tiles),
   * full screen, and picture in picture where the browser has it.
   */
  private renderMenu() {
    const p = this.shown;
    if (!p || this.isLocal) return nothing;
    const t = this.t;
    const media = this.roomController.room?.media(p.id);
    const video = this.kind === 'screen' ? media?.screen : media?.video;
    const pip = typeof document !== 'undefined' && document.pictureInPictureEnabled && !!video?.requestPictureInPicture;
    const volume = Math.round((media?.volume ?? 1) * 100);
    const percent = new Intl.NumberFormat(t.locale, { style: 'percent' }).format(volume / 100);
    return html`<button
        part="menu-button"
        aria-label=${t.moreFor(p.name)}
        aria-haspopup="dialog"
        aria-expanded=${this.menuOpen}
        title=${t.moreFor(p.name)}
        @click=${() => this.setMenu(!this.menuOpen)}
      >
        ⋯
      </button>
      ${this.menuOpen
        ? html`<div part="menu" role="dialog" aria-label=${t.moreFor(p.name)} @keydown=${this.onMenuKey}>
            ${this.kind === 'camera' && media
              ? html`<label class="volume">
                    <span>${t.volume}</span>
                    <input part="volume" type="range" min="0" max="200" step="5" .value=${String(volume)} aria-valuetext=${percent} @input=${(e: Event) => this.setVolume(media, e)} />
                    <output>${percent}</output>
                  </label>
                  <button part="mute-button" aria-pressed=${media.muted} @click=${() => this.toggleMute(media)}>${t.muteForMe}</button>`
              : nothing}
            <button part="fullscreen-button" @click=${() => this.fullscreen()}>${t.fullscreen}</button>
            ${pip ? html`<button part="pip-button" @click=${() => void video!.requestPictureInPicture().catch(() => undefined)}>${t.pictureInPicture}</button>` : nothing}
          </div>`
        : nothing}`;
  }

  private setVolume(media: RemoteMedia, e: Event): void {
    media.setVolume(Number((e.target as HTMLInputElement).value) / 100);
    this.requestUpdate();
  }

  private toggleMute(media: RemoteMedia): void {
    media.setMuted(!media.muted);
    this.requestUpdate();
  }

  /** This tile alone fills the screen (Escape, or the browser's own control, leaves it). */
  private fullscreen(): void {
    this.setMenu(false);
    if (document.fullscreenElement === this) void document.exitFullscreen().catch(() => undefined);
    else void this.requestFullscreen?.().catch(() => undefined);
  }

  private setMenu(open: boolean): void {
    if (open === this.menuOpen) return;
    this.menuOpen = open;
    if (open) document.addEventListener('pointerdown', this.onOutside, true);
    else document.removeEventListener('pointerdown', this.onOutside, true);
    this.requestUpdate();
    if (open) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="menu"] input, [part~="menu"] button')?.focus());
  }

  private readonly onOutside = (e: Event): void => {
    if (!e.composedPath().includes(this)) this.setMenu(false);
  };

  private readonly onMenuKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.setMenu(false);
    this.renderRoot.querySelector<HTMLElement>('[part~="menu-button"]')?.focus();
  };

  /** The words of the room the tile is in (English outside one). */
  private get t(): MeetStrings {
    return this.roomController.room?.strings ?? EN;
  }

  /** The failure in the room's words; a source that gives no structured failure, its own reason. */
  private failureText(failure: VideoFailure | undefined, reason?: string): string {
    const t = this.t;
    if (!failure) return reason || t.videoFailed;
    return failure.reason === 'unsupported' ? t.videoUnsupported(failure.message) : t.videoUndecodable;
  }

  private onLocalFrame(e: Event): void {
    const video = e.target as HTMLVideoElement;
    if (video.srcObject && video.srcObject === this.localStream && this.localShown !== this.localStream) {
      this.localShown = this.localStream;
      this.requestUpdate();
    }
  }

  private updateSpeaking(speaking: boolean): void {
    if (speaking) {
      clearTimeout(this.speakingTimer);
      this.speakingTimer = undefined;
      this.isSpeaking = true;
    } else if (this.isSpeaking && !this.speakingTimer) {
      this.speakingTimer = setTimeout(() => {
        this.speakingTimer = undefined;
        this.isSpeaking = false;
        this.requestUpdate();
      }, this.speakingDelay);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'meet-tile': MeetTile;
  }
}
