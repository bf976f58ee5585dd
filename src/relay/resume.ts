import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a resume token says, once its signature checks out. */
export interface ResumeClaim {
  /** The relay instance that issued it (random per `createRelay`). */
  instance: string;
  id: number;
  room: string;
  name: string;
  /** Whether `name` was fixed by the `authenticate` hook (only a connection it names the same may resume). */
  authenticated: boolean;
  /** Random per welcome: a relay that knows the participant honours only the newest token. */
  nonce: string;
}

/**
 * Resume tokens: `base64url(payload).base64url(HMAC-SHA256(payload))`. Unguessable (random
 * nonce, secret key) and self-contained, so a relay restarted with the same secret can check
 * a token its predecessor issued; without a configured secret the key dies with the relay.
 */
export class ResumeTokens {
  /** This relay instance, written into every token it issues. */
  readonly instance = randomBytes(9).toString('base64url');
  private readonly key: Buffer;

  constructor(secret?: string | Uint8Array) {
    this.key = secret === undefined ? randomBytes(32) : Buffer.from(secret);
  }

  /** A new token for a participant, with its nonce. */
  issue(id: number, room: string, name: string, authenticated: boolean): { token: string; nonce: string } {
    const nonce = randomBytes(12).toString('base64url');
    const payload = Buffer.from(JSON.stringify([this.instance, id, room, name, nonce, authenticated ? 1 : 0])).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, nonce };
  }

  /** The claim of a token this relay (or one with the same secret) issued; undefined otherwise. */
  verify(token: string): ResumeClaim | undefined {
    const dot = token.indexOf('.');
    if (dot < 1) return undefined;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 6) return undefined;
    const [instance, id, room, name, nonce, authenticated] = value as unknown[];
    if (typeof instance !== 'string' || typeof room !== 'string' || typeof name !== 'string' || typeof nonce !== 'string') return undefined;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 0xffffffff) return undefined;
    if (authenticated !== 0 && authenticated !== 1) return undefined;
    return { instance, id, room, name, nonce, authenticated: authenticated === 1 };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
