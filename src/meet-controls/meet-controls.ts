import { MeetControls } from './meet-controls.component.js';

export { MeetControls };

if (!customElements.get('meet-controls')) customElements.define('meet-controls', MeetControls);
