import type { Participant } from '../protocol/index.js';

/** Someone joined the room after you (people already there are in `participants` when `meet-joined` fires). */
export class MeetParticipantJoinEvent extends Event {
  constructor(
    /** The participant who joined. */
    readonly participant: Participant,
  ) {
    super('meet-participant-join', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-participant-join': MeetParticipantJoinEvent;
  }
}
