import { ErrorCode, type ErrorCodeValue } from './errors.js';
import type { TrackKind } from './frame.js';

/** Version of the JSON message set; sent in `welcome`. */
export const PROTOCOL_VERSION = 1;

/** What every participant shares with the room. */
export interface ParticipantState {
  /** The camera is on (video is being published or about to be). */
  camera: boolean;
  /** The microphone is on. */
  mic: boolean;
  /** The participant is speaking (voice activity, sender-side). */
  speaking: boolean;
  /** MIME type of the published video track, once known (e.g. `video/webm;codecs=vp8`). */
  video?: string;
  /** MIME type of the published audio track, once known (e.g. `audio/webm;codecs=opus`). */
  audio?: string;
  /** A screen is shared (the `screen` track is published or about to be); absent: false. */
  sharing?: boolean;
  /** MIME type of the published screen track, once known. */
  screen?: string;
  /** MIME type of the shared screen's sound (the `screenAudio` track), while it has sound. */
  screenAudio?: string;
  /**
   * Set by the relay while the participant's connection dropped and it waits for them to
   * resume (its resume grace): nothing of theirs arrives meanwhile. Never sent by clients.
   */
  reconnecting?: boolean;
}

/** A participant as the relay describes it. */
export interface Participant extends ParticipantState {
  /** Relay-assigned id, unique within the relay; also the `sender` in media frames. */
  id: number;
  /** Display name (plain text; render as text, never as HTML). */
  name: string;
  /** Avatar image URL (http, https or data:image). */
  avatar?: string;
}

// ---- client -> relay ----

/** Joins a room. Must be the first message. */
export interface JoinMessage {
  type: 'join';
  room: string;
  name: string;
  avatar?: string;
  camera?: boolean;
  mic?: boolean;
  /**
   * The `resume` token of an earlier `welcome`: within the relay's grace period after a
   * drop, the join takes back that participant (same id; the room sees no leave/join).
   */
  resume?: string;
}
/** A `join` for someone with these devices on, taking back an earlier participant with `resume`. */
export function joinMessage(who: { room: string; name: string; avatar?: string }, devices: { camera: boolean; mic: boolean }, resume?: string): JoinMessage {
  const { room, name, avatar } = who;
  return { type: 'join', room, name, ...(avatar && { avatar }), camera: devices.camera, mic: devices.mic, ...(resume && { resume }) };
}

/** Updates the sender's own state; fields left out keep their value. `null` clears a MIME type. */
export interface StateUpdateMessage {
  type: 'state';
  camera?: boolean;
  mic?: boolean;
  speaking?: boolean;
  video?: string | null;
  audio?: string | null;
  sharing?: boolean;
  screen?: string | null;
  screenAudio?: string | null;
}
/** Asks another participant to restart a recorder so a keyframe comes soon. */
export interface KeyframeRequestMessage {
  type: 'keyframe-request';
  to: number;
  track: TrackKind;
}
/**
 * Stops (`on: false`) or starts again (`on: true`) the media of one participant's track to
 * you: a screen you stopped watching, a tile out of view. Starting again sends that track's
 * cached init and frames since its last keyframe at once, then live frames.
 */
export interface SubscribeMessage {
  type: 'subscribe';
  from: number;
  track: TrackKind;
  on: boolean;
}
/** Leaves the room; the relay closes the connection. */
export interface LeaveMessage {
  type: 'leave';
}
/**
 * Asks the relay for a `pong`: a client that has heard nothing for a while checks that the
 * relay is still there (a browser cannot see WebSocket pings). Allowed before `join` too.
 */
export interface PingMessage {
  type: 'ping';
}
/** Any message a client may send. */
export type ClientMessage = JoinMessage | StateUpdateMessage | KeyframeRequestMessage | SubscribeMessage | LeaveMessage | PingMessage;

// ---- relay -> client ----

/** The answer to `join`: who you are and who is here. */
export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  room: string;
  self: Participant;
  participants: Participant[];
  /** Secret token to send as `join.resume` after a drop (a new one in every welcome). */
  resume: string;
  /** True when this join took back the participant of its `resume` token (same `self.id`). */
  resumed: boolean;
  /**
   * Set after a relay restart: for this many ms, participants from before the restart may
   * still resume into the room, so `participants` may not list everyone yet.
   */
  recovering?: number;
}
/** Someone joined the room. */
export interface JoinedMessage {
  type: 'joined';
  participant: Participant;
}
/** Someone left the room. */
export interface LeftMessage {
  type: 'left';
  id: number;
}
/** Someone's state changed (the full state, not a diff). */
export interface StateMessage extends ParticipantState {
  type: 'state';
  id: number;
}
/** Another participant asks you for a keyframe on one of your tracks. */
export interface KeyframeRequestedMessage {
  type: 'keyframe-request';
  from: number;
  track: TrackKind;
}
/** The answer to `ping`. */
export interface PongMessage {
  type: 'pong';
}
/** Something the client sent was refused. */
export interface ErrorMessage {
  type: 'error';
  code: ErrorCodeValue;
  message: string;
}
/** Any message the relay sends. */
export type ServerMessage =
  | WelcomeMessage
  | JoinedMessage
  | LeftMessage
  | StateMessage
  | KeyframeRequestedMessage
  | PongMessage
  | ErrorMessage;

