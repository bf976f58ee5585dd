/** The room was left: by `leave()`, the leave button, removal from the page, or the relay closing the connection for good. */
export class MeetLeftEvent extends Event {
  constructor() {
    super('meet-left', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-left': MeetLeftEvent;
  }
}
