/**
 * Error codes the relay sends in `error` messages. Documented in docs/protocol.md.
 */
export const ErrorCode = {
  /** A text message that is not JSON. */
  badJson: 'bad-json',
  /** JSON without a known `type`. */
  unknownType: 'unknown-type',
  /** A known `type` with missing, extra or wrongly typed fields. */
  badMessage: 'bad-message',
  /** A message over the size limit. */
  tooLarge: 'too-large',
  /** A message that needs a joined room (state, keyframe-request, media) before `join`. */
  notJoined: 'not-joined',
  /** A second `join` on the same connection. */
  alreadyJoined: 'already-joined',
  /** A binary message that is not a valid media frame. */
  badFrame: 'bad-frame',
  /** The room has the maximum number of participants. */
  roomFull: 'room-full',
  /** The relay has the maximum number of rooms. */
  tooManyRooms: 'too-many-rooms',
  /** A `keyframe-request` for a participant who is not in the sender's room. */
  unknownParticipant: 'unknown-participant',
  /** An attempt to speak for another participant. */
  forbidden: 'forbidden',
  /** The room is not one the connection's `authenticate` result allows. */
  denied: 'denied',
  /** Over a per-connection rate limit: the message (or media frame) was dropped. */
  rateLimited: 'rate-limited',
} as const;

/** One of the documented error codes. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * WebSocket close codes the relay uses (4000-4999 is the application range).
 */
export const CloseCode = {
  /** A client closing on purpose (standard 1000). */
  normal: 1000,
  /** The relay is shutting down or restarting; clients should reconnect (standard 1012). */
  serviceRestart: 1012,
  /** A message over the payload limit (standard 1009). */
  tooBig: 1009,
  /** The `authenticate` hook failed (threw); clients may retry later (standard 1011). */
  internalError: 1011,
  /** The client left the room with `leave`. */
  left: 4000,
  /** The client kept sending invalid messages, or kept going over its rate limits. */
  protocolViolation: 4001,
  /** The participant resumed on another connection (this one is stale): do not reconnect. */
  replaced: 4002,
  /** The `authenticate` hook refused the connection. */
  denied: 4003,
} as const;

/** Close codes after which reconnecting cannot help (the client stays closed). */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set<number>([
  CloseCode.tooBig,
  CloseCode.left,
  CloseCode.protocolViolation,
  CloseCode.replaced,
  CloseCode.denied,
]);
