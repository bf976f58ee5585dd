import type { ErrorCodeValue } from '../protocol/index.js';

/** `meet-error` codes of a local camera or microphone that could not be used. */
export type DeviceErrorCode = `${'camera' | 'microphone'}-${'denied' | 'not-found' | 'in-use' | 'error'}`;

/**
 * Every `meet-error` code: a device's ({@link DeviceErrorCode}), `screen-denied` (the picker
 * was cancelled or sharing is not allowed), `screen-failed`, `join-failed`,
 * `connection-lost`, or an error code of the relay (`room-full`, `denied`...).
 */
export type MeetErrorCode = DeviceErrorCode | 'screen-denied' | 'screen-failed' | 'join-failed' | 'connection-lost' | ErrorCodeValue;

/**
 * Something went wrong that the user should hear about. Codes: `camera-denied`,
 * `camera-not-found`, `camera-in-use`, `camera-error` (and the same with `microphone-`),
 * `screen-denied`, `screen-failed`, `join-failed`, `connection-lost`, or an error code of the relay (`room-full`, `denied`...);
 * all of them are {@link MeetErrorCode}.
 */
export class MeetErrorEvent extends Event {
  constructor(
    /** A stable, machine-readable code. */
    readonly code: MeetErrorCode,
    /** A short message for people. */
    readonly message: string,
  ) {
    super('meet-error', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-error': MeetErrorEvent;
  }
}
