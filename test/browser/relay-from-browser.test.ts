import { expect } from '@open-wc/testing';
import { decodeFrame, encodeFrame, parseServerMessage, type ServerMessage } from '../../src/protocol/index.js';

/** A raw browser WebSocket to the test relay, collecting parsed messages and frames. */
async function connect(): Promise<{ ws: WebSocket; messages: ServerMessage[]; frames: Uint8Array[]; next: (type: string) => Promise<ServerMessage> }> {
  const ws = new WebSocket(new URL('/ws', location.href.replace(/^http/, 'ws')));
  ws.binaryType = 'arraybuffer';
  const messages: ServerMessage[] = [];
  const frames: Uint8Array[] = [];
  ws.addEventListener('message', (e) => {
    if (typeof e.data === 'string') messages.push(parseServerMessage(e.data)!);
    else frames.push(new Uint8Array(e.data as ArrayBuffer));
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  const next = async (type: string) => {
    for (let i = 0; i < 200; i++) {
      const m = messages.find((x) => x.type === type);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${type} message`);
  };
  return { ws, messages, frames, next };
}

describe('relay, from a real browser', () => {
  it('joins a room and relays a media frame stamped with the sender', async () => {
    const a = await connect();
    const b = await connect();
    a.ws.send(JSON.stringify({ type: 'join', room: 'browser', name: 'Ada <b>', camera: true }));
    const welcomeA = await a.next('welcome');
    b.ws.send(JSON.stringify({ type: 'join', room: 'browser', name: 'Bob' }));
    const welcomeB = await b.next('welcome');
    expect(welcomeB.type === 'welcome' && welcomeB.participants.map((p) => p.name)).to.deep.equal(['Ada <b>']);

    a.ws.send(encodeFrame({ track: 'video', epoch: 3, seq: 0, init: true, keyframe: false }, new TextEncoder().encode('hello')));
    for (let i = 0; i < 200 && b.frames.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const frame = decodeFrame(b.frames[0]!);
    if (typeof frame === 'string') throw new Error(frame);
    expect(welcomeA.type === 'welcome' && frame.sender).to.equal(welcomeA.type === 'welcome' && welcomeA.self.id);
    expect(frame.epoch).to.equal(3);
    expect(new TextDecoder().decode(frame.payload)).to.equal('hello');
    expect(a.frames.length).to.equal(0);
    a.ws.close();
    b.ws.close();
  });
});
