// Vue 3 + meet-elements. `compilerOptions.isCustomElement` tells Vue's template compiler
// that <meet-*> tags are custom elements, not Vue components it failed to resolve.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  // Its own dependency cache, so several examples (and Storybook) can run side by side.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite/examples-vue', import.meta.url)),
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('meet-') } } })],
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
