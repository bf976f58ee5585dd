import type { LocalDevices } from '../context/room-context.js';

/**
 * `<meet-prejoin>`'s Join was pressed: join as `name`, with the camera and microphone as
 * set there. `tracks` are the preview's live tracks, handed over so joining does not open
 * the devices again (stop them if you do not use them). Not bubbling: `<meet-room>` listens
 * on the element it renders.
 */
export class MeetJoinRequestEvent extends Event {
  constructor(
    /** The name typed (trimmed). */
    readonly name: string,
    /** Whether to join with the camera on. */
    readonly camera: boolean,
    /** Whether to join with the microphone on. */
    readonly mic: boolean,
    /** The preview's live camera and microphone tracks. */
    readonly tracks: Partial<LocalDevices<MediaStreamTrack>>,
  ) {
    super('meet-join-request');
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'meet-join-request': MeetJoinRequestEvent;
  }
}
