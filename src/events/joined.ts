import type { Participant } from '../protocol/index.js';

/** The room was joined: the relay welcomed the local participant. */
export class MeetJoinedEvent extends Event {
  constructor(
    /** The local participant as the relay knows it. */
    readonly self: Participant,
    /** Everyone in the room at the welcome, you first, then in join order. */
    readonly participants: readonly Participant[],
  ) {
    super('meet-joined', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-joined': MeetJoinedEvent;
  }
}
