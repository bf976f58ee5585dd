import { readColour } from './colour.js';
import { EbmlError, Id, readChildren, readHeader, readUint, readVint, type ElementHeader } from './ebml.js';

/** A track of a stream's init segment. */
export interface WebmTrack {
  number: number;
  type: 'video' | 'audio' | 'other';
  /** Matroska codec id: `V_VP8`, `V_VP9`, `V_AV1`, `A_OPUS`... */
  codecId: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  /** What the Colour element says of the frames (VP8 carries none in its bitstream). */
  colorSpace?: VideoColorSpaceInit;
  /** CodecPrivate (Opus: the OpusHead). */
  codecPrivate?: Uint8Array;
}

/** One coded frame of a track. */
export interface WebmBlock {
  track: number;
  /** Presentation time, µs. */
  timestamp: number;
  keyframe: boolean;
  data: Uint8Array;
}

const CONTAINERS: ReadonlySet<number> = new Set([Id.Segment, Id.Cluster]);

/**
 * Reads the blocks back out of the frames of a normalized stream (an init frame, then frames
 * of whole elements: Cluster starts, Timecodes and blocks), for decoding with WebCodecs. The
 * Cluster timecode carries over from one frame to the next.
 */
export class WebmBlockReader {
  private scale = 1_000_000;
  private clusterTimecode = 0;
  private trackList: WebmTrack[] = [];

  /** The tracks of the last init segment read. */
  get tracks(): readonly WebmTrack[] {
    return this.trackList;
  }

  /** Reads an init frame (EBML header, Segment start, Info, Tracks); returns its tracks. */
  readInit(bytes: Uint8Array): readonly WebmTrack[] {
    this.trackList = [];
    this.clusterTimecode = 0;
    this.walk(bytes, (h, at) => {
      if (h.id === Id.Info) {
        for (const c of readChildren(bytes, at + h.headerLength, at + h.headerLength + h.size!)) {
          if (c.id === Id.TimecodeScale) this.scale = readUint(bytes, c.start + c.headerLength, c.end);
        }
      } else if (h.id === Id.Tracks) {
        this.trackList = readChildren(bytes, at + h.headerLength, at + h.headerLength + h.size!)
          .filter((c) => c.id === Id.TrackEntry)
          .map((entry) => readTrack(bytes, entry.start + entry.headerLength, entry.end));
      }
    });
    return this.trackList;
  }

  /** The blocks of a (non-init) frame, in order. */
  read(bytes: Uint8Array): WebmBlock[] {
    const blocks: WebmBlock[] = [];
    this.walk(bytes, (h, at) => {
      const start = at + h.headerLength;
      if (h.id === Id.Timecode) this.clusterTimecode = readUint(bytes, start, start + h.size!);
      else if (h.id === Id.SimpleBlock) blocks.push(this.block(bytes, start, start + h.size!, undefined));
      else if (h.id === Id.BlockGroup) {
        const children = readChildren(bytes, start, start + h.size!);
        const block = children.find((c) => c.id === Id.Block);
        if (!block) throw new EbmlError('BlockGroup without a Block');
        // A BlockGroup refers to other frames exactly when it is not a keyframe.
        blocks.push(this.block(bytes, block.start + block.headerLength, block.end, !children.some((c) => c.id === Id.ReferenceBlock)));
      }
    });
    return blocks;
  }

  /** Calls `visit` for each element, descending into unknown-size Segments and Clusters. */
  private walk(bytes: Uint8Array, visit: (h: ElementHeader, at: number) => void): void {
    let at = 0;
    while (at < bytes.length) {
      const h = readHeader(bytes, at);
      if (!h) throw new EbmlError(`Truncated element at ${at}`);
      if (CONTAINERS.has(h.id)) {
        at += h.headerLength; // its children follow
        continue;
      }
      if (h.size === null) throw new EbmlError(`Unknown size for element 0x${h.id.toString(16)}`);
      if (at + h.headerLength + h.size > bytes.length) throw new EbmlError(`Truncated element 0x${h.id.toString(16)}`);
      visit(h, at);
      at += h.headerLength + h.size;
    }
  }

  private block(bytes: Uint8Array, start: number, end: number, keyframe: boolean | undefined): WebmBlock {
    const track = readVint(bytes, start);
    const at = start + track.length;
    if (at + 3 > end) throw new EbmlError('Truncated block header');
    const flags = bytes[at + 2]!;
    if (flags & 0x06) throw new EbmlError('Laced blocks are not supported');
    const rel = new DataView(bytes.buffer, bytes.byteOffset).getInt16(at);
    return {
      track: track.value,
      timestamp: ((this.clusterTimecode + rel) * this.scale) / 1000,
      // Only a SimpleBlock's flags carry the keyframe bit.
      keyframe: keyframe ?? (flags & 0x80) !== 0,
      data: bytes.subarray(at + 3, end),
    };
  }
}

function readTrack(bytes: Uint8Array, start: number, end: number): WebmTrack {
  const track: WebmTrack = { number: 0, type: 'other', codecId: '' };
  let kind = 0;
  for (const f of readChildren(bytes, start, end)) {
    const p = f.start + f.headerLength;
    if (f.id === Id.TrackNumber) track.number = readUint(bytes, p, f.end);
    else if (f.id === Id.TrackType) kind = readUint(bytes, p, f.end);
    else if (f.id === Id.CodecID) track.codecId = new TextDecoder().decode(bytes.subarray(p, f.end)).replace(/\0+$/, '');
    else if (f.id === Id.CodecPrivate) track.codecPrivate = bytes.slice(p, f.end);
    else if (f.id === Id.Video) {
      for (const v of readChildren(bytes, p, f.end)) {
        if (v.id === Id.PixelWidth) track.width = readUint(bytes, v.start + v.headerLength, v.end);
        if (v.id === Id.PixelHeight) track.height = readUint(bytes, v.start + v.headerLength, v.end);
        if (v.id === Id.Colour) track.colorSpace = readColour(bytes, v.start + v.headerLength, v.end);
      }
    } else if (f.id === Id.Audio) {
      for (const a of readChildren(bytes, p, f.end)) {
        const q = a.start + a.headerLength;
        if (a.id === Id.Channels) track.channels = readUint(bytes, q, a.end);
        if (a.id === Id.SamplingFrequency) {
          const view = new DataView(bytes.buffer, bytes.byteOffset + q, a.end - q);
          track.sampleRate = a.end - q === 4 ? view.getFloat32(0) : view.getFloat64(0);
        }
      }
    }
  }
  track.type = kind === 1 || (kind === 0 && track.codecId.startsWith('V_')) ? 'video' : kind === 2 || (kind === 0 && track.codecId.startsWith('A_')) ? 'audio' : 'other';
  return track;
}
