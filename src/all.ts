/** Registers every meet-elements custom element (side effect) and re-exports the API. */
export * from './index.js';
