import { html, LitElement, nothing, svg, type PropertyDeclarations } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { DeviceRoom, LocalDevices } from '../context/room-context.js';
import { LocalPreview } from '../core/preview.js';
import type { DeviceChoice } from '../devices/device-list.js';
import { MeetJoinRequestEvent } from '../events/join-request.js';
import { cameraIcon, cameraOffIcon, micIcon, micOffIcon } from '../icons.js';
import { deviceSelects, showActiveDevices } from '../meet-controls/device-selects.js';
import { describeDeviceError, deviceLabel } from '../meet-room/device-error.js';
import { EN } from '../i18n/strings.js';
import { avatarColor, initials } from '../meet-tile/avatar.js';
import { DEFAULT_LIMITS, type DeviceKind } from '../protocol/index.js';
import { deviceHint } from './device-hint.js';
import { prejoinStyles } from './meet-prejoin.styles.js';

/** The meter's range: levels from -60 dBFS (empty) to 0 dBFS (full). */
const METER_FLOOR_DB = -60;

/**
 * @summary The pre-join screen ("green room") that `<meet-room prejoin>` shows before joining:
 * your camera preview, a microphone level meter, the camera, microphone and speaker to use,
 * your name, and a Join button. Nothing is sent before Join.
 *
 * The devices are opened locally for the preview and handed to the meeting on Join (no
 * second permission prompt). A device that cannot be used says why and what to do about it
 * in this browser, with a Try again button. Enter in the name field joins.
 *
 * @csspart base - The card (a form).
 * @csspart preview - The preview box (your mirrored camera, or your initials).
 * @csspart video - The camera preview.
 * @csspart camera-button - Turns the camera on or off for the join (`aria-pressed`).
 * @csspart mic-button - Turns the microphone on or off for the join (`aria-pressed`).
 * @csspart meter - The microphone level meter (`role="meter"`).
 * @csspart message - Why the room is here again (you left, the join failed).
 * @csspart error - A device that could not be used: what happened and what to do.
 * @csspart retry-button - Tries the failed devices again.
 * @csspart name-input - The name field.
 * @csspart device-select - Each device menu (`data-kind` = `camera`, `mic` or `speaker`).
 * @csspart join-button - Joins.
 *
 * @cssproperty [--meet-menu-background=#111214] - The card's background (light theme: #fff).
 * @cssproperty [--meet-color-accent-strong=#4752c4] - The Join button.
 * @cssproperty [--meet-color-danger=#da373c] - Off buttons and errors.
 * @cssproperty [--meet-color-speaking=#23a55a] - The level meter.
 *
 * @event {MeetJoinRequestEvent} meet-join-request - Join was pressed (not bubbling): the name, camera, microphone and the preview's tracks.
 */
export class MeetPrejoin extends LitElement {
  static override styles = prejoinStyles;
  static override properties: PropertyDeclarations = {
    room: { attribute: false },
    name: {},
    avatar: {},
    camera: { type: Boolean },
    mic: { type: Boolean },
    message: {},
  };

  /** Where the devices come from and go to (`devices`, `activeDevices`, `useDevice`): the room to join. */
  room?: DeviceRoom;

  /** The name to start with (the field can change it). */
  name = '';

  /** Your avatar image URL, shown while the camera is off. */
  avatar = '';

  /** Whether the camera starts on. */
  camera = false;

  /** Whether the microphone starts on. */
  mic = false;

  /** Why the room shows this again, if it does (you left, a join failed). */
  message = '';

