export {
  BasePlayer,
  PLAYER_DEFAULTS,
  PlayerErrorEvent,
  PlayerFirstFrameEvent,
  PlayerKeyframeNeededEvent,
  PlayerStateChangeEvent,
} from './base.js';
export type { KeyframeCause, MediaFrame, MediaPlayerEventMap, Player, PlayerErrorReason, PlayerOptions, PlayerState } from './base.js';
export { MsePlayer } from './mse-player.js';
export { LIVE_EDGE_DEFAULTS, LiveEdgeController } from './live-edge.js';
export type { LiveEdgeDecision, LiveEdgeOptions, TimeRange } from './live-edge.js';
export { mediaSourceClass, parseMime, toMseMime } from './mime.js';
export type { MseMime } from './mime.js';
