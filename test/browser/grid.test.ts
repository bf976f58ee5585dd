import { expect } from '@open-wc/testing';
import { gridLayout } from '../../src/meet-room/grid.js';

const GAP = 8;
const WIDE = { width: 1600, height: 900 };
const NARROW = { width: 400, height: 900 };

/** Every tile fits in the box, in a grid with room for all of them, at 16:9. */
function expectFits(count: number, box: { width: number; height: number }) {
  const g = gridLayout(count, box.width, box.height, GAP);
  expect(g.columns * g.rows).to.be.at.least(count);
  expect(g.columns * (g.rows - 1)).to.be.below(count, 'no empty row');
  expect(g.columns * g.width + GAP * (g.columns - 1)).to.be.at.most(box.width);
  expect(g.rows * g.height + GAP * (g.rows - 1)).to.be.at.most(box.height);
  expect(g.width / g.height).to.be.closeTo(16 / 9, 0.02);
  return g;
}

/** The best tile width any column count can give, computed the slow way. */
function bestWidth(count: number, box: { width: number; height: number }) {
  let best = 0;
  for (let c = 1; c <= count; c++) {
    const r = Math.ceil(count / c);
    const w = Math.min((box.width - GAP * (c - 1)) / c, ((box.height - GAP * (r - 1)) / r) * (16 / 9));
    best = Math.max(best, Math.floor(w));
  }
  return best;
}

describe('gridLayout', () => {
  const cases: [number, typeof WIDE, number, number, number][] = [
    // count, box, columns, rows, tile width
    [1, WIDE, 1, 1, 1600],
    [2, WIDE, 2, 1, 796],
    [4, WIDE, 2, 2, 792],
    [9, WIDE, 3, 3, 523],
    [16, WIDE, 4, 4, 389],
    [1, NARROW, 1, 1, 400],
    [2, NARROW, 1, 2, 400],
    [4, NARROW, 1, 4, 389],
    [9, NARROW, 2, 5, 196],
    [16, NARROW, 2, 8, 187],
  ];
  for (const [count, box, columns, rows, width] of cases) {
    it(`${count} in a ${box === WIDE ? 'wide' : 'narrow'} box: ${columns}x${rows}, ${width}px tiles`, () => {
      const g = expectFits(count, box);
      expect({ columns: g.columns, rows: g.rows, width: g.width }).to.deep.equal({ columns, rows, width });
      expect(g.width).to.equal(bestWidth(count, box), 'no other column count gives bigger tiles');
    });
  }

  it('gives the largest tiles that fit for every count from 1 to 25 in odd boxes', () => {
    for (const box of [
      { width: 1280, height: 720 },
      { width: 360, height: 740 },
      { width: 1000, height: 300 },
      { width: 777, height: 555 },
    ]) {
      for (let n = 1; n <= 25; n++) {
        const g = expectFits(n, box);
        expect(g.width, `${n} in ${box.width}x${box.height}`).to.equal(bestWidth(n, box));
      }
    }
  });

  it('is empty for no tiles or no space', () => {
    expect(gridLayout(0, 800, 600)).to.deep.equal({ columns: 0, rows: 0, width: 0, height: 0 });
    expect(gridLayout(3, 0, 600).width).to.equal(0);
    expect(gridLayout(3, 800, 0).width).to.equal(0);
  });

  it('packs tiles into fewer columns when the box is narrow, more when it is wide', () => {
    const wide = gridLayout(6, 1600, 500);
    const narrow = gridLayout(6, 500, 1600);
    expect(wide.columns).to.be.greaterThan(wide.rows);
    expect(narrow.columns).to.be.lessThan(narrow.rows);
  });
});
