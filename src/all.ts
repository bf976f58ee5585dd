/** Registers every meet-elements custom element (side effect) and re-exports the API. */
import './meet-room/meet-room.js';
import './meet-tile/meet-tile.js';
import './meet-controls/meet-controls.js';
import './meet-prejoin/meet-prejoin.js';

export * from './index.js';