/** Limits a validator applies; the relay passes its configured ones. */
export interface ValidationLimits {
  /** Longest display name, in characters (default 64). */
  maxNameLength: number;
  /** Longest room name, in characters (default 64). */
  maxRoomLength: number;
  /** Longest avatar URL, in characters (default 2048). */
  maxAvatarLength: number;
}

/** Default validation limits. */
export const DEFAULT_LIMITS: ValidationLimits = {
  maxNameLength: 64,
  maxRoomLength: 64,
  maxAvatarLength: 2048,
};

/** Result of validating a message. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ErrorCodeValue; message: string };

function fail<T>(code: ErrorCodeValue, message: string): Parsed<T> {
  return { ok: false, code, message };
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys allowed per client message type; anything else is refused. */
const CLIENT_KEYS: Record<ClientMessage['type'], readonly string[]> = {
  join: ['type', 'room', 'name', 'avatar', 'camera', 'mic', 'resume'],
  state: ['type', 'camera', 'mic', 'speaking', 'video', 'audio', 'sharing', 'screen', 'screenAudio'],
  'keyframe-request': ['type', 'to', 'track'],
  subscribe: ['type', 'from', 'track', 'on'],
  leave: ['type'],
  ping: ['type'],
};

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ROOM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MIME_PATTERN = /^(video|audio)\/[A-Za-z0-9.+-]+(;\s*codecs="?[A-Za-z0-9.,+-]+"?)?$/;
const MAX_MIME_LENGTH = 128;
/** Two base64url parts joined by a dot, as the relay issues them. */
const RESUME_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Longest resume token accepted (the relay's are about 150 characters with a 64-character name). */
export const MAX_RESUME_LENGTH = 512;

/** A display name: trimmed, 1..max characters, no control characters. */
export function isValidName(name: unknown, max = DEFAULT_LIMITS.maxNameLength): name is string {
  return typeof name === 'string' && name.trim() === name && name.length > 0 && [...name].length <= max && !CONTROL_CHARS.test(name);
}

/** A room name: 1..max characters of letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
export function isValidRoom(room: unknown, max = DEFAULT_LIMITS.maxRoomLength): room is string {
  return typeof room === 'string' && room.length <= max && ROOM_PATTERN.test(room);
}

/** An avatar URL: http(s) or a data:image URL, at most max characters. */
export function isValidAvatar(url: unknown, max = DEFAULT_LIMITS.maxAvatarLength): url is string {
  return typeof url === 'string' && url.length <= max && /^(https?:\/\/|data:image\/)/i.test(url) && !CONTROL_CHARS.test(url);
}

/** A media MIME type such as `video/webm;codecs=vp8`. */
export function isValidMime(mime: unknown): mime is string {
  return typeof mime === 'string' && mime.length <= MAX_MIME_LENGTH && MIME_PATTERN.test(mime);
}

/** A resume token's shape (not whether the relay will honour it). */
export function isResumeToken(token: unknown): token is string {
  return typeof token === 'string' && token.length <= MAX_RESUME_LENGTH && RESUME_PATTERN.test(token);
}

function isParticipantId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0xffffffff;
}

function isTrack(v: unknown): v is TrackKind {
  return v === 'video' || v === 'audio' || v === 'screen' || v === 'screenAudio';
}

function optionalBool(msg: Json, key: string): boolean {
  return msg[key] === undefined || typeof msg[key] === 'boolean';
}

function optionalMime(msg: Json, key: string): boolean {
  return msg[key] === undefined || msg[key] === null || isValidMime(msg[key]);
}

/**
 * Validates one text message from a client. Never throws: anything malformed gives
 * `{ok: false, code, message}` with a documented error code.
 */
