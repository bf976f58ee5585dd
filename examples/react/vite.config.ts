// React 19 + meet-elements. React 19 sets known properties on custom elements (latency={0.3}
// becomes `el.latency = 0.3`) and adds listeners for `on<event-name>` props.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the build works from any folder it is served from.
  base: './',
  plugins: [react()],
  server: {
    // `npm start` in the meet-elements repository runs the relay on :8080; the page connects
    // to /ws on its own origin.
    proxy: { '/ws': { target: process.env.MEET_RELAY ?? 'ws://127.0.0.1:8080', ws: true } },
  },
});
