import {
  CloseCode,
  ErrorCode,
  FINAL_CLOSE_CODES,
  decodeFrame,
  parseServerMessage,
  type ClientMessage,
  type JoinMessage,
  type MediaFrameMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '../protocol/index.js';
import { withDefaults } from '../util/with-defaults.js';
import { TypedEventTarget } from './typed-event-target.js';

/** Where the socket is: `connecting` (first attempt), `open` (joined), `reconnecting`, `closed`. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A validated JSON message from the relay. */
export class SignalMessageEvent extends Event {
  constructor(readonly message: ServerMessage) {
    super('message');
  }
}

/** A media frame from the relay (payload is a view, not a copy). */
export class SignalFrameEvent extends Event {
  constructor(readonly frame: MediaFrameMessage) {
    super('frame');
  }
}

/** The connection state changed. */
export class ConnectionChangeEvent extends Event {
  constructor(readonly connection: ConnectionState) {
    super('connectionchange');
  }
}

/** Defaults of {@link SignalingOptions}. */
export const SIGNALING_DEFAULTS = Object.freeze({ reconnectDelay: 250, maxReconnectDelay: 5000, quickRetryWindow: 10000, quickRetryDelay: 1000, pingAfter: 5000, deadAfter: 15000 });

/** Options of {@link SignalingClient}. */
export interface SignalingOptions {
  /** First reconnect delay in ms (default 250); doubles per failure, with jitter (each delay is 50-100 % of it). */
  reconnectDelay?: number;
  /** Longest reconnect delay in ms (default 5000). */
  maxReconnectDelay?: number;
  /**
   * ms after a drop during which retries stay at most `quickRetryDelay` apart (default 10000,
   * the relay's default resume grace): a relay that restarts is found within a second of
   * answering again, while the participant can still resume.
   */
  quickRetryWindow?: number;
  /** Longest reconnect delay in ms within `quickRetryWindow` (default 1000). */
  quickRetryDelay?: number;
  /** ms without a word from the relay after which the client asks it for one (`ping`; default 5000). */
  pingAfter?: number;
  /**
   * ms without a word from the relay after which the connection is taken for dead and replaced,
   * as after a drop (default 15000; the `ping` went unanswered for `deadAfter - pingAfter` ms):
   * a relay whose machine vanished without closing its sockets is noticed in seconds, not when
   * TCP gives up.
   */
  deadAfter?: number;
}

/**
 * The delay in ms before reconnect attempt `attempt` (0 for the first), `sinceDrop` ms after
 * the connection dropped; `random` is in [0, 1). Exponential from `reconnectDelay` with
 * jitter, capped at `quickRetryDelay` within `quickRetryWindow` of the drop, else at
 * `maxReconnectDelay`.
 */
export function reconnectDelayFor(attempt: number, sinceDrop: number, options: SignalingOptions = {}, random = Math.random()): number {
  const o = withDefaults(SIGNALING_DEFAULTS, options);
  const cap = sinceDrop < o.quickRetryWindow ? Math.min(o.quickRetryDelay, o.maxReconnectDelay) : o.maxReconnectDelay;
  return Math.min(cap, o.reconnectDelay * 2 ** attempt) * (0.5 + random / 2);
}

/** The events of a {@link SignalingClient}. */
export interface SignalingEventMap {
  message: SignalMessageEvent;
  frame: SignalFrameEvent;
  connectionchange: ConnectionChangeEvent;
}

/**
 * One WebSocket to the relay: joins, re-joins after a drop (exponential backoff with
 * jitter, at most 1 s apart for the first 10 s: see {@link reconnectDelayFor}; the relay
 * closing with 1012 is a drop too), validates everything it receives, and
 * dispatches typed events. A re-join sends what the `rejoin` callback of `join()` returns at
 * that moment (current devices, the latest resume token).
 */
export class SignalingClient extends TypedEventTarget<SignalingEventMap> {
  private ws: WebSocket | undefined;
  private joinMessage: JoinMessage | undefined;
  private rejoin: (() => JoinMessage) | undefined;
  private attempts = 0;
  /** When the connection last dropped (the first failed attempt after being open). */
  private droppedAt = 0;
  /** When the socket last delivered anything, and when a `ping` was last sent. */
  private heardAt = 0;
  private pingedAt = 0;
  private liveness: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private state: ConnectionState = 'closed';
  private pendingWelcome: { resolve: (w: WelcomeMessage) => void; reject: (e: Error) => void } | undefined;
  /** The welcome of a join started by `preJoin()`, until `join()` takes it over. */
  private early: Promise<WelcomeMessage> | undefined;
  /** What the socket delivered (and the state changes) while held, `preJoin()` until `join()`, handled in order at `join()`. */
  private held: (() => void)[] | undefined;

  constructor(
    private readonly url: string,
    private readonly options: SignalingOptions = {},
  ) {
    super();
  }

  /** The current connection state. */
  get connection(): ConnectionState {
    return this.state;
  }

  /** Bytes queued in the socket and not yet sent (for the publisher's backpressure). */
  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  /**
   * Connects and joins. Resolves with the first `welcome`; rejects if the relay refuses the
   * join (`error` before `welcome`) or closes for good before it. After a drop the client
   * re-joins with `rejoin()`'s message (by default the same one) and emits a new `welcome`.
   * After `preJoin()` it takes that join over (its message was sent already): what arrived
   * meanwhile is handled before it returns, and it resolves with that join's welcome.
   */
  join(message: JoinMessage, rejoin?: () => JoinMessage): Promise<WelcomeMessage> {
    this.joinMessage = message;
    this.rejoin = rejoin;
    const early = this.early;
    if (early) {
      // Taking over a preJoin(): what arrived meanwhile is handled now, in order.
      this.early = undefined;
      const held = this.held ?? [];
      this.held = undefined;
      for (const handle of held) handle();
      return early;
    }
    this.disposed = false;
    return new Promise((resolve, reject) => {
      this.pendingWelcome = { resolve, reject };
      this.open('connecting');
    });
  }

  /**
   * Connects and sends `message` now, but holds everything the relay sends (the welcome, the
   * frames) until `join()` is called, which handles it in order and resolves as usual. A page
   * joins this way while the code that plays the media is still loading: the round trips to
   * the relay and the senders' keyframes overlap the download instead of following it.
   */
  preJoin(message: JoinMessage): void {
    if (this.early || this.pendingWelcome) return;
    this.held = [];
    this.early = this.join(message);
    this.early.catch(() => undefined); // a close() before join() is not an unhandled failure
  }

  /** Sends a JSON message if the socket is open; returns whether it was sent. */
  send(message: ClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN || this.state !== 'open') return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** Sends an encoded media frame if joined; returns whether it was sent. */
  sendFrame(bytes: Uint8Array): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN || this.state !== 'open') return false;
    this.ws.send(bytes);
    return true;
  }

  /** Leaves the room (if joined) and closes for good. */
  close(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.liveness);
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'leave' }));
    this.ws?.close(CloseCode.normal);
    this.ws = undefined;
    this.pendingWelcome?.reject(new Error('closed before joining'));
    this.pendingWelcome = undefined;
    this.early = undefined;
    this.held = undefined;
    this.setState('closed');
  }

  private open(state: ConnectionState): void {
    this.setState(state);
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.fail(new Error(`invalid relay URL "${this.url}": ${(e as Error).message}`));
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.heardAt = performance.now();
    this.watchLiveness();
    // Built when the socket opens: the devices may have changed while it was connecting.
    ws.addEventListener('open', () => ws.send(JSON.stringify(state === 'reconnecting' && this.rejoin ? this.rejoin() : this.joinMessage)));
    ws.addEventListener('message', (e) => this.handle(() => this.onMessage(e)));
    ws.addEventListener('close', (e) => this.handle(() => this.onClose(ws, e)));
  }

  /** Handles a socket event now, or after `join()` while a `preJoin()` holds them. */
  private handle(event: () => void): void {
    if (this.held) this.held.push(event);
    else event();
  }

  private onMessage(e: MessageEvent): void {
    this.heardAt = performance.now();
    if (typeof e.data !== 'string') {
      const frame = decodeFrame(new Uint8Array(e.data as ArrayBuffer));
      if (typeof frame !== 'string') this.dispatchEvent(new SignalFrameEvent(frame));
      return;
    }
    const message = parseServerMessage(e.data);
    if (!message || message.type === 'pong') return;
    if (message.type === 'welcome') {
      this.attempts = 0;
      this.setState('open');
      this.pendingWelcome?.resolve(message);
      this.pendingWelcome = undefined;
    } else if (message.type === 'error' && this.state !== 'open') {
      if (this.pendingWelcome || message.code === ErrorCode.denied) {
        // The join itself was refused: retrying would be refused again.
        this.fail(new Error(`${message.code}: ${message.message}`));
      } else {
        // A re-join refused for now (room full, rate limit...): drop the socket, try again later.
        this.ws?.close(CloseCode.normal);
      }
    }
    this.dispatchEvent(new SignalMessageEvent(message));
  }

  private onClose(ws: WebSocket, e: CloseEvent): void {
    if (ws !== this.ws || this.disposed) return;
    this.ws = undefined;
    if (FINAL_CLOSE_CODES.has(e.code)) {
      this.fail(new Error(`relay closed the connection (${e.code}${e.reason ? `: ${e.reason}` : ''})`));
      return;
    }
    this.retry();
  }

  /**
   * While joined: a `ping` after `pingAfter` ms of silence, and a connection silent for
   * `deadAfter` ms is let go (its close may never come) and replaced like a dropped one.
   */
  private watchLiveness(): void {
    if (this.liveness) return;
    const { pingAfter, deadAfter } = withDefaults(SIGNALING_DEFAULTS, this.options);
    this.liveness = setInterval(() => {
      const ws = this.ws;
      if (!ws || this.state !== 'open' || ws.readyState !== WebSocket.OPEN) return;
      const now = performance.now();
      const waiting = this.pingedAt > this.heardAt;
      if (!waiting && now - this.heardAt >= pingAfter) {
        this.pingedAt = now;
        ws.send(JSON.stringify({ type: 'ping' }));
      } else if (waiting && now - this.pingedAt >= deadAfter - pingAfter) {
        // Counted from the ping, not the silence: a throttled background tab that pinged late is not dead.
        this.ws = undefined;
        ws.close();
        this.retry();
      }
    }, Math.max(50, Math.min(pingAfter, deadAfter) / 4));
  }

  /** The socket is gone (closed, or let go as dead): reconnect after the backoff's delay. */
  private retry(): void {
    if (this.attempts === 0) this.droppedAt = performance.now();
    const delay = reconnectDelayFor(this.attempts, performance.now() - this.droppedAt, this.options);
    this.attempts += 1;
    this.setState(this.state === 'connecting' ? 'connecting' : 'reconnecting');
    this.retryTimer = setTimeout(() => this.open(this.state), delay);
  }

  private fail(error: Error): void {
    this.disposed = true;
    clearInterval(this.liveness);
    this.ws?.close();
    this.ws = undefined;
    this.pendingWelcome?.reject(error);
    this.pendingWelcome = undefined;
    this.setState('closed');
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    // Held too after a preJoin(): the session taking over hears `connecting` like any other.
    const event = new ConnectionChangeEvent(state);
    this.handle(() => this.dispatchEvent(event));
  }
}