export function parseClientMessage(text: string, limits: ValidationLimits = DEFAULT_LIMITS): Parsed<ClientMessage> {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return fail(ErrorCode.badJson, 'message is not valid JSON');
  }
  if (!isObject(msg) || typeof msg.type !== 'string' || !Object.hasOwn(CLIENT_KEYS, msg.type)) {
    return fail(ErrorCode.unknownType, 'message has no known "type"');
  }
  const type = msg.type as ClientMessage['type'];
  if (type === 'state' && 'id' in msg) {
    return fail(ErrorCode.forbidden, 'state is always your own: "id" is not allowed');
  }
  const extra = Object.keys(msg).find((k) => !CLIENT_KEYS[type].includes(k));
  if (extra !== undefined) return fail(ErrorCode.badMessage, `unexpected field "${extra.slice(0, 32)}" in ${type}`);
  switch (type) {
    case 'join':
      if (!isValidRoom(msg.room, limits.maxRoomLength)) {
        return fail(ErrorCode.badMessage, `join.room must be 1-${limits.maxRoomLength} characters of A-Z a-z 0-9 _ . -`);
      }
      if (!isValidName(msg.name, limits.maxNameLength)) {
        return fail(ErrorCode.badMessage, `join.name must be 1-${limits.maxNameLength} characters, trimmed, without control characters`);
      }
      if (msg.avatar !== undefined && !isValidAvatar(msg.avatar, limits.maxAvatarLength)) {
        return fail(ErrorCode.badMessage, 'join.avatar must be an http(s) or data:image URL');
      }
      if (!optionalBool(msg, 'camera') || !optionalBool(msg, 'mic')) {
        return fail(ErrorCode.badMessage, 'join.camera and join.mic must be booleans');
      }
      if (msg.resume !== undefined && !isResumeToken(msg.resume)) {
        return fail(ErrorCode.badMessage, 'join.resume must be a token from a welcome');
      }
      return { ok: true, value: msg as unknown as JoinMessage };
    case 'state':
      if (!optionalBool(msg, 'camera') || !optionalBool(msg, 'mic') || !optionalBool(msg, 'speaking') || !optionalBool(msg, 'sharing')) {
        return fail(ErrorCode.badMessage, 'state.camera, state.mic, state.speaking and state.sharing must be booleans');
      }
      if (!optionalMime(msg, 'video') || !optionalMime(msg, 'audio') || !optionalMime(msg, 'screen') || !optionalMime(msg, 'screenAudio')) {
        return fail(ErrorCode.badMessage, 'state.video, state.audio, state.screen and state.screenAudio must be MIME types or null');
      }
      if (typeof msg.screen === 'string' && !msg.screen.startsWith('video/')) {
        return fail(ErrorCode.badMessage, 'state.screen must be a video MIME type');
      }
      if (typeof msg.screenAudio === 'string' && !msg.screenAudio.startsWith('audio/')) {
        return fail(ErrorCode.badMessage, 'state.screenAudio must be an audio MIME type');
      }
      return { ok: true, value: msg as unknown as StateUpdateMessage };
    case 'keyframe-request':
      if (!isParticipantId(msg.to) || !isTrack(msg.track)) {
        return fail(ErrorCode.badMessage, 'keyframe-request needs "to" (participant id) and "track" ("video", "audio", "screen" or "screenAudio")');
      }
      return { ok: true, value: msg as unknown as KeyframeRequestMessage };
    case 'subscribe':
      if (!isParticipantId(msg.from) || !isTrack(msg.track) || typeof msg.on !== 'boolean') {
        return fail(ErrorCode.badMessage, 'subscribe needs "from" (participant id), "track" ("video", "audio", "screen" or "screenAudio") and "on" (boolean)');
      }
      return { ok: true, value: msg as unknown as SubscribeMessage };
    case 'leave':
      return { ok: true, value: { type: 'leave' } };
    case 'ping':
      return { ok: true, value: { type: 'ping' } };
  }
}

function isParticipant(v: unknown): v is Participant {
  return (
    isObject(v) &&
    isParticipantId(v.id) &&
    typeof v.name === 'string' &&
    (v.avatar === undefined || typeof v.avatar === 'string') &&
    isParticipantState(v)
  );
}

function isParticipantState(v: Json): boolean {
  return (
    typeof v.camera === 'boolean' &&
    typeof v.mic === 'boolean' &&
    typeof v.speaking === 'boolean' &&
    (v.video === undefined || typeof v.video === 'string') &&
    (v.audio === undefined || typeof v.audio === 'string') &&
    (v.sharing === undefined || typeof v.sharing === 'boolean') &&
    (v.screen === undefined || typeof v.screen === 'string') &&
    (v.screenAudio === undefined || typeof v.screenAudio === 'string') &&
    (v.reconnecting === undefined || typeof v.reconnecting === 'boolean')
  );
}

/**
 * Validates one text message from the relay (clients trust no input either).
 * Returns undefined for anything that is not a well-formed server message.
 */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(msg)) return undefined;
  switch (msg.type) {
    case 'welcome':
      return typeof msg.protocol === 'number' &&
        typeof msg.room === 'string' &&
        isParticipant(msg.self) &&
        Array.isArray(msg.participants) &&
        msg.participants.every(isParticipant) &&
        typeof msg.resume === 'string' &&
        typeof msg.resumed === 'boolean' &&
        (msg.recovering === undefined || (typeof msg.recovering === 'number' && msg.recovering >= 0))
        ? (msg as unknown as WelcomeMessage)
        : undefined;
    case 'joined':
      return isParticipant(msg.participant) ? (msg as unknown as JoinedMessage) : undefined;
    case 'left':
      return isParticipantId(msg.id) ? (msg as unknown as LeftMessage) : undefined;
    case 'state':
      return isParticipantId(msg.id) && isParticipantState(msg) ? (msg as unknown as StateMessage) : undefined;
    case 'keyframe-request':
      return isParticipantId(msg.from) && isTrack(msg.track) ? (msg as unknown as KeyframeRequestedMessage) : undefined;
    case 'error':
      return typeof msg.code === 'string' && typeof msg.message === 'string' ? (msg as unknown as ErrorMessage) : undefined;
    case 'pong':
      return { type: 'pong' };
    default:
      return undefined;
  }
}
