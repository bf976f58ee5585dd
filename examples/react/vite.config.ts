// React 19 + meet-elements. React 19 sets known properties on custom elements (latency={0.3}
// becomes `el.latency = 0.3`) and adds listeners for `on<event-name>` props.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  // Its own dependency cache, so several examples (and Storybook) can run side by side.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite/examples-react', import.meta.url)),
  plugins: [react()],
  resolve: {
    // In your app these come from node_modules (`npm install meet-elements`); here, from
    // this repository's sources.
    alias: [
      { find: /^meet-elements\/all\.js$/, replacement: src('all.ts') },
      { find: /^meet-elements$/, replacement: src('index.ts') },
    ],
  },
  server: {
    // `npm start` runs the relay on :8080; the page connects to /ws on its own origin.
    proxy: { '/ws': { target: process.env.MEET_RELAY ?? 'ws://127.0.0.1:8080', ws: true } },
  },
});
