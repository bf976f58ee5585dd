// Real ws clients against a real relay on loopback, for the relay's tests.
import { WebSocket } from 'ws';
import { createRelay } from '../../dist/relay/relay.js';
import { encodeFrame, decodeFrame } from '../../dist/protocol/index.js';

export { encodeFrame, decodeFrame };

/** Starts a relay on a free loopback port. */
export async function startRelay(options = {}) {
  const relay = createRelay({ port: 0, host: '127.0.0.1', ...options });
  await relay.ready;
  relay.url = `ws://127.0.0.1:${relay.port}/ws`;
  return relay;
}

/** Starts a relay for one test and closes it when the test ends, passed or failed. */
export async function relayFor(t, options = {}) {
  const relay = await startRelay(options);
  t.after(() => relay.close());
  return relay;
}

/** A test client that records every message it receives. */
export class TestClient {
  static async connect(url, wsOptions) {
    const c = new TestClient(new WebSocket(url, wsOptions));
    await new Promise((resolve, reject) => {
      c.ws.once('open', resolve);
      c.ws.once('error', reject);
    });
    return c;
  }

  constructor(ws) {
    this.ws = ws;
    this.messages = [];
    this.frames = [];
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.waiters = new Set();
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const bytes = new Uint8Array(data);
        const frame = decodeFrame(bytes);
        this.frames.push(typeof frame === 'string' ? { error: frame } : { ...frame, payload: Buffer.from(frame.payload).toString() });
      } else {
        this.messages.push(JSON.parse(data.toString()));
      }
      for (const w of this.waiters) w();
    });
  }

  send(msg) {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  sendFrame(header, payload) {
    this.ws.send(encodeFrame(header, Buffer.from(payload)));
  }

  /** Waits until `predicate()` is truthy (re-checked on each message), or fails after `ms`. */
  waitFor(predicate, what = 'condition', ms = 3000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = predicate();
        if (v) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`));
      }, ms);
      this.waiters.add(check);
      check();
    });
  }

  message(type, what = type) {
    return this.waitFor(() => this.messages.find((m) => m.type === type), what);
  }

  async error(code) {
    return this.waitFor(() => this.messages.find((m) => m.type === 'error' && m.code === code), `error ${code}`);
  }

  /** Joins and resolves with the welcome message. */
  async join(room, name, extra = {}) {
    this.send({ type: 'join', room, name, ...extra });
    this.welcome = await this.message('welcome');
    this.id = this.welcome.self.id;
    return this.welcome;
  }

  /** Leaves like a real client (`leave`, when joined and open), then closes the socket. */
  close() {
    if (this.welcome && this.ws.readyState === WebSocket.OPEN) this.send({ type: 'leave' });
    this.ws.close();
    return this.closed;
  }
}

/** Resolves after `ms` milliseconds: used only to show that something did NOT arrive. */
export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
