import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Registers <meet-room>, <meet-tile> and <meet-controls> before React first renders them (so
// React sees their properties, `latency`, `camera`..., and sets them as properties), and types
// the tags in JSX.
import 'meet-elements/react';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
