/**
 * meet-elements: classes and types, with no side effects (import `meet-elements/all.js`
 * or the script-tag bundle to register the elements).
 */
export * from './protocol/index.js';
export * from './events/index.js';
export { roomContext, type DeviceRoom, type LocalDevices, type RoomApi } from './context/room-context.js';
export { DeviceList, NO_DEVICES, canChooseSpeaker, type DeviceChoice, type MeetDevice, type MeetDevices } from './devices/device-list.js';
export type { DeviceChoices } from './devices/preferences.js';
export { EN, type MeetStrings } from './i18n/strings.js';
export { KO } from './i18n/ko.js';
export { AR } from './i18n/ar.js';
export { BUILT_IN_LANGUAGES } from './i18n/load.js';
export { RoomController } from './context/room-controller.js';
export { MeetRoom } from './meet-room/meet-room.component.js';
export { MeetTile, type TileState } from './meet-tile/meet-tile.component.js';
export { MeetControls } from './meet-controls/meet-controls.component.js';
export { MeetPrejoin } from './meet-prejoin/meet-prejoin.component.js';
export { LocalPreview } from './core/preview.js';
export { gridLayout, type GridLayout } from './meet-room/grid.js';
export { avatarColor, initials } from './meet-tile/avatar.js';
export type { ConnectionState } from './core/signaling.js';
export type { RemoteMedia, VideoState } from './core/remote-media.js';
export { MeetingSession, SessionChangeEvent, SessionDeviceErrorEvent, SessionDeviceFallbackEvent, SessionErrorEvent, type SessionOptions } from './core/session.js';
export { Publisher, type PublisherOptions } from './core/publisher.js';
export { BasePlayer, MsePlayer, type Player, type PlayerOptions } from './core/player/index.js';
export { WebCodecsPlayer } from './core/player/webcodecs-player.js';
export type { RendererChoice } from './core/remote-media.js';
export { WebmNormalizer } from './core/webm/index.js';
