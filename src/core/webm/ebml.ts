/**
 * Minimal EBML (Matroska/WebM) primitives: just what the normalizer needs to read element
 * headers incrementally and to write the few elements it re-encodes.
 */

/** Element ids, written as they appear on the wire (marker bits included). */
export const Id = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  CodecID: 0x86,
  Video: 0xe0,
  AlphaMode: 0x53c0,
  Cues: 0x1c53bb6b,
  Chapters: 0x1043a770,
  Tags: 0x1254c367,
  Attachments: 0x1941a469,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
  Void: 0xec,
  // EBML header
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  // Info, tracks
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  CodecPrivate: 0x63a2,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Audio: 0xe1,
  SamplingFrequency: 0xb5,
  Channels: 0x9f,
  // Video > Colour
  Colour: 0x55b0,
  MatrixCoefficients: 0x55b1,
  Range: 0x55b9,
  TransferCharacteristics: 0x55ba,
  Primaries: 0x55bb,
} as const;

/**
 * Ids that can only appear at Segment level (or above). Seeing one inside an unknown-size
 * Cluster is how that Cluster's end is detected.
 */
export const TOP_LEVEL_IDS: ReadonlySet<number> = new Set([
  Id.EBML,
  Id.Segment,
  Id.SeekHead,
  Id.Info,
  Id.Tracks,
  Id.Cues,
  Id.Chapters,
  Id.Tags,
  Id.Attachments,
  Id.Cluster,
]);

export interface ElementHeader {
  id: number;
  /** Bytes of id + size. */
  headerLength: number;
  /** Width of the size field, kept when an element is re-encoded. */
  sizeLength: number;
  /** Payload size, or null for the "unknown size" marker (all value bits set). */
  size: number | null;
}

export class EbmlError extends Error {
  override name = 'EbmlError';
}

/** Width in bytes of the vint starting with `first`, from its leading zero bits. */
function vintWidth(first: number, max: number, what: string): number {
  for (let width = 1; width <= max; width++) {
    if (first & (0x100 >> width)) return width;
  }
  throw new EbmlError(`Invalid EBML ${what} (first byte 0x${first.toString(16)})`);
}

/**
 * Reads an element header at `pos`. Returns undefined when `buf` ends before the header does,
 * so the caller can wait for more bytes.
 */
export function readHeader(buf: Uint8Array, pos: number, end = buf.length): ElementHeader | undefined {
  if (pos >= end) return undefined;
  const idLength = vintWidth(buf[pos]!, 4, 'element id');
  if (pos + idLength >= end) return undefined;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + buf[pos + i]!;
  const sizePos = pos + idLength;
  const sizeLength = vintWidth(buf[sizePos]!, 8, 'element size');
  if (sizePos + sizeLength > end) return undefined;
  const marker = 0x100 >> sizeLength;
  let size = buf[sizePos]! & (marker - 1);
  let allOnes = size === marker - 1;
  for (let i = 1; i < sizeLength; i++) {
    const b = buf[sizePos + i]!;
    size = size * 256 + b;
    allOnes &&= b === 0xff;
  }
  return { id, headerLength: idLength + sizeLength, sizeLength, size: allOnes ? null : size };
}

/** Reads a vint value with its marker removed (as in a Block's track number). */
export function readVint(buf: Uint8Array, pos: number): { value: number; length: number } {
  const length = vintWidth(buf[pos]!, 8, 'vint');
  let value = buf[pos]! & ((0x100 >> length) - 1);
  for (let i = 1; i < length; i++) value = value * 256 + buf[pos + i]!;
  return { value, length };
}

/** Big-endian unsigned integer payload. Exact below 2^53, which covers every timecode we meet. */
export function readUint(buf: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 256 + buf[i]!;
  return value;
}

export function encodeId(id: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.from(bytes);
}

/** Encodes a size vint; `width` keeps an element's original size width when the value fits. */
export function encodeSize(size: number, width?: number): Uint8Array {
  let w = 1;
  // 2^(7w) - 1 is reserved for "unknown", hence the strict comparison.
  while (size >= 2 ** (7 * w) - 1) w++;
  if (width !== undefined && width > w) w = width;
  if (w > 8) throw new EbmlError(`Element size ${size} too large`);
  const out = new Uint8Array(w);
  let v = size;
  for (let i = w - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0]! |= 0x100 >> w;
  return out;
}

/** The 8-byte "unknown size" marker, used for the Segment and Clusters of a live stream. */
export const UNKNOWN_SIZE = Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  return !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function encodeElement(id: number, payload: Uint8Array, sizeWidth?: number): Uint8Array {
  return concatBytes([encodeId(id), encodeSize(payload.length, sizeWidth), payload]);
}

export function encodeUintElement(id: number, value: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0) bytes.push(0);
  return encodeElement(id, Uint8Array.from(bytes));
}

export interface ChildElement extends ElementHeader {
  /** Offset of the child's header in the parent's buffer. */
  start: number;
  /** Offset just past the child's payload. */
  end: number;
}

/** Lists the children of a known-size payload `buf[start, end)`. */
export function readChildren(buf: Uint8Array, start: number, end: number): ChildElement[] {
  const children: ChildElement[] = [];
  let pos = start;
  while (pos < end) {
    const h = readHeader(buf, pos, end);
    if (!h || h.size === null || pos + h.headerLength + h.size > end) {
      throw new EbmlError(`Truncated or unknown-size child at ${pos}`);
    }
    const childEnd = pos + h.headerLength + h.size;
    children.push({ ...h, start: pos, end: childEnd });
    pos = childEnd;
  }
  return children;
}

/**
 * Re-encodes a whole element with each descendant `replace` gives new bytes for (`null`:
 * dropped), descending only into the master elements in `descend` (a child `replace` leaves
 * alone, with `undefined`, is descended into). Sizes are re-encoded, keeping their widths
 * where they fit. Returns the input itself when nothing changed.
 */
export function rewriteElement(
  el: Uint8Array,
  descend: ReadonlySet<number>,
  replace: (child: ChildElement, bytes: Uint8Array) => Uint8Array | null | undefined,
): Uint8Array {
  const h = readHeader(el, 0);
  if (!h || h.size === null || !descend.has(h.id)) return el;
  let changed = false;
  const parts: Uint8Array[] = [];
  for (const child of readChildren(el, h.headerLength, h.headerLength + h.size)) {
    const bytes = el.subarray(child.start, child.end);
    const replaced = replace(child, bytes);
    const next = replaced === undefined ? rewriteElement(bytes, descend, replace) : replaced;
    changed ||= next !== bytes;
    if (next) parts.push(next);
  }
  return changed ? encodeElement(h.id, concatBytes(parts), h.sizeLength) : el;
}

/** {@link rewriteElement} without the descendants whose id is in `drop`. */
export function pruneElement(el: Uint8Array, descend: ReadonlySet<number>, drop: ReadonlySet<number>): Uint8Array {
  return rewriteElement(el, descend, (child) => (drop.has(child.id) ? null : undefined));
}
