// A relay in a process of its own, so a test can measure the relay's memory and nothing
// else, and see that it never crashes. The parent drives it over IPC (see child-relay.mjs).
import { createRelay } from '../../dist/relay/relay.js';

const relay = createRelay({ port: 0, host: '127.0.0.1', ...JSON.parse(process.argv[2] ?? '{}') });
await relay.ready;

process.on('message', async ({ id, type }) => {
  if (type === 'stats') {
    process.send({ id, stats: relay.stats(), memory: process.memoryUsage() });
  } else if (type === 'close') {
    await relay.close();
    process.send({ id });
    process.disconnect();
  }
});
process.send({ id: 0, port: relay.port });