  private preview: LocalPreview | undefined;
  /** Whether the preview was asked to open what is wanted (once per connection). */
  private previewOpened = false;
  /** What the person set here: starts from `camera`/`mic`. */
  private wants: LocalDevices<boolean> = { camera: false, mic: false };
  private typed: string | undefined;
  private stream: MediaStream | undefined;
  private meterFrame = 0;
  private subscribed: DeviceRoom | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.preview = new LocalPreview();
    this.previewOpened = false;
    this.preview.addEventListener('change', this.onPreview);
    this.meterFrame = requestAnimationFrame(this.drawMeter);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.meterFrame);
    this.preview?.removeEventListener('change', this.onPreview);
    this.preview?.dispose();
    this.preview = undefined;
    this.subscribe(undefined);
  }

  protected override willUpdate(): void {
    // Here, not on connect: properties set before the element was defined arrive now.
    if (!this.hasUpdated) this.wants = { camera: this.camera, mic: this.mic };
    if (this.preview && !this.previewOpened) {
      this.previewOpened = true;
      for (const kind of ['camera', 'mic'] as const) if (this.wants[kind]) void this.open(kind);
    }
    this.subscribe(this.room);
    const track = this.preview?.camera;
    if (this.stream?.getVideoTracks()[0] !== track) this.stream = track && new MediaStream([track]);
  }

  protected override render() {
    const preview = this.preview;
    const name = this.typed ?? this.name;
    const cameraOn = !!this.stream;
    const errors = (['camera', 'mic'] as const).filter((kind) => this.wants[kind] && preview?.error(kind));
    const devices = this.room?.devices;
    const t = this.room?.strings ?? EN;
    return html`<form part="base" aria-label=${t.beforeYouJoin} @submit=${this.submit}>
      <div part="preview">
        <video part="video" .srcObject=${this.stream ?? null} .muted=${true} autoplay playsinline ?hidden=${!cameraOn}></video>
        ${cameraOn
          ? nothing
          : html`<div class="face" style=${styleMap({ background: this.avatar ? 'transparent' : avatarColor(name) })} aria-hidden="true">
              ${this.avatar ? html`<img src=${this.avatar} alt="" />` : initials(name)}
            </div>`}
        ${preview?.pending('camera') ? html`<div class="spinner" role="progressbar" aria-label=${t.openingCamera}></div>` : nothing}
        <div part="meter" role="meter" aria-label=${t.micLevel} aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" ?hidden=${!preview?.mic}>
          <div class="level"></div>
        </div>
        <div class="toggles">
          ${this.toggle('mic', t.microphone, this.wants.mic ? micIcon : micOffIcon)}
          ${this.toggle('camera', t.camera, this.wants.camera ? cameraIcon : cameraOffIcon)}
        </div>
      </div>
      <div class="side">
        <h2>${t.readyToJoin}</h2>
        ${this.message ? html`<p part="message" role="status">${this.message}</p>` : nothing}
        ${errors.length
          ? html`<div part="error" role="alert">
              ${errors.map((kind) => {
                const { code, message } = describeDeviceError(kind, preview!.error(kind), t);
                return html`<p><strong>${message}.</strong> ${deviceHint(code, deviceLabel(kind, t), t)}</p>`;
              })}
              <button part="retry-button" type="button" @click=${() => errors.forEach((kind) => void this.open(kind))}>${t.tryAgain}</button>
            </div>`
          : nothing}
        <label class="field">
          <span>${t.yourName}</span>
          <input part="name-input" name="name" .value=${name} required maxlength=${DEFAULT_LIMITS.maxNameLength} autocomplete="name" @input=${this.onName} />
        </label>
        ${devices ? deviceSelects(devices, (kind, id) => void this.choose(kind, id), t) : nothing}
        <button part="join-button" type="submit" ?disabled=${!name.trim()}>${t.join}</button>
      </div>
    </form>`;
  }

  protected override updated(): void {
    showActiveDevices(this.renderRoot, this.room?.activeDevices ?? {});
  }

  private toggle(kind: DeviceKind, label: string, icon: unknown) {
    return html`<button part="button ${kind}-button" type="button" aria-label=${label} aria-pressed=${this.wants[kind]} ?disabled=${!!this.preview?.pending(kind)} @click=${() => this.setWanted(kind, !this.wants[kind])}>
      ${svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">${icon}</svg>`}
    </button>`;
  }

  private setWanted(kind: DeviceKind, on: boolean): void {
    this.wants = { ...this.wants, [kind]: on };
    void this.open(kind);
  }

  /** Opens (or closes) `kind` in the preview as wanted, on the device chosen for it. */
  private open(kind: DeviceKind): Promise<void> {
    return this.preview?.set(kind, this.wants[kind], this.room?.activeDevices?.[kind]) ?? Promise.resolve();
  }

  private async choose(kind: DeviceChoice, deviceId: string): Promise<void> {
    try {
      await this.room?.useDevice?.(kind, deviceId);
    } catch {
      // The room said why (a meet-error); the menu shows what is in use again.
    }
    if (kind !== 'speaker') await this.open(kind);
    this.requestUpdate();
  }

  private readonly onName = (e: Event): void => {
    this.typed = (e.target as HTMLInputElement).value;
    this.requestUpdate();
  };

  private submit(e: Event): void {
    e.preventDefault();
    const name = (this.typed ?? this.name).trim();
    const preview = this.preview;
    if (!name || !preview) return;
    const camera = this.wants.camera && !preview.error('camera');
    const mic = this.wants.mic && !preview.error('mic');
    this.dispatchEvent(new MeetJoinRequestEvent(name, camera, mic, preview.take()));
  }

  private readonly onPreview = (): void => {
    // A device just opened: the browser may name the devices now.
    void this.room?.refreshDevices?.();
    this.requestUpdate();
  };

  /** The meter follows the level every frame, without re-rendering the card. */
  private readonly drawMeter = (): void => {
    this.meterFrame = requestAnimationFrame(this.drawMeter);
    const meter = this.renderRoot.querySelector<HTMLElement>('[part~="meter"]');
    if (!meter) return;
    const level = this.preview?.level ?? 0;
    const value = level > 0 ? Math.max(0, Math.min(1, 1 - (20 * Math.log10(level)) / METER_FLOOR_DB)) : 0;
    (meter.firstElementChild as HTMLElement).style.transform = `scaleX(${value})`;
    const now = String(Math.round(value * 100));
    if (meter.getAttribute('aria-valuenow') !== now) meter.setAttribute('aria-valuenow', now);
  };

  private subscribe(room: DeviceRoom | undefined): void {
    if (room === this.subscribed) return;
    this.subscribed?.changes.removeEventListener('change', this.onRoom);
    room?.changes.addEventListener('change', this.onRoom);
    this.subscribed = room;
  }

  private readonly onRoom = (): void => this.requestUpdate();
}

declare global {
  interface HTMLElementTagNameMap {
    'meet-prejoin': MeetPrejoin;
  }
}
