// The meet-elements relay on its own port, for pages served from elsewhere (your app's own
// server or a CDN):
//   npm install && npm run build && ALLOWED_ORIGINS=https://app.example.com npm start
// Pages then use <meet-room server="wss://relay.example.com/ws" ...>. Behind TLS, put it
// behind your proxy or pass an https server as `server`.
import { createRelay, type RelayOptions } from 'meet-elements/relay';

const origins = process.env.ALLOWED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);

const options: RelayOptions = {
  port: Number(process.env.PORT ?? 8081),
  host: process.env.HOST ?? '127.0.0.1',
  // Only your pages may connect (a browser always sends its page's origin).
  ...(origins?.length && { allowedOrigins: origins }),
  maxParticipantsPerRoom: 12,
};

const relay = createRelay(options);
await relay.ready;
console.log(`meet-elements relay: ws://${options.host}:${relay.port}/ws`);

// Restarts and deploys: clients are told 1012 and reconnect (and resume) on their own.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void relay.close().then(() => process.exit(0)));
}
