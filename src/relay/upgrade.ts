import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode } from '../protocol/index.js';
import type { AuthResult, ResolvedRelayOptions } from './options.js';

const OPEN_ACCESS: AuthResult = Object.freeze({});

/** What the upgrade handler asks of the relay it serves. */
export interface UpgradeHost {
  /** True once the relay is closing: new connections get 503. */
  closing(): boolean;
  /** Open connections now. */
  connections(): number;
  /** Takes an upgraded connection with what the `authenticate` hook granted it. */
  accept(ws: WebSocket, auth: AuthResult): void;
}

type UpgradeOptions = Pick<ResolvedRelayOptions, 'path' | 'maxConnections' | 'allowedOrigins' | 'authenticate'>;

/**
 * The HTTP `upgrade` listener: the path, the origin check, the connection cap and the
 * `authenticate` hook, before anything reaches the relay. Requests for other paths are left
 * to the server's other handlers.
 */
export function upgradeHandler(
  opts: UpgradeOptions,
  wss: WebSocketServer,
  host: UpgradeHost,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  let pending = 0;
  return (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://relay').pathname !== opts.path) return;
    if (host.closing()) return refuse(socket, 503, 'Service Unavailable');
    if (!originAllowed(opts.allowedOrigins, req)) return refuse(socket, 403, 'Forbidden');
    if (host.connections() + pending >= opts.maxConnections) return refuse(socket, 503, 'Service Unavailable');
    const authenticate = opts.authenticate;
    if (!authenticate) return wss.handleUpgrade(req, socket, head, (ws) => host.accept(ws, OPEN_ACCESS));
    pending += 1;
    // The hook is async: a socket that errors meanwhile must not crash the process.
    socket.on('error', () => socket.destroy());
    void (async () => {
      let result: AuthResult | false | undefined;
      try {
        result = await authenticate(req);
      } catch {
        result = undefined;
      }
      pending -= 1;
      if (socket.destroyed) return;
      if (host.closing()) return refuse(socket, 503, 'Service Unavailable');
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (result === undefined) ws.close(CloseCode.internalError, 'authentication failed');
        else if (result === false) ws.close(CloseCode.denied, 'denied');
        else host.accept(ws, result);
      });
    })();
  };
}

/** Whether what the hook granted lets a connection into `room`. A throwing test grants nothing. */
export function roomAllowed(auth: AuthResult, room: string): boolean {
  const rooms = auth.rooms;
  if (rooms === undefined) return true;
  if (Array.isArray(rooms)) return rooms.includes(room);
  if (typeof rooms !== 'function') return false; // anything else grants nothing
  try {
    return rooms(room) === true;
  } catch {
    return false;
  }
}

function originAllowed(allowed: UpgradeOptions['allowedOrigins'], req: IncomingMessage): boolean {
  if (!allowed) return true;
  const origin = req.headers.origin;
  if (typeof allowed !== 'function') return origin !== undefined && allowed.includes(origin);
  try {
    return allowed(origin, req) === true;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
