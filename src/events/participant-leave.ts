import type { Participant } from '../protocol/index.js';

/** Someone left the room. */
export class MeetParticipantLeaveEvent extends Event {
  constructor(
    /** The participant who left, as last known. */
    readonly participant: Participant,
  ) {
    super('meet-participant-leave', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-participant-leave': MeetParticipantLeaveEvent;
  }
}
