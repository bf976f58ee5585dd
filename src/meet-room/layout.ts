import { TILE_GAP, gridLayout } from './grid.js';

/** Where one tile goes in the grid box, CSS px from its top left. */
export interface TileBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every tile's box, and how tall the content is (taller than the box: it scrolls). */
export interface RoomLayout {
  boxes: Map<string, TileBox>;
  height: number;
}

/** `grid`: everyone the same size (the stage, if any, above); `speaker`: one large tile, the rest in a strip. */
export type LayoutMode = 'grid' | 'speaker';

/** What to lay out. */
export interface LayoutInput {
  /** The grid box, px. */
  width: number;
  height: number;
  /** Tiles in the large spot (a pinned tile, shared screens, the speaker), in order. */
  stage: readonly string[];
  /** Every other tile, in order (an order that never changes because someone spoke). */
  rest: readonly string[];
  mode: LayoutMode;
  /** Narrowest a tile of `rest` gets before the box scrolls instead, px (default 160). */
  minWidth?: number;
  gap?: number;
}

/** Share of the height the stage takes in the grid layout, with tiles below it. */
export const STAGE_SHARE = 0.7;
const ASPECT = 16 / 9;

/**
 * Lays the tiles out as boxes in the grid box: the stage on top (the largest 16:9 boxes that
 * fit its share of the height), everyone else below, in rows centred across the width. In the
 * grid layout the others share the rest of the height, but never narrower than `minWidth`:
 * past that they keep that size and the content grows taller than the box (it scrolls). In the
 * speaker layout they are a strip of small tiles (a fifth of the height, 90-180 px tall).
 * Pure: the same input gives the same boxes, so a change (a pin) is one render, one frame.
 */
export function layoutRoom(input: LayoutInput): RoomLayout {
  const { width, height, stage, rest, mode, minWidth = 160, gap = TILE_GAP } = input;
  const boxes = new Map<string, TileBox>();
  if (width <= 0 || height <= 0) return { boxes, height: 0 };
  const stripHeight = Math.round(Math.min(180, Math.max(90, height * 0.2)));
  const stageHeight = !stage.length ? 0 : !rest.length ? height : mode === 'speaker' ? height - stripHeight - gap : Math.floor(height * STAGE_SHARE);
  let y = 0;
  if (stage.length) {
    const grid = gridLayout(stage.length, width, stageHeight, gap);
    y = placeRows(boxes, stage, grid.columns, grid.width, grid.height, width, 0, gap, stageHeight) + gap;
  }
  if (!rest.length) return centre(boxes, y - gap, height);
  const left = height - y;
  let tile: { columns: number; width: number; height: number };
  if (stage.length && mode === 'speaker') {
    const w = Math.floor(stripHeight * ASPECT);
    tile = { columns: Math.max(1, Math.floor((width + gap) / (w + gap))), width: w, height: stripHeight };
  } else {
    tile = gridLayout(rest.length, width, left, gap);
    if (tile.width < minWidth) {
      const columns = Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
      const w = Math.floor(Math.min(width, (width - gap * (columns - 1)) / columns));
      tile = { columns, width: w, height: Math.floor(w / ASPECT) };
    }
  }
  const bottom = placeRows(boxes, rest, tile.columns, tile.width, tile.height, width, y, gap, left);
  return centre(boxes, bottom, height);
}

/**
 * Places `keys` in rows of `columns` boxes of `w` x `h`, each row centred, from `top`; the
 * rows are centred in `area` px of height when they are shorter. Returns the bottom edge.
 */
function placeRows(boxes: Map<string, TileBox>, keys: readonly string[], columns: number, w: number, h: number, width: number, top: number, gap: number, area: number): number {
  const rows = Math.ceil(keys.length / columns);
  const used = rows * h + (rows - 1) * gap;
  let y = top + Math.max(0, Math.floor((area - used) / 2));
  for (let row = 0; row < rows; row++) {
    const inRow = keys.slice(row * columns, (row + 1) * columns);
    const rowWidth = inRow.length * w + (inRow.length - 1) * gap;
    let x = Math.floor((width - rowWidth) / 2);
    for (const key of inRow) {
      boxes.set(key, { x, y, width: w, height: h });
      x += w + gap;
    }
    y += h + gap;
  }
  return y - gap;
}

/** The content's height: the box's, or taller when it scrolls. */
function centre(boxes: Map<string, TileBox>, bottom: number, height: number): RoomLayout {
  return { boxes, height: Math.max(height, bottom) };
}
