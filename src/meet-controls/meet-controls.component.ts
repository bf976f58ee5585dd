import { html, LitElement, nothing, svg, type PropertyDeclarations } from 'lit';
import { RoomController } from '../context/room-controller.js';
import type { RoomApi } from '../context/room-context.js';
import { cameraIcon, cameraOffIcon, leaveIcon, micIcon, micOffIcon, screenIcon, settingsIcon } from '../icons.js';
import type { DeviceChoice } from '../devices/device-list.js';
import { deviceSelects, showActiveDevices } from './device-selects.js';
import { EN } from '../i18n/strings.js';
import { arrowTarget } from '../util/arrow-keys.js';
import { controlsStyles } from './meet-controls.styles.js';

/** Shortcut modifier as people on this platform call it. */
const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/**
 * @summary Camera, microphone, screen-share, device settings and leave buttons for a room, with keyboard shortcuts.
 *
 * Inside `<meet-room>` it controls that room; elsewhere on the page, point it at one with
 * `for="room-id"`: it follows that element (a `source` set on it, or another room element
 * that takes the id). Shortcuts (active only while the room is joined): Ctrl/Cmd+E turns the
 * camera on or off, Ctrl/Cmd+D the microphone. The settings button opens a menu to choose
 * the camera, microphone and speaker (Escape or a click elsewhere closes it).
 *
 * @csspart base - The row of buttons.
 * @csspart button - Every button.
 * @csspart camera-button - The camera button (`aria-pressed` = camera on).
 * @csspart mic-button - The microphone button (`aria-pressed` = microphone on).
 * @csspart screen-button - The screen-share button (`aria-pressed` = sharing); only where the room can share.
 * @csspart settings-button - The device settings button (`aria-expanded` = menu open); only where the room offers devices.
 * @csspart settings - The device menu the settings button opens.
 * @csspart device-select - Each `<select>` of the menu (`data-kind` = `camera`, `mic` or `speaker`).
 * @csspart leave-button - The leave button.
 *
 * @cssproperty [--meet-control-size=48px] - Button size.
 * @cssproperty [--meet-control-background=#2b2d31] - Button background (light theme: #e3e5e8).
 * @cssproperty [--meet-control-background-hover=#3f4147] - Button background on hover (light theme: #d4d7dc).
 * @cssproperty [--meet-control-color=#f2f3f5] - Icon color (light theme: #313338).
 * @cssproperty [--meet-color-danger=#da373c] - Off icons and the leave button.
 * @cssproperty [--meet-color-danger-hover=#a12828] - The leave button on hover.
 * @cssproperty [--meet-color-accent=#5865f2] - Focus ring.
 * @cssproperty [--meet-menu-background=#111214] - The device menu's background (light theme: #fff).
 */
export class MeetControls extends LitElement {
  static override styles = controlsStyles;
  static override properties: PropertyDeclarations = { for: { reflect: true } };

  /** The id of the `<meet-room>` to control, for controls placed outside it. */
  for = '';

  private readonly roomController = new RoomController(this, () => this.for || undefined);

