import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/all.js';
import { MeetConnectionChangeEvent, type MeetRoom } from '../../src/index.js';
import { CAMERA_START_MS, sleep, uniqueRoom, until, videoAdvances } from './helpers.js';
import { part, record, tileFor, watchTile } from './elements-helpers.js';

/** Drives the restartable relay of web-test-runner.config.mjs (its own port, same one after a restart). */
function relay(action: 'start' | 'stop' | 'drop'): Promise<{ url?: string }> {
  return executeServerCommand('restartable-relay', { action });
}

const WATCHED = ['meet-participant-join', 'meet-participant-leave', 'meet-connection-change', 'meet-left', 'meet-error'] as const;

/** A (camera on) and B in one room on the restartable relay, B playing A's video. */
async function pair(url: string) {
  const room = uniqueRoom('reconnect');
  const wrap = await fixture<HTMLDivElement>(html`<div style="display: flex; gap: 8px">
    <meet-room style="flex: none; width: 480px; height: 320px" server=${url} room=${room} name="Ada" camera></meet-room>
    <meet-room style="flex: none; width: 480px; height: 320px" server=${url} room=${room} name="Bob"></meet-room>
  </div>`);
  const [a, b] = [...wrap.querySelectorAll('meet-room')] as [MeetRoom, MeetRoom];
  await until(() => a.self && b.self, 'both rooms joined');
  const aId = a.self!.id;
  const bId = b.self!.id;
  const tile = await until(() => tileFor(b, aId), "B shows A's tile");
  await until(() => tileFor(a, bId), "A shows B's tile");
  await until(() => tile.state === 'video', "B's tile for A shows video", CAMERA_START_MS);
  await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
  const seen = { a: record(a, ...WATCHED), b: record(b, ...WATCHED) };
  return { a, b, aId, bId, tile, seen };
}

function connections(events: Event[]): string[] {
  return events.filter((e): e is MeetConnectionChangeEvent => e instanceof MeetConnectionChangeEvent).map((e) => e.connection);
}

describe('<meet-room> reconnects by itself', function () {
  this.timeout(60000);
  let url = '';
  before(async () => {
    url = (await relay('start')).url!;
  });
  // A failed test must not leave the relay down for the next one.
  afterEach(() => relay('start'));

  it('relay stopped and restarted on the same port: both come back, A plays again at B, nobody left or joined', async () => {
    const { a, b, aId, bId, tile, seen } = await pair(url);
    const tileStates = watchTile(tile);

    await relay('stop');
    await until(() => a.getAttribute('connection') === 'reconnecting' && b.getAttribute('connection') === 'reconnecting', 'both show reconnecting');
    await until(() => tile.state === 'loading', "B's tile for A shows loading while away, not a frozen frame");
    for (const room of [a, b]) await until(() => part(room, 'status')?.textContent?.includes('Reconnecting'), 'a "Reconnecting…" notice over the grid');
    await sleep(1000);

    const restarted = performance.now();
    await relay('start');
    await until(() => a.getAttribute('connection') === 'open' && b.getAttribute('connection') === 'open', 'both open again', 15000);
    const reconnectMs = performance.now() - restarted;
    await until(() => tile.state === 'video', "B's tile for A shows video again", 20000);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);
    const videoMs = performance.now() - restarted;
    console.log(`relay restart: both open again after ${reconnectMs.toFixed(0)} ms, A's video advancing at B after ${videoMs.toFixed(0)} ms`);

    expect(a.self!.id).to.equal(aId, 'A kept its id');
    expect(b.self!.id).to.equal(bId, 'B kept its id');
    expect(tileFor(b, aId)).to.equal(tile, 'the same tile element all along');
    expect(tileFor(a, bId)).to.not.equal(undefined);
    for (const events of [seen.a, seen.b]) {
      expect(events.map((e) => e.type).filter((t) => t !== 'meet-connection-change')).to.deep.equal([], 'no leave, join, left or error');
      expect(connections(events)).to.deep.equal(['reconnecting', 'open']);
    }
    expect(tileStates.map((s) => s.state)).to.include('loading');
    expect(tileStates.at(-1)!.state).to.equal('video');
  });

  it('network blip with the relay up: resumed within the grace, same participants, video again', async () => {
    const { a, b, aId, bId, tile, seen } = await pair(url);

    await relay('drop');
    await until(() => a.getAttribute('connection') === 'reconnecting' && b.getAttribute('connection') === 'reconnecting', 'both show reconnecting');
    await until(() => a.getAttribute('connection') === 'open' && b.getAttribute('connection') === 'open', 'both open again', 15000);
    await until(() => tile.state === 'video', "B's tile for A shows video again", 20000);
    await videoAdvances(part<HTMLVideoElement>(tile, 'video')!);

    expect(a.self!.id).to.equal(aId);
    expect(b.self!.id).to.equal(bId);
    for (const events of [seen.a, seen.b]) {
      expect(events.map((e) => e.type).filter((t) => t !== 'meet-connection-change')).to.deep.equal([]);
      expect(connections(events)).to.deep.equal(['reconnecting', 'open']);
    }
    // A camera turned off after the blip still reaches B: the resumed connection is live.
    await a.setCamera(false);
    await until(() => tile.state === 'avatar', "B's tile for A back to the avatar");
  });
});
