/**
 * What `<meet-room prejoin>` loads when it first shows its pre-join screen: the element, and
 * with it the media code (imported here so the bundle keeps one media file that this one uses).
 */
export { MeetPrejoin } from './meet-prejoin.component.js';
export { MeetingSession } from '../core/media.js';
