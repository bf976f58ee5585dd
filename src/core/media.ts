/**
 * The media code as one module: what `<meet-room>` loads at its first join, or when its
 * pre-join screen shows (the script-tag bundle ships it as `meet-elements-media.js` beside
 * `meet-elements.js`). The npm entry (`meet-elements`) exports the same classes directly.
 */
export { MeetingSession, SessionChangeEvent, SessionDeviceErrorEvent, SessionDeviceFallbackEvent, SessionErrorEvent } from './session.js';
export { Publisher } from './publisher.js';
export { BasePlayer, MsePlayer } from './player/index.js';
export { WebCodecsPlayer } from './player/webcodecs-player.js';
export { WebmNormalizer } from './webm/index.js';
