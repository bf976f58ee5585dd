/**
 * The media code (session, signaling, publisher, players, WebM), loaded at the first join:
 * a page that shows a room before joining, or never joins, does not download it, and the
 * script-tag bundle keeps it in a file of its own beside it (`meet-elements-media.js`).
 */
export const loadMedia = () => import('../core/media.js');

/**
 * The pre-join screen (`meet-elements-prejoin.js` in the script-tag bundle), loaded when a
 * `<meet-room prejoin>` first shows it: pages without one never download it. It loads the
 * media code with it (it opens devices the way the publisher does, and Join needs it next).
 */
export const loadPrejoin = () => import('../meet-prejoin/prejoin.js');
