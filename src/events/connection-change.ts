import type { ConnectionState } from '../core/signaling.js';

/** The connection to the relay changed: `connecting`, `open`, `reconnecting` or `closed`. */
export class MeetConnectionChangeEvent extends Event {
  constructor(
    /** The new connection state. */
    readonly connection: ConnectionState,
  ) {
    super('meet-connection-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-connection-change': MeetConnectionChangeEvent;
  }
}
