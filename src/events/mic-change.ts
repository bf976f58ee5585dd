import type { Participant } from '../protocol/index.js';

/** A participant's microphone turned on or off (remote: as signaled; local: once the change is done). */
export class MeetMicChangeEvent extends Event {
  constructor(
    /** The participant, with the new state. */
    readonly participant: Participant,
    /** Whether the microphone is now on. */
    readonly mic: boolean,
    /** Whether this is the local participant. */
    readonly local: boolean,
  ) {
    super('meet-mic-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-mic-change': MeetMicChangeEvent;
  }
}
