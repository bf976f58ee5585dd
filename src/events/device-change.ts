import type { DeviceChoice, MeetDevices } from '../devices/device-list.js';

/**
 * Why devices changed: `list` (a device was plugged in or out, or their names appeared once
 * the page may use them), `chosen` (`useCamera`/`useMic`/`useSpeaker` or the settings menu
 * switched), or `fallback` (the device in use, or the one remembered, is gone: the browser's
 * default took over).
 */
export type DeviceChangeReason = 'list' | 'chosen' | 'fallback';

/** The devices, or the one in use for a kind, changed. */
export class MeetDeviceChangeEvent extends Event {
  constructor(
    /** Why: see {@link DeviceChangeReason}. */
    readonly reason: DeviceChangeReason,
    /** The kind whose device in use changed; undefined for `list`. */
    readonly device: DeviceChoice | undefined,
    /** The `deviceId` now in use for `device` (`''` or undefined: the default). */
    readonly deviceId: string | undefined,
    /** Every camera, microphone and speaker, as now listed. */
    readonly devices: MeetDevices,
  ) {
    super('meet-device-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-device-change': MeetDeviceChangeEvent;
  }
}
