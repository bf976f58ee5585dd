// The layout math (layout.ts) and the speaker view's focus (active-speaker.ts): pure logic.
import { expect } from '@open-wc/testing';
import { layoutRoom } from '../../src/meet-room/layout.js';
import { ActiveSpeaker } from '../../src/meet-room/active-speaker.js';

const keys = (n: number, prefix = 'camera') => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

describe('layoutRoom', () => {
  it('grid: the largest 16:9 tiles that fit, rows centred, nothing overlapping or outside', () => {
    const { boxes, height } = layoutRoom({ width: 960, height: 540, stage: [], rest: keys(4), mode: 'grid' });
    expect(height).to.equal(540, 'fits: no scrolling');
    const all = [...boxes.values()];
    expect(all.map((b) => b.width)).to.deep.equal([472, 472, 472, 472]);
    expect(new Set(all.map((b) => b.y)).size, 'two rows').to.equal(2);
    for (const b of all) {
      expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 960 && b.y + b.height <= 540).to.equal(true);
      expect(b.width / b.height).to.be.closeTo(16 / 9, 0.02);
    }
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, 'no overlap').to.equal(true);
  });

  it('grid: 25 people keep a minimum tile size and the content grows taller than the box (it scrolls)', () => {
    const { boxes, height } = layoutRoom({ width: 640, height: 360, stage: [], rest: keys(25), mode: 'grid', minWidth: 160 });
    const widths = new Set([...boxes.values()].map((b) => b.width));
    expect([...widths][0]).to.be.at.least(150);
    expect(height, 'taller than the box').to.be.greaterThan(360);
    expect(Math.max(...[...boxes.values()].map((b) => b.y + b.height))).to.equal(height);
  });

  it('grid with a stage (a pinned tile, shared screens): the stage on top, larger than everyone below', () => {
    const { boxes } = layoutRoom({ width: 960, height: 540, stage: ['screen-1'], rest: keys(3), mode: 'grid' });
    const screen = boxes.get('screen-1')!;
    for (const key of keys(3)) {
      const b = boxes.get(key)!;
      expect(screen.width * screen.height).to.be.greaterThan(b.width * b.height * 4);
      expect(screen.y + screen.height).to.be.at.most(b.y);
    }
  });

  it('speaker: one large tile, the others in a strip of equal small tiles below it', () => {
    const { boxes } = layoutRoom({ width: 960, height: 540, stage: ['camera-2'], rest: ['camera-1', 'camera-3', 'camera-4'], mode: 'speaker' });
    const focus = boxes.get('camera-2')!;
    const strip = ['camera-1', 'camera-3', 'camera-4'].map((k) => boxes.get(k)!);
    expect(new Set(strip.map((b) => b.y)).size, 'one row').to.equal(1);
    expect(new Set(strip.map((b) => b.height)).size).to.equal(1);
    expect(strip[0]!.height).to.equal(108, 'a fifth of the height');
    expect(focus.y + focus.height).to.be.at.most(strip[0]!.y);
    expect(strip.map((b) => b.x), 'in order').to.deep.equal([...strip.map((b) => b.x)].sort((a, b) => a - b));
  });
});

describe('ActiveSpeaker', () => {
  it('focuses whoever speaks long enough, never flickers between speakers, and keeps the focus in silence', () => {
    const s = new ActiveSpeaker({ minSpeech: 600, hold: 2000 });
    const present = [1, 2, 3];
    const none = new Set<number>();
    expect(s.update(present, none, 0).focus, 'nobody spoke: the first').to.equal(1);
    // 2 speaks: after 600 ms it takes the focus; before, it is asked to decide again then.
    expect(s.update(present, new Set([2]), 2000)).to.deep.equal({ focus: 1, recheckAt: 2600 });
    expect(s.update(present, new Set([2]), 2600).focus).to.equal(2);
    // 3 speaks too, right away: 2 holds the focus for 2 s after it got it.
    expect(s.update(present, new Set([2, 3]), 2700)).to.deep.equal({ focus: 2, recheckAt: 4600 });
    expect(s.update(present, new Set([2, 3]), 4600).focus, 'the longer speaker other than the focus').to.equal(3);
    // A short word (under 600 ms) changes nothing.
    expect(s.update(present, new Set([1]), 7000).focus).to.equal(3);
    expect(s.update(present, none, 7300).focus).to.equal(3);
    // Silence keeps the last speaker.
    expect(s.update(present, none, 20000).focus).to.equal(3);
    // The focus left: the first one speaking, else the first present.
    expect(s.update([1, 2], none, 20100).focus).to.equal(1);
  });
});
