import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { findChromium, findFirefox, CHROMIUM_FLAGS, firefoxLaunchOptions } from './scripts/browsers.mjs';

// MEET_BROWSERS=chromium (or firefox) runs one browser; the default is both, one after the other.
const wanted = (process.env.MEET_BROWSERS || 'chromium,firefox').split(',').map((b) => b.trim());

function chromium() {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found: run `npm test` (it installs one) or set CHROME_PATH.');
  }
  return chromeLauncher({
    launchOptions: { executablePath, headless: true, args: CHROMIUM_FLAGS },
  });
}

/**
 * Firefox ESR through puppeteer-core over WebDriver BiDi (Playwright cannot drive stock
 * Firefox). puppeteer-core, not puppeteer: the full package downloads a browser on install.
 */
function firefox() {
  const executablePath = findFirefox();
  if (!executablePath) {
    throw new Error('No Firefox found: run `npm test` (it installs firefox-esr) or set FIREFOX_PATH.');
  }
  return chromeLauncher({ puppeteer: puppeteerCore, launchOptions: firefoxLaunchOptions(executablePath) });
}

/**
 * Attaches a real relay to the test server's own http.Server at /ws, so browser tests
 * reach it at `new URL('/ws', location.href)` on loopback.
 */
function relayPlugin() {
  let relay;
  return {
    name: 'meet-relay',
    async serverStart({ server }) {
      // Built by `npm run build` (npm test builds first).
      const { createRelay } = await import('./dist/relay/relay.js');
      relay = createRelay({ server, path: '/ws' });
    },
    async serverStop() {
      await relay?.close();
    },
  };
}

/**
 * A second relay, on its own port, that reconnect tests drive from the browser with
 * `executeServerCommand('restartable-relay', { action })`: `start` (returns its URL; the same
 * port every time), `stop` (`relay.close()`: 1012 to every client), `drop` (cut every TCP
 * connection, as a network blip would, with the relay still running), `freeze` (stop reading
 * every open connection without closing it, as a relay whose machine vanished would look),
 * `thaw` (read them again), `stats`.
 * A restart keeps the resume secret, as a deployment that restarts its relay would.
 */
function restartableRelayPlugin() {
  const secret = randomBytes(32);
  const sockets = new Set();
  let createRelay;
  let relay;
  let server;
  let port = 0;

  async function start() {
    server = createServer((_req, res) => res.writeHead(426).end());
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    relay = createRelay({ server, path: '/ws', resumeSecret: secret });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    port = server.address().port;
  }

  async function stop() {
    const [r, s] = [relay, server];
    relay = server = undefined;
    await r?.close();
    s?.closeAllConnections();
    await new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }

  return {
    name: 'restartable-relay',
    async serverStart() {
      ({ createRelay } = await import('./dist/relay/relay.js'));
    },
    serverStop: stop,
    async executeCommand({ command, payload }) {
      if (command !== 'restartable-relay') return undefined;
      switch (payload?.action) {
        case 'start':
          if (!relay) await start();
          return { url: `ws://127.0.0.1:${port}/ws` };
        case 'stop':
          await stop();
          return {};
        case 'drop':
          for (const socket of sockets) socket.destroy();
          return {};
        case 'freeze':
          for (const socket of sockets) socket.pause();
          return {};
        case 'thaw':
          for (const socket of sockets) socket.resume();
          return {};
        case 'stats':
          return relay?.stats() ?? null;
        default:
          throw new Error(`restartable-relay: unknown action ${JSON.stringify(payload?.action)}`);
      }
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  concurrency: 1,
  // One browser after the other: they share the relays (the restartable one is stopped and
  // started by reconnect tests) and two cores.
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 60000,
  testFramework: { config: { timeout: 30000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // MEET_NO_RELAY=1 runs tests that need no relay before the relay is built.
    ...(process.env.MEET_NO_RELAY ? [] : [relayPlugin(), restartableRelayPlugin()]),
  ],
  browsers: [
    ...(wanted.includes('chromium') ? [chromium()] : []),
    ...(wanted.includes('firefox') ? [firefox()] : []),
  ],
};
