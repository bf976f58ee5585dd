import type { Participant } from '../protocol/index.js';

/** A participant started or stopped speaking (measured by the speaker's own browser). */
export class MeetSpeakingChangeEvent extends Event {
  constructor(
    /** The participant, with the new state. */
    readonly participant: Participant,
    /** Whether they are speaking now. */
    readonly speaking: boolean,
    /** Whether this is the local participant. */
    readonly local: boolean,
  ) {
    super('meet-speaking-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-speaking-change': MeetSpeakingChangeEvent;
  }
}
