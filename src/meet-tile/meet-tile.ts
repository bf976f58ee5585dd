import { MeetTile } from './meet-tile.component.js';

export { MeetTile };
export type { TileState } from './meet-tile.component.js';

if (!customElements.get('meet-tile')) customElements.define('meet-tile', MeetTile);
