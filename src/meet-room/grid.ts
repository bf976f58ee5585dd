/** Where tiles go: the column and row counts and each tile's size in CSS pixels. */
export interface GridLayout {
  columns: number;
  rows: number;
  /** Tile width, px. */
  width: number;
  /** Tile height, px. */
  height: number;
}

/** px between two tiles of the grid. */
export const TILE_GAP = 8;

/**
 * The largest tiles of a fixed aspect ratio that fit `count` tiles into a `width` x
 * `height` box with `gap` px between them: tries every column count and keeps the one
 * with the biggest tiles (fewer columns on a tie, so rows fill before columns are added).
 */
export function gridLayout(count: number, width: number, height: number, gap = TILE_GAP, aspect = 16 / 9): GridLayout {
  if (count <= 0 || width <= 0 || height <= 0) return { columns: 0, rows: 0, width: 0, height: 0 };
  let best: GridLayout = { columns: 1, rows: count, width: 0, height: 0 };
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.max(0, Math.min(cellWidth, cellHeight * aspect));
    if (tileWidth > best.width) best = { columns, rows, width: tileWidth, height: tileWidth / aspect };
  }
  return { ...best, width: Math.floor(best.width), height: Math.floor(best.height) };
}
