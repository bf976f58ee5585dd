import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChromium, CHROMIUM_FLAGS } from './scripts/browsers.mjs';

const executablePath = findChromium();
if (!executablePath) {
  throw new Error('No Chromium found: run `npm test` (it installs one) or set CHROME_PATH.');
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

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  concurrency: 1,
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 60000,
  testFramework: { config: { timeout: 30000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // MEET_NO_RELAY=1 runs tests that need no relay before the relay is built.
    ...(process.env.MEET_NO_RELAY ? [] : [relayPlugin()]),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROMIUM_FLAGS },
    }),
  ],
};
