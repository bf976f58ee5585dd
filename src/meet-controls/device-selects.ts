import { html, nothing, type TemplateResult } from 'lit';
import { canChooseSpeaker, type DeviceChoice, type MeetDevice, type MeetDevices } from '../devices/device-list.js';
import type { DeviceChoices } from '../devices/preferences.js';
import type { MeetStrings } from '../i18n/strings.js';

/** Each menu's word and the list it offers. */
const MENUS: ReadonlyArray<{ kind: DeviceChoice; word: 'camera' | 'microphone' | 'speaker'; list: keyof MeetDevices }> = [
  { kind: 'camera', word: 'camera', list: 'cameras' },
  { kind: 'mic', word: 'microphone', list: 'microphones' },
  { kind: 'speaker', word: 'speaker', list: 'speakers' },
];

/**
 * A labelled `<select>` (part `device-select`, `data-kind` camera, mic or speaker) per kind of
 * device, the one in use selected, calling `choose` on a change. Before the page may use a
 * device the browser names none: they are numbered, or "Default" stands alone. A choice that
 * fails shows the device in use again (the selection follows `active`, not the click). Where the
 * browser cannot choose a speaker, a line says so instead.
 */
export function deviceSelects(devices: MeetDevices, choose: (kind: DeviceChoice, deviceId: string) => void, t: MeetStrings): TemplateResult {
  return html`${MENUS.map(({ kind, word, list }) => {
    const label = t[word];
    if (kind === 'speaker' && !canChooseSpeaker()) {
      return html`<p class="device-note">${t.noSpeakerChoice}</p>`;
    }
    const options: readonly MeetDevice[] = devices[list];
    return html`<label class="device">
      <span>${label}</span>
      <select part="device-select" data-kind=${kind} @change=${(e: Event) => choose(kind, (e.target as HTMLSelectElement).value)}>
        ${options.length ? nothing : html`<option value="">${t.defaultDevice}</option>`}
        ${options.map((d, i) => html`<option value=${d.deviceId}>${d.label || t.numbered(label, i + 1)}</option>`)}
      </select>
    </label>`;
  })}`;
}

/** Selects the device in use in each menu under `root` (the default, or the first listed, when none is chosen). */
export function showActiveDevices(root: ParentNode, active: Readonly<DeviceChoices>): void {
  for (const select of root.querySelectorAll<HTMLSelectElement>('select[data-kind]')) {
    const id = active[select.dataset['kind'] as DeviceChoice] ?? '';
    const index = [...select.options].findIndex((o) => o.value === id);
    select.selectedIndex = Math.max(index, 0);
  }
}
