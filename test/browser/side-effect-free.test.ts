// The main entry registers nothing; a page that defines only `meet-room` itself still gets
// working tiles and controls, because a room defines what it renders when first created.
import { expect, fixture, html } from '@open-wc/testing';
import { MeetRoom } from '../../src/index.js';
import { samplePeople, SimulatedRoom } from '../../src/simulation/index.js';
import { tiles } from './elements-helpers.js';
import { until } from './helpers.js';

describe('the side-effect-free entry', () => {
  it('registers nothing on import; a room defined by the page defines its tiles and controls, which show people', async () => {
    expect(['meet-room', 'meet-tile', 'meet-controls'].filter((tag) => customElements.get(tag))).to.deep.equal([]);
    customElements.define('meet-room', MeetRoom);
    const room = new SimulatedRoom({ participants: samplePeople(1), self: { name: 'Me' } });
    try {
      const el = await fixture<MeetRoom>(html`<meet-room style="display: block; width: 640px; height: 400px" .source=${room}></meet-room>`);
      expect(customElements.get('meet-tile')).to.not.equal(undefined);
      expect(customElements.get('meet-controls')).to.not.equal(undefined);
      // Upgraded tiles: they show the people (an inert tile would have no shadow root and no name).
      await until(() => tiles(el).length === 2 && tiles(el).every((t) => t.shadowRoot?.querySelector('[part="name"]')?.textContent), 'two tiles with names');
      expect(tiles(el).map((t) => t.shadowRoot!.querySelector('[part="name"]')!.textContent)).to.deep.equal(['Me', samplePeople(1)[0]!.name]);
      expect(el.shadowRoot!.querySelector('meet-controls')!.shadowRoot?.querySelector('[part~="camera-button"]')).to.not.equal(null);
    } finally {
      room.dispose();
    }
  });
});
