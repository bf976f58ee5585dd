import type { TrackKind } from './frame.js';

/**
 * A local device, by the one name the API uses for it everywhere: `setCamera`/`setMic`, the
 * `camera`/`mic` attributes and participant state. The wire calls what they send tracks
 * (`video`, `audio`); this file is the one place the two meet.
 */
export type DeviceKind = 'camera' | 'mic';

/**
 * What a participant can send, by its state flag: a device, or `sharing` (a shared screen,
 * sent as the `screen` track).
 */
export type SourceKind = DeviceKind | 'sharing';

/** The tracks a device is sent as (a camera's, a microphone's). */
export type DeviceTrack = 'video' | 'audio';

/** The track each device is sent as. */
export const TRACK_OF: Readonly<Record<DeviceKind, DeviceTrack>> = Object.freeze({ camera: 'video', mic: 'audio' });

/** The state flag behind each track: media of a track is only sent (and accepted) while it is true. */
export const DEVICE_OF = Object.freeze({ video: 'camera', audio: 'mic', screen: 'sharing', screenAudio: 'sharing' } as const) satisfies Readonly<Record<TrackKind, SourceKind>>;

/** Whether a track carries sound (played on an `<audio>` element or the page's audio context). */
export function isSound(track: TrackKind): track is 'audio' | 'screenAudio' {
  return track === 'audio' || track === 'screenAudio';
}