  /** The room these controls act on, if any. */
  get room(): RoomApi | undefined {
    return this.roomController.room;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKeyDown);
    this.setMenu(false);
  }

  protected override render() {
    const room = this.room;
    const camera = !!room?.self?.camera;
    const mic = !!room?.self?.mic;
    const sharing = !!room?.self?.sharing;
    const setScreen = room?.setScreen;
    const t = room?.strings ?? EN;
    return html`<div part="base" role="toolbar" aria-label=${t.meetingControls} @keydown=${this.onArrows}>
      <button
        part="button mic-button"
        aria-label=${t.microphone}
        aria-pressed=${mic}
        aria-keyshortcuts="Control+D Meta+D"
        title=${t.withShortcut(t.microphone, `${MOD}D`)}
        ?disabled=${!room?.joined || room.pending.mic}
        @click=${() => this.run(room?.toggleMic())}
      >
        ${svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">${mic ? micIcon : micOffIcon}</svg>`}
      </button>
      <button
        part="button camera-button"
        aria-label=${t.camera}
        aria-pressed=${camera}
        aria-keyshortcuts="Control+E Meta+E"
        title=${t.withShortcut(t.camera, `${MOD}E`)}
        ?disabled=${!room?.joined || room.pending.camera}
        @click=${() => this.run(room?.toggleCamera())}
      >
        ${svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">${camera ? cameraIcon : cameraOffIcon}</svg>`}
      </button>
      ${setScreen
        ? html`<button
            part="button screen-button"
            aria-label=${t.shareScreen}
            aria-pressed=${sharing}
            title=${sharing ? t.stopSharing : t.shareYourScreen}
            ?disabled=${!room?.joined || this.screenPending}
            @click=${() => this.toggleScreen(setScreen, !sharing)}
          >
            ${svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">${screenIcon}</svg>`}
          </button>`
        : nothing}
      ${room?.devices
        ? html`<button
            part="button settings-button"
            aria-label=${t.deviceSettings}
            aria-haspopup="dialog"
            aria-expanded=${this.menuOpen}
            aria-controls="settings"
            title=${t.deviceSettingsTitle}
            @click=${() => this.setMenu(!this.menuOpen, true)}
          >
            ${svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">${settingsIcon}</svg>`}
          </button>`
        : nothing}
      <button part="button leave-button" aria-label=${t.leave} title=${t.leave} ?disabled=${!room || room.connection === 'closed'} @click=${() => room?.leave()}>
        ${svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">${leaveIcon}</svg>`}
      </button>
      ${this.menuOpen && room?.devices
        ? html`<div part="settings" id="settings" role="dialog" aria-label=${t.deviceSettings} @keydown=${this.onMenuKey}>
            ${deviceSelects(room.devices, (kind, id) => this.choose(kind, id), t)}
          </div>`
        : nothing}
    </div>`;
  }

  protected override updated(): void {
    if (this.menuOpen) showActiveDevices(this.renderRoot, this.room?.activeDevices ?? {});
  }

  /** Left and right arrows (mirrored right to left), Home and End move between the buttons. */
  private readonly onArrows = (e: KeyboardEvent): void => {
    if (!(e.target instanceof HTMLButtonElement) || e.altKey || e.ctrlKey || e.metaKey) return;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[part~="base"] > button:not(:disabled)')];
    const at = buttons.indexOf(e.target);
    const next = at < 0 ? undefined : arrowTarget(e.key, at, buttons.length, getComputedStyle(this).direction === 'rtl');
    if (next === undefined) return;
    e.preventDefault();
    buttons[next]!.focus();
  };

  /** Whether the device menu is open. */
  private menuOpen = false;

  /**
   * Opens or closes the device menu. Opened, its first menu takes the focus; closed with
   * `refocus` (Escape, the button), the focus goes back to the settings button.
   */
  private setMenu(open: boolean, refocus = false): void {
    if (open === this.menuOpen) return;
    this.menuOpen = open;
    if (open) document.addEventListener('pointerdown', this.onOutside, true);
    else document.removeEventListener('pointerdown', this.onOutside, true);
    this.requestUpdate();
    if (!open && !refocus) return;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(open ? '[part~="device-select"]' : '[part~="settings-button"]')?.focus());
  }

  private readonly onOutside = (e: Event): void => {
    if (!e.composedPath().includes(this)) this.setMenu(false);
  };

  private readonly onMenuKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.setMenu(false, true);
  };

  /** A device picked in the menu; a failure is reported by the room (`meet-error`) and the menu shows the device in use again. */
  private choose(kind: DeviceChoice, deviceId: string): void {
    const room = this.room;
    this.run(room?.useDevice?.(kind, deviceId).finally(() => this.requestUpdate()));
  }

  private readonly onKeyDown = (e: KeyboardEvent) => {
    // Another <meet-controls> for the same page already took this one.
    if (e.defaultPrevented || e.altKey || e.shiftKey || !(e.ctrlKey || e.metaKey)) return;
    const room = this.room;
    if (!room?.joined) return;
    const key = e.code === 'KeyE' || e.key.toLowerCase() === 'e' ? 'camera' : e.code === 'KeyD' || e.key.toLowerCase() === 'd' ? 'mic' : undefined;
    if (!key) return;
    e.preventDefault();
    if (room.pending[key]) return;
    this.run(key === 'camera' ? room.toggleCamera() : room.toggleMic());
  };

  /** The browser's picker is open (or sharing is stopping): one click at a time. */
  private screenPending = false;

  private toggleScreen(setScreen: (on: boolean) => Promise<void>, on: boolean): void {
    this.screenPending = true;
    this.requestUpdate();
    this.run(
      setScreen(on).finally(() => {
        this.screenPending = false;
        this.requestUpdate();
      }),
    );
  }

  /** Failures are reported by the room (a `meet-error` event, the local tile). */
  private run(change: Promise<void> | undefined): void {
    void change?.catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'meet-controls': MeetControls;
  }
}
