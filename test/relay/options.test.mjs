import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relayFor, TestClient } from './helpers.mjs';

const { RELAY_DEFAULTS } = await import('../../dist/relay/relay.js');

test('an option given as undefined takes its default: the room limit and the name limit still hold', async (t) => {
  const relay = await relayFor(t, { maxParticipantsPerRoom: undefined, limits: { maxNameLength: undefined } });
  const clients = [];
  t.after(() => Promise.all(clients.map((c) => c.close())));
  for (let i = 0; i < RELAY_DEFAULTS.maxParticipantsPerRoom; i++) {
    const c = await TestClient.connect(relay.url);
    clients.push(c);
    await c.join('full', `P${i}`);
  }
  const late = await TestClient.connect(relay.url);
  clients.push(late);
  late.send({ type: 'join', room: 'full', name: 'Late' });
  assert.match((await late.error('room-full')).message, /full \(25\)/);
  const long = await TestClient.connect(relay.url);
  clients.push(long);
  long.send({ type: 'join', room: 'other', name: 'x'.repeat(65) });
  await long.error('bad-message');
});
