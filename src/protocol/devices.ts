import type { TrackKind } from './frame.js';

/**
 * A local device, by the one name the API uses for it everywhere: `setCamera`/`setMic`, the
 * `camera`/`mic` attributes and participant state. The wire calls what they send tracks
 * (`video`, `audio`); this file is the one place the two meet.
 */
export type DeviceKind = 'camera' | 'mic';

/** The track each device is sent as. */
export const TRACK_OF: Readonly<Record<DeviceKind, TrackKind>> = Object.freeze({ camera: 'video', mic: 'audio' });

/** The device behind each track. */
export const DEVICE_OF: Readonly<Record<TrackKind, DeviceKind>> = Object.freeze({ video: 'camera', audio: 'mic' });
