import { MeetPrejoin } from './meet-prejoin.component.js';

export { MeetPrejoin };

// `<meet-room prejoin>` defines it from its media code when it first shows it; this module is
// for pages that register every element up front (`meet-elements/all.js`).
if (!customElements.get('meet-prejoin')) customElements.define('meet-prejoin', MeetPrejoin);
