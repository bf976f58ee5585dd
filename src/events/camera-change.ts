import type { Participant } from '../protocol/index.js';

/** A participant's camera turned on or off (remote: as signaled; local: once the change is done). */
export class MeetCameraChangeEvent extends Event {
  constructor(
    /** The participant, with the new state. */
    readonly participant: Participant,
    /** Whether the camera is now on. */
    readonly camera: boolean,
    /** Whether this is the local participant. */
    readonly local: boolean,
  ) {
    super('meet-camera-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-camera-change': MeetCameraChangeEvent;
  }
}
