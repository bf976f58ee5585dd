import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { SIGNALING_DEFAULTS, SignalingClient, reconnectDelayFor, type ConnectionState } from '../../src/core/signaling.js';
import type { JoinMessage, WelcomeMessage } from '../../src/protocol/index.js';
import { sleep, uniqueRoom, until } from './helpers.js';

/** Every attempt's delay over the first `seconds` after a drop, with a fixed jitter draw. */
function schedule(random: number, seconds: number, options = {}): number[] {
  const at: number[] = [];
  let t = 0;
  for (let attempt = 0; t < seconds * 1000; attempt++) {
    t += reconnectDelayFor(attempt, t, options, random);
    at.push(t);
  }
  return at;
}

/** The longest wait between two attempts within [from, to) ms after the drop. */
function longestGap(at: number[], from: number, to: number): number {
  const inside = [0, ...at].filter((t) => t >= from && t < to);
  return Math.max(...inside.slice(1).map((t, i) => t - inside[i]!));
}

describe('reconnect delays', () => {
  it('start at 125-250 ms and double, with jitter', () => {
    expect(reconnectDelayFor(0, 0, {}, 0)).to.equal(125);
    expect(reconnectDelayFor(0, 0, {}, 0.999999)).to.be.closeTo(250, 0.001);
    expect(reconnectDelayFor(1, 200, {}, 0)).to.equal(250);
    expect(reconnectDelayFor(2, 500, {}, 0)).to.equal(500);
  });

  it('stay at most 1 s apart for the first 10 s after a drop, so a relay back after a restart is found within a second', () => {
    for (const random of [0, 0.5, 0.999999]) {
      const at = schedule(random, 10);
      expect(longestGap(at, 0, SIGNALING_DEFAULTS.quickRetryWindow)).to.be.at.most(1000, `jitter ${random}`);
    }
    // The relay comes back 1.5 s after the drop: the next attempt is at most 1 s later.
    const at = schedule(0.999999, 10);
    expect(at.find((t) => t >= 1500)! - 1500).to.be.at.most(1000);
  });

  it('back off to maxReconnectDelay after the quick window, not hammering a relay that is gone', () => {
    const at = schedule(0.999999, 60);
    expect(longestGap(at, 20000, 60000)).to.be.closeTo(5000, 0.01);
    expect(reconnectDelayFor(10, 30000, {}, 0.999999)).to.be.closeTo(5000, 0.01);
    expect(reconnectDelayFor(10, 30000, { maxReconnectDelay: 2000 }, 0.999999)).to.be.closeTo(2000, 0.01);
  });

  it('take their limits from the options', () => {
    expect(reconnectDelayFor(10, 0, { quickRetryDelay: 400 }, 0.999999)).to.be.closeTo(400, 0.01);
    expect(reconnectDelayFor(10, 0, { quickRetryWindow: 0 }, 0.999999)).to.be.closeTo(5000, 0.01);
    // A quick cap above the longest delay never lengthens it.
    expect(reconnectDelayFor(10, 0, { quickRetryDelay: 9000, maxReconnectDelay: 3000 }, 0.999999)).to.be.closeTo(3000, 0.01);
  });
});

/** Drives the restartable relay of web-test-runner.config.mjs. */
function relay(action: 'start' | 'freeze' | 'thaw'): Promise<{ url?: string }> {
  return executeServerCommand('restartable-relay', { action });
}

describe('a relay that goes silent', function () {
  this.timeout(20000);
  let url = '';
  before(async () => {
    url = (await relay('start')).url!;
  });
  afterEach(() => relay('thaw'));

  /** A client joined with quick liveness settings; every state it passes through, every welcome. */
  async function joined(room: string) {
    const client = new SignalingClient(url, { pingAfter: 300, deadAfter: 1200 });
    const states: ConnectionState[] = [];
    const welcomes: WelcomeMessage[] = [];
    client.addEventListener('connectionchange', (e) => states.push(e.connection));
    client.addEventListener('message', (e) => e.message.type === 'welcome' && welcomes.push(e.message));
    const join: JoinMessage = { type: 'join', room, name: 'Ada' };
    // The listener above records every welcome, the first one too.
    await client.join(join, () => ({ ...join, resume: welcomes.at(-1)!.resume }));
    return { client, states, welcomes };
  }

  it('a quiet room stays connected: the pongs answer the pings', async () => {
    const { client, states } = await joined(uniqueRoom('quiet'));
    await sleep(3000);
    expect(states).to.deep.equal(['connecting', 'open'], 'never taken for dead');
    client.close();
  });

  it('a relay that stops answering without closing is let go, and the client resumes on a new connection', async () => {
    const { client, states, welcomes } = await joined(uniqueRoom('silent'));
    const id = welcomes[0]!.self.id;
    await relay('freeze');
    await until(() => states.includes('reconnecting'), 'taken for dead', 5000);
    await until(() => client.connection === 'open' && welcomes.length === 2, 'joined again', 5000);
    expect(welcomes[1]!.resumed).to.equal(true);
    expect(welcomes[1]!.self.id).to.equal(id, 'the same participant');
    client.close();
  });
});
