// Vue 3 + meet-elements. `compilerOptions.isCustomElement` tells Vue's template compiler
// that <meet-*> tags are custom elements, not Vue components it failed to resolve.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the build works from any folder it is served from.
  base: './',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('meet-') } } })],
  server: {
    // `npm start` in the meet-elements repository runs the relay on :8080; the page connects
    // to /ws on its own origin.
    proxy: { '/ws': { target: process.env.MEET_RELAY ?? 'ws://127.0.0.1:8080', ws: true } },
  },
});
