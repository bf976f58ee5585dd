import { expect, fixture, html } from '@open-wc/testing';
import '../../src/all.js';
import type { MeetRoom } from '../../src/index.js';
import { AR, EN, KO } from '../../src/index.js';
import { samplePeople, SimulatedRoom } from '../../src/simulation/index.js';
import { laidOut, part, tiles } from './elements-helpers.js';
import { until } from './helpers.js';

/** Every string of every table, as the type has them: a table that misses one fails to compile. */
const TABLES = { en: EN, ko: KO, ar: AR };

const controlsOf = (room: MeetRoom) => room.shadowRoot!.querySelector('meet-controls')!;
const button = (room: MeetRoom, name: string) => part<HTMLButtonElement>(controlsOf(room), name)!;

describe('languages (lang, strings)', () => {
  const rooms: SimulatedRoom[] = [];
  afterEach(() => rooms.splice(0).forEach((r) => r.dispose()));

  function simulated() {
    const room = new SimulatedRoom({ self: { name: 'Me' }, participants: samplePeople(1).map((p) => ({ ...p, camera: false, mic: false })), cameras: 1 });
    rooms.push(room);
    return room;
  }

  it('speaks Korean with lang="ko": the controls, the tiles and their labels', async () => {
    const el = await fixture<MeetRoom>(html`<meet-room lang="ko" style="width: 640px; height: 400px" .source=${simulated()}></meet-room>`);
    await until(() => button(el, 'camera-button')?.getAttribute('aria-label') === KO.camera, 'the Korean table loaded');
    expect(button(el, 'mic-button').getAttribute('aria-label')).to.equal('마이크');
    expect(button(el, 'leave-button').getAttribute('aria-label')).to.equal('나가기');
    expect(button(el, 'camera-button').title).to.match(/^카메라 \((Ctrl\+|⌘)E\)$/);
    expect(part(controlsOf(el), 'base')!.getAttribute('aria-label')).to.equal('회의 제어');
    const remote = tiles(el)[1]!;
    await until(() => part(remote, 'muted-icon')?.getAttribute('aria-label') === '마이크 꺼짐', 'a tile in Korean');
    expect(part(el, 'base')!.getAttribute('dir')).to.equal('ltr');
    await expect(el).to.be.accessible();
  });

  it('is right to left with lang="ar": mirrored controls and name tags', async () => {
    const el = await fixture<MeetRoom>(html`<meet-room lang="ar" style="width: 640px; height: 400px" .source=${simulated()}></meet-room>`);
    await until(() => button(el, 'leave-button')?.getAttribute('aria-label') === AR.leave && laidOut(el), 'the Arabic table loaded, the tiles in their places');
    expect(part(el, 'base')!.getAttribute('dir')).to.equal('rtl');
    // The row runs right to left: the microphone (first) is right of the leave button (last).
    const [mic, leave] = [button(el, 'mic-button').getBoundingClientRect(), button(el, 'leave-button').getBoundingClientRect()];
    expect(mic.left, 'first button on the right').to.be.greaterThan(leave.left);
    // Name tags sit at the start of the line: the right edge of the tile.
    const tile = tiles(el)[0]!;
    const [box, label] = [tile.getBoundingClientRect(), part(tile, 'name')!.getBoundingClientRect()];
    expect(box.right - label.right, 'name tag at the right').to.be.below(box.width / 2);
    expect(label.left - box.left).to.be.greaterThan(box.width / 2 - label.width);
    await expect(el).to.be.accessible();
  });

  it('takes the page\'s <html lang> when unset, and `strings` overrides any word', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'ko-KR';
    try {
      const el = await fixture<MeetRoom>(html`<meet-room style="width: 640px; height: 400px" .source=${simulated()} .strings=${{ leave: 'Hang up' }}></meet-room>`);
      await until(() => button(el, 'camera-button')?.getAttribute('aria-label') === KO.camera, 'Korean from the page');
      expect(button(el, 'leave-button').getAttribute('aria-label'), 'the override wins').to.equal('Hang up');
      el.lang = 'en';
      await until(() => button(el, 'camera-button')?.getAttribute('aria-label') === 'Camera', 'English when asked');
      expect(button(el, 'leave-button').getAttribute('aria-label'), 'the override stays').to.equal('Hang up');
      el.lang = 'fr';
      await el.updateComplete;
      expect(button(el, 'camera-button').getAttribute('aria-label'), 'no French table: English').to.equal('Camera');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('every built-in table has every word, none empty', () => {
    const keys = Object.keys(EN) as (keyof typeof EN)[];
    for (const [lang, table] of Object.entries(TABLES)) {
      expect(Object.keys(table).sort(), `${lang} has exactly the keys of English`).to.deep.equal([...keys].sort());
      for (const key of keys) {
        const value = table[key];
        const sample = typeof value === 'function' ? (value as (...a: unknown[]) => string)('X', 'Y') : typeof value === 'object' ? Object.values(value).join(' ') : value;
        expect(String(sample).trim().length, `${lang}.${key}`).to.be.greaterThan(0);
      }
    }
  });
});
