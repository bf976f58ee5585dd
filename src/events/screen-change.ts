import type { Participant } from '../protocol/index.js';

/** A participant started or stopped sharing a screen (remote: as signaled; local: once the change is done). */
export class MeetScreenChangeEvent extends Event {
  constructor(
    /** The participant, with the new state. */
    readonly participant: Participant,
    /** Whether a screen is now shared. */
    readonly sharing: boolean,
    /** Whether this is the local participant. */
    readonly local: boolean,
  ) {
    super('meet-screen-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-screen-change': MeetScreenChangeEvent;
  }
}
