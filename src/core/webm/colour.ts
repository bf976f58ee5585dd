import { Id, concatBytes, encodeElement, encodeUintElement, readChildren, readHeader, readUint } from './ebml.js';

/**
 * The colour of a video track, as the WebM `Colour` element (inside `Video`) says it.
 *
 * VP8 carries no colour information in its bitstream. Cameras deliver BT.601 (`smpte170m`,
 * limited range; checked: Chromium's fake camera and the VideoFrames of a real one), and
 * Chromium's decoders take a VP8 stream without a `Colour` element as BT.709, which shows
 * every remote face darker (the fake camera's green: 148 -> 92). So every VP8 init segment
 * this library sends says what its frames are.
 */
const { Colour: COLOUR, MatrixCoefficients: MATRIX, Range: RANGE, TransferCharacteristics: TRANSFER, Primaries: PRIMARIES } = Id;

/** ISO/IEC 23091-4 code points, as Matroska uses them, for the WebCodecs names. */
const MATRICES: Record<string, number> = { rgb: 0, bt709: 1, bt470bg: 5, smpte170m: 6, 'bt2020-ncl': 9 };
const TRANSFERS: Record<string, number> = { bt709: 1, smpte170m: 6, linear: 8, 'iec61966-2-1': 13, pq: 16, hlg: 18 };
const PRIMARY_SETS: Record<string, number> = { bt709: 1, bt470bg: 5, smpte170m: 6, bt2020: 9, smpte432: 12 };

/** What a camera delivers, and what a VP8 recorder's frames are. */
export const BT601: Readonly<VideoColorSpaceInit> = Object.freeze({ matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false });

const nameOf = (table: Record<string, number>, value: number) => Object.keys(table).find((k) => table[k] === value);

/** The `Colour` element for `cs` (fields it does not know are left out). */
export function colourElement(cs: VideoColorSpaceInit): Uint8Array {
  const parts: Uint8Array[] = [];
  if (cs.matrix && cs.matrix in MATRICES) parts.push(encodeUintElement(MATRIX, MATRICES[cs.matrix]!));
  if (cs.fullRange !== undefined && cs.fullRange !== null) parts.push(encodeUintElement(RANGE, cs.fullRange ? 2 : 1));
  if (cs.transfer && cs.transfer in TRANSFERS) parts.push(encodeUintElement(TRANSFER, TRANSFERS[cs.transfer]!));
  if (cs.primaries && cs.primaries in PRIMARY_SETS) parts.push(encodeUintElement(PRIMARIES, PRIMARY_SETS[cs.primaries]!));
  return encodeElement(COLOUR, concatBytes(parts));
}

/** The colour space a `Colour` element's children (`start`..`end` of `bytes`) say. */
export function readColour(bytes: Uint8Array, start: number, end: number): VideoColorSpaceInit {
  const cs: { -readonly [K in keyof VideoColorSpaceInit]: VideoColorSpaceInit[K] } = {};
  for (const c of readChildren(bytes, start, end)) {
    const v = readUint(bytes, c.start + c.headerLength, c.end);
    if (c.id === MATRIX) cs.matrix = nameOf(MATRICES, v) as VideoMatrixCoefficients | undefined;
    else if (c.id === RANGE && v) cs.fullRange = v === 2;
    else if (c.id === TRANSFER) cs.transfer = nameOf(TRANSFERS, v) as VideoTransferCharacteristics | undefined;
    else if (c.id === PRIMARIES) cs.primaries = nameOf(PRIMARY_SETS, v) as VideoColorPrimaries | undefined;
  }
  for (const k of Object.keys(cs) as (keyof VideoColorSpaceInit)[]) if (cs[k] === undefined) delete cs[k];
  return cs;
}

/**
 * `tracks` (a whole Tracks element) with a `Colour` of `cs` added to the `Video` of every VP8
 * track that has none; the same bytes when there is nothing to add.
 */
export function withColour(tracks: Uint8Array, cs: VideoColorSpaceInit): Uint8Array {
  const h = readHeader(tracks, 0);
  if (!h || h.size === null || h.id !== Id.Tracks) return tracks;
  let changed = false;
  const entries = readChildren(tracks, h.headerLength, h.headerLength + h.size).map((entry) => {
    const bytes = tracks.subarray(entry.start, entry.end);
    if (entry.id !== Id.TrackEntry) return bytes;
    const fields = readChildren(tracks, entry.start + entry.headerLength, entry.end);
    const codec = fields.find((f) => f.id === Id.CodecID);
    const vp8 = codec && new TextDecoder().decode(tracks.subarray(codec.start + codec.headerLength, codec.end)).replace(/\0+$/, '') === 'V_VP8';
    const video = fields.find((f) => f.id === Id.Video);
    if (!vp8 || !video || readChildren(tracks, video.start + video.headerLength, video.end).some((c) => c.id === COLOUR)) return bytes;
    changed = true;
    const newVideo = encodeElement(Id.Video, concatBytes([tracks.subarray(video.start + video.headerLength, video.end), colourElement(cs)]));
    return encodeElement(Id.TrackEntry, concatBytes(fields.map((f) => (f === video ? newVideo : tracks.subarray(f.start, f.end)))));
  });
  return changed ? encodeElement(Id.Tracks, concatBytes(entries)) : tracks;
}
