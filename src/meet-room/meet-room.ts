import '../meet-controls/meet-controls.js';
import '../meet-tile/meet-tile.js';
import { MeetRoom } from './meet-room.component.js';

export { MeetRoom };

if (!customElements.get('meet-room')) customElements.define('meet-room', MeetRoom);
