import type { DeviceChoice } from './device-list.js';

/** The devices a person chose, by kind (absent: the browser's default). */
export type DeviceChoices = Partial<Record<DeviceChoice, string>>;

/** Where the choices are kept: `localStorage`, so per origin, shared by every room of the site. */
const STORAGE_KEY = 'meet-elements:devices';

/** The choices remembered for this origin (none where storage is off or holds something else). */
export function rememberedDevices(): DeviceChoices {
  try {
    const stored: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}');
    const out: DeviceChoices = {};
    if (stored && typeof stored === 'object') {
      for (const kind of ['camera', 'mic', 'speaker'] as const) {
        const id = (stored as Record<string, unknown>)[kind];
        if (typeof id === 'string' && id) out[kind] = id;
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** Remembers `deviceId` for `kind` on this origin (`''` forgets it: the default again). */
export function rememberDevice(kind: DeviceChoice, deviceId: string): void {
  try {
    const next = { ...rememberedDevices(), [kind]: deviceId };
    if (!deviceId) delete next[kind];
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage off (private mode, a sandboxed frame): the choice lasts for this page only.
  }
}
