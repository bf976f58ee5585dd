/**
 * Something went wrong that the user should hear about. Codes: `camera-denied`,
 * `camera-not-found`, `camera-in-use`, `camera-error` (and the same with `microphone-`),
 * `join-failed`, `connection-lost`, or an error code of the relay (`room-full`, `denied`...).
 */
export class MeetErrorEvent extends Event {
  constructor(
    /** A stable, machine-readable code. */
    readonly code: string,
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
