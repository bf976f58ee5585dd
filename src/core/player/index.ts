export {
  MediaPlayer,
  PLAYER_DEFAULTS,
  PlayerErrorEvent,
  PlayerFirstFrameEvent,
  PlayerKeyframeNeededEvent,
  PlayerStateChangeEvent,
} from './player.js';
export type {
  KeyframeCause,
  MediaFrame,
  MediaPlayerEventMap,
  PlayerErrorReason,
  PlayerOptions,
  PlayerState,
} from './player.js';
export { LIVE_EDGE_DEFAULTS, LiveEdgeController } from './live-edge.js';
export type { LiveEdgeDecision, LiveEdgeOptions, TimeRange } from './live-edge.js';
export { mediaSourceClass, parseMime, toMseMime } from './mime.js';
export type { MseMime } from './mime.js';
