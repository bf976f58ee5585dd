/**
 * The script-tag bundle (`dist/cdn/meet-elements.js`): registers every element and exports
 * what a page needs to use, theme and extend them. The media code is not in this first
 * download: `<meet-room>` loads `meet-elements-media.js` (beside this file) at its first join,
 * and `loadMedia()` gives its classes (`MeetingSession`, the players...) to pages that want them.
 */
import './meet-room/meet-room.js';
import './meet-tile/meet-tile.js';
import './meet-controls/meet-controls.js';

export * from './events/index.js';
export { roomContext, type LocalDevices, type RoomApi } from './context/room-context.js';
export type { DeviceChoice, MeetDevice, MeetDevices } from './devices/device-list.js';
export type { DeviceChoices } from './devices/preferences.js';
export type { MeetStrings } from './i18n/strings.js';
export { RoomController } from './context/room-controller.js';
export { MeetRoom } from './meet-room/meet-room.component.js';
export { MeetTile, type TileState } from './meet-tile/meet-tile.component.js';
export { MeetControls } from './meet-controls/meet-controls.component.js';
export { gridLayout, type GridLayout } from './meet-room/grid.js';
export { avatarColor, initials } from './meet-tile/avatar.js';

/** The media code's classes, loaded on first use (the same module `<meet-room>` joins with). */
export const loadMedia = () => import('./core/media.js');
