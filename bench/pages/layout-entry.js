// Bundled by bench/layout.mjs (with lit) into dist/bench/layout.js: the elements and the
// simulated room (real players decoding canvas cameras), for the layout benchmark page.
export * from '../../dist/all.js';
export { SimulatedRoom, samplePeople } from '../../dist/simulation/index.js';
