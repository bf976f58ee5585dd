import { html, LitElement, nothing, svg, type PropertyDeclarations } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { RoomController } from '../context/room-controller.js';
import type { RemoteMedia } from '../core/remote-media.js';
import { micOffIcon } from '../icons.js';
import type { Participant } from '../protocol/index.js';
import { avatarColor, initials } from './avatar.js';
import { tileStyles } from './meet-tile.styles.js';

/** What a tile shows: the avatar (camera off), a spinner over it (camera on, no frame yet), the video, or an error. */
export type TileState = 'avatar' | 'loading' | 'video' | 'error';

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
 * @csspart spinner - The loading spinner between camera-on and the first frame.
 * @csspart status - A short message: why the video failed, or a local device error.
 * @csspart name - The name tag (plain text).
 * @csspart muted-icon - The mic-off icon, shown when the microphone is off.
 *
 * @cssproperty [--meet-tile-radius=8px] - Corner radius.
 * @cssproperty [--meet-tile-background=#2b2d31] - Tile background behind the avatar (light theme: #e3e5e8).
 * @cssproperty [--meet-tile-label-background=rgb(0 0 0 / 0.6)] - Name tag and status background.
 * @cssproperty [--meet-tile-label-text=#fff] - Name tag and status text color.
 * @cssproperty [--meet-color-speaking=#23a55a] - Speaking ring color (Discord green).
 * @cssproperty [--meet-color-accent=#5865f2] - Spinner color.
 * @cssproperty [--meet-color-danger=#da373c] - Mic-off icon color.
 * @cssproperty [--meet-color-text=#f2f3f5] - Text color (light theme: #313338).
 * @cssproperty [--meet-video-fit=cover] - `object-fit` of the video.
 * @cssproperty [--meet-screen-fit=contain] - `object-fit` of a shared screen (`kind="screen"`).
 * @cssproperty [--meet-font=14px/1.3 system-ui, sans-serif] - Font shorthand.
 *
 * @attr {TileState} state - What the tile shows, reflected for styling (set by the tile, not by you).
 * @attr {TileKind} kind - `camera` (the default) or `screen`: the participant's shared screen.
 * @attr {boolean} local - Present on your own tile.
 * @attr {boolean} muted - Present while the participant's microphone is off.
 * @attr {boolean} speaking - Present while the speaking ring is shown.
 */
export class MeetTile extends LitElement {
  static override styles = tileStyles;
  static override properties: PropertyDeclarations = {
    participant: { attribute: false },
    participantId: { type: Number, attribute: 'participant-id' },
    kind: { reflect: true },
    speakingDelay: { type: Number, attribute: 'speaking-delay' },
  };

  /** The participant to show. Their latest state is taken from the room when there is one. */
  participant?: Participant;

  /** The id of the participant to show, looked up in the room (used when `participant` is not set). */
  participantId?: number;

  /** What it shows: the participant's camera (`camera`, the default) or their shared screen (`screen`). */
  kind: TileKind = 'camera';

  /** How long the speaking ring stays after speech ends, ms, so it does not flicker. */
  speakingDelay = 300;

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
    } else if (p && (screen ? p.sharing : p.camera)) {
      const media = room?.media(p.id);
      const video = (screen ? media?.screenState : media?.videoState) ?? 'off';
      state = video === 'playing' ? 'video' : video === 'off' ? 'avatar' : video;
      if (state === 'error') this.reason = (screen ? media?.screenErrorReason : media?.errorReason) || 'Video cannot be played';
    }
    this.tileState = state;
    // A screen tile has no sound of its own: no speaking ring, no mic icon.
    if (screen) this.isMuted = false;
    this.updateSpeaking(!screen && !!p && p.mic && p.speaking);
    // Reflected here, before render, so CSS hides the video in the same frame.
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    this.toggleAttribute('local', this.isLocal);
    this.toggleAttribute('muted', this.isMuted);
    this.toggleAttribute('speaking', this.isSpeaking);
  }

  protected override render() {
    const p = this.shown;
    const screen = this.kind === 'screen';
    const name = p?.name ?? '';
    const label = screen ? `${name || 'Participant'}'s screen` : name || 'Participant';
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
      ${this.tileState === 'loading' ? html`<div part="spinner" role="progressbar" aria-label="Loading video"></div>` : nothing}
      ${this.reason ? html`<div part="status" role="status">${this.reason}</div>` : nothing}
      <div class="label">
        ${this.isMuted ? svg`<svg part="muted-icon" viewBox="0 0 24 24" fill="currentColor" role="img" aria-label="Microphone off">${micOffIcon}</svg>` : nothing}
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
