import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { DEFAULT_LIMITS, type ValidationLimits } from '../protocol/index.js';
import { withDefaults } from '../util/with-defaults.js';

/**
 * What the `authenticate` hook grants a connection. The relay never takes a client's word
 * for who it is: what is set here wins over the `join` message.
 */
export interface AuthResult {
  /** The display name the participant gets, whatever its `join` says. */
  name?: string;
  /** The rooms it may join: a list, or a test. Unset: any room. Others get a `denied` error. */
  rooms?: readonly string[] | ((room: string) => boolean);
}

/**
 * Checks an upgrade request (a cookie, a token in the URL...). `false` refuses the connection
 * (it is closed with 4003 right after the upgrade, so a browser learns why); a throw closes it
 * with 1011 (the client may retry).
 */
export type Authenticate = (request: IncomingMessage) => AuthResult | false | Promise<AuthResult | false>;

/** Options of `createRelay`. Every limit has a documented default. */
export interface RelayOptions {
  /** Attach to this HTTP(S) server (upgrade requests on `path`). Without it the relay listens on its own. */
  server?: HttpServer | HttpsServer;
  /** Port to listen on when no `server` is given (default 0: a free port). */
  port?: number;
  /** Host to listen on when no `server` is given (default `127.0.0.1`). */
  host?: string;
  /** URL path of the WebSocket endpoint (default `/ws`). */
  path?: string;
  /** Largest WebSocket message in bytes; bigger ones close the connection with 1009 (default 1 MiB). */
  maxPayload?: number;
  /** Largest text (JSON) message in bytes; bigger ones get a `too-large` error (default 16 KiB). */
  maxTextBytes?: number;
  /** Participants per room, counting those inside their resume grace (default 25). */
  maxParticipantsPerRoom?: number;
  /** Rooms per relay (default 1000). */
  maxRooms?: number;
  /** Open connections per relay, counting those being authenticated; more get HTTP 503 (default 10000). */
  maxConnections?: number;
  /** Name, room and avatar length limits (defaults: 64, 64, 2048 characters). */
  limits?: Partial<ValidationLimits>;
  /** Heartbeat period in ms; a peer that misses one ping is dropped (default 15000). */
  heartbeatInterval?: number;
  /** Bytes cached per publisher track for late joiners (init + since last keyframe; default 8 MiB). */
  cacheBytes?: number;
  /** Bytes cached of a shared screen for late joiners (its own cache beside the camera's; default 8 MiB). */
  screenCacheBytes?: number;
  /** Bytes queued to one receiver before its media is skipped until the next keyframe (default 2 MiB). */
  sendBufferCap?: number;
  /** Invalid messages tolerated per connection before it is closed with 4001 (default 20). */
  maxErrors?: number;
  /** Text messages per second per connection (default 50); over it they are dropped with `rate-limited`. */
  messageRate?: number;
  /** Text messages a connection may send at once above `messageRate` (default 100). */
  messageBurst?: number;
  /** Camera and microphone bytes per second per connection (default 4 MiB); over it frames are dropped with `rate-limited`. */
  mediaByteRate?: number;
  /** Media bytes a connection may send at once above `mediaByteRate` (default 8 MiB). */
  mediaByteBurst?: number;
  /**
   * Shared-screen bytes per second per connection (default 4 MiB), a budget of its own: a
   * screen's large keyframes never make the camera or microphone drop, nor the other way round.
   */
  screenByteRate?: number;
  /** Shared-screen bytes a connection may send at once above `screenByteRate` (default 8 MiB). */
  screenByteBurst?: number;
  /** Media frames per second per connection (default 300). */
  mediaFrameRate?: number;
  /** Media frames a connection may send at once above `mediaFrameRate` (default 600). */
  mediaFrameBurst?: number;
  /**
   * ms a dropped participant is held for a `join` with its `resume` token (same id, the room
   * is told nothing); after it the room gets `left` (default 10000; 0 disables resuming).
   */
  resumeGrace?: number;
  /**
   * Key of the resume tokens. Give the same one to a restarted relay and, for `resumeGrace`
   * after it starts, it takes back its predecessor's participants too (default: random per
   * relay, so a restart makes everyone leave and join again: set it in a deployment, at least
   * 16 random bytes from a secret store).
   */
  resumeSecret?: string | Uint8Array;
  /**
   * Origins (exact `Origin` header values) allowed to connect, or a test; others get HTTP 403.
   * With a list, a request without an `Origin` header is refused too. Unset: any origin.
   */
  allowedOrigins?: readonly string[] | ((origin: string | undefined, request: IncomingMessage) => boolean);
  /** Runs at every upgrade; see {@link Authenticate}. Unset: everyone may join any room. */
  authenticate?: Authenticate;
  /**
   * Runs this relay as one node of several sharing their rooms through Redis (see
   * {@link ClusterOptions}; needs `@redis/client` installed, and the same `resumeSecret` on
   * every node). Unset: one process, no Redis.
   */
  cluster?: ClusterOptions;
}

/** `createRelay({ cluster })`: one room spread over several relay processes through Redis (see docs/deploying.md). */
export interface ClusterOptions {
  /**
   * The Redis server every node shares: a URL (`redis://127.0.0.1:6379`, `rediss://…` for TLS),
   * or a node-redis client made by the app (`createClient({...})` of `@redis/client` 6; not
   * connected), which the relay duplicates for its two connections and leaves alone.
   */
  redis: string | { duplicate(options?: object): unknown };
  /** Prefix of every Redis key and channel (default `meet:`), so deployments can share one Redis. */
  prefix?: string;
  /** ms between a node's heartbeats in Redis (default 1000); a node silent for 3 of them is gone. */
  heartbeat?: number;
}

/** Defaults of {@link ClusterOptions}. */
export const CLUSTER_DEFAULTS = Object.freeze({ prefix: 'meet:', heartbeat: 1000 });

const MiB = 1024 * 1024;

/** The default of every relay option that has one (see {@link RelayOptions}). */
export const RELAY_DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  path: '/ws',
  maxPayload: MiB,
  maxTextBytes: 16 * 1024,
  maxParticipantsPerRoom: 25,
  maxRooms: 1000,
  maxConnections: 10000,
  heartbeatInterval: 15000,
  cacheBytes: 8 * MiB,
  screenCacheBytes: 8 * MiB,
  sendBufferCap: 2 * MiB,
  maxErrors: 20,
  messageRate: 50,
  messageBurst: 100,
  mediaByteRate: 4 * MiB,
  mediaByteBurst: 8 * MiB,
  screenByteRate: 4 * MiB,
  screenByteBurst: 8 * MiB,
  mediaFrameRate: 300,
  mediaFrameBurst: 600,
  resumeGrace: 10000,
} as const;

/** Options with every default filled in, and the validation limits merged with the protocol's. */
export type ResolvedRelayOptions = Omit<RelayOptions, keyof typeof RELAY_DEFAULTS | 'limits'> &
  { [K in keyof typeof RELAY_DEFAULTS]-?: NonNullable<RelayOptions[K]> } & { limits: ValidationLimits };

/** Every option with its default filled in (see `withDefaults`), the validation limits too. */
export function resolveOptions(options: RelayOptions): ResolvedRelayOptions {
  return { ...withDefaults(RELAY_DEFAULTS, options), limits: withDefaults(DEFAULT_LIMITS, options.limits) };
}
