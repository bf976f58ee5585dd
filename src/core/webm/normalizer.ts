import { BT601, withColour } from './colour.js';
import {
  EbmlError,
  Id,
  TOP_LEVEL_IDS,
  UNKNOWN_SIZE,
  concatBytes,
  encodeElement,
  encodeId,
  encodeUintElement,
  pruneElement,
  rewriteElement,
  readChildren,
  readHeader,
  readUint,
  readVint,
  type ElementHeader,
} from './ebml.js';

export interface NormalizedFrame {
  /** Bytes of whole EBML elements, ready to append to a SourceBuffer in order. */
  data: Uint8Array;
  /** EBML header + Segment header (unknown size) + everything before the first Cluster (Info, Tracks...). */
  init: boolean;
  /** The frame starts a Cluster whose first block is a video keyframe (or, for an audio-only stream, any Cluster start). */
  keyframe: boolean;
}

export interface TrackInfo {
  number: number;
  type: 'video' | 'audio' | 'other';
  codecId: string;
}

/** A bigger element means a corrupt stream; refuse it rather than buffer without bound. */
const MAX_ELEMENT_SIZE = 64 * 1024 * 1024;

/**
 * Longest stretch of audio (in timecode units, 1 ms for every MediaRecorder) held at the start
 * of a stream while waiting for the first video keyframe; past it, audio goes out without one.
 */
const MAX_LEADING_AUDIO = 1000;

/** Elements whose offsets or contents would be wrong once the stream is re-clustered. */
const DROPPED_BEFORE_CLUSTERS: ReadonlySet<number> = new Set([Id.Void, Id.SeekHead, Id.Cues]);

const CLUSTER_HEADER = concatBytes([encodeId(Id.Cluster), UNKNOWN_SIZE]);
const SEGMENT_HEADER = concatBytes([encodeId(Id.Segment), UNKNOWN_SIZE]);

interface Block {
  /** A private copy of the whole SimpleBlock or BlockGroup element. */
  bytes: Uint8Array;
  track: number;
  /** Timecode relative to its input Cluster, as written in `bytes`. */
  rel: number;
  /** Input Cluster timecode + rel. */
  abs: number;
  keyframe: boolean;
  /** Where the block's int16 relative timecode sits in `bytes`. */
  timecodeAt: number;
}

interface InputCluster {
  timecode: number | undefined;
  /** Absolute stream offset where a known-size Cluster ends. */
  end: number | undefined;
  /** Decided once the first video block shows whether this Cluster starts on a keyframe. */
  decided: boolean;
}

interface OpenFrame {
  parts: Uint8Array[];
  keyframe: boolean;
}

type Phase = 'ebml' | 'segment' | 'level1' | 'cluster';

/** Options of {@link WebmNormalizer}. */
export interface NormalizerOptions {
  /**
   * ms added to every timecode, so that a recorder restarted within an epoch carries on the
   * timeline of the one before it (default 0).
   */
  timeOffset?: number;
}

/**
 * Rewrites a MediaRecorder WebM byte stream, fed in arbitrary chunks, into frames that any
 * browser's MSE accepts and that a late joiner can start from: one init frame, then Clusters
 * that each begin with a video keyframe (see docs in DESIGN.md, "Media rules").
 */
export class WebmNormalizer {
  private buf = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;
  /** Stream offset of buf[start], to find the end of known-size Clusters. */
  private offset = 0;
  private phase: Phase = 'ebml';
  private initParts: Uint8Array[] = [];
  private initDone = false;
  private videoTrack: number | undefined;
  private trackList: TrackInfo[] = [];
  private cluster: InputCluster | undefined;
  /** Blocks (audio) held until the current input Cluster's first video block. */
  private held: Block[] = [];
  /** Timecode of the output Cluster blocks are currently appended to. */
  private outTimecode: number | undefined;
  private frame: OpenFrame | undefined;
  private out: NormalizedFrame[] = [];
  private readonly timeOffset: number;
  private last: number | undefined;

  constructor(options: NormalizerOptions = {}) {
    this.timeOffset = options.timeOffset ?? 0;
  }

  /** The tracks of the current stream, from its Tracks element. */
  get tracks(): ReadonlyArray<TrackInfo> {
    return this.trackList;
  }

  /** Output timecode (ms) of the newest block written, or undefined before the first. */
  get lastTimecode(): number | undefined {
    return this.last;
  }

  push(chunk: Uint8Array): NormalizedFrame[] {
    this.append(chunk);
    this.parse();
    return this.takeFrames();
  }

  /**
   * The end of a finished recording: audio held back for a video block that will not come
   * (the last Cluster began with audio) is written, and the last frames are returned. A live
   * recorder that stops drops its tail instead (the epoch ends at the off signal).
   */
  finish(): NormalizedFrame[] {
    if (this.held.length > 0) this.endCluster(true);
    return this.takeFrames();
  }

  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      // Growing only when at least half is live keeps byte-by-byte feeding linear overall.
      const target = live + chunk.length > this.buf.length / 2
        ? new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length))
        : this.buf;
      target.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = target;
      this.end = live;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  private consume(n: number): Uint8Array {
    const bytes = this.buf.slice(this.start, this.start + n);
    this.start += n;
    this.offset += n;
    return bytes;
  }

  private parse(): void {
    for (;;) {
      if (this.phase === 'cluster' && this.cluster?.end !== undefined && this.offset >= this.cluster.end) {
        this.endCluster();
        continue;
      }
      const h = readHeader(this.buf, this.start, this.end);
      if (!h) return;
      if (h.size !== null && h.size > MAX_ELEMENT_SIZE) throw new EbmlError(`Element too large: ${h.size}`);
      if (!this.step(h)) return;
    }
  }

  /** Handles the element whose header is at `start`; false when more bytes are needed. */
  private step(h: ElementHeader): boolean {
    switch (this.phase) {
      case 'ebml': {
        if (h.id !== Id.EBML) throw new EbmlError(`Stream does not start with an EBML header`);
        const el = this.takeElement(h);
        if (!el) return false;
        this.initParts.push(el);
        this.phase = 'segment';
        return true;
      }
      case 'segment':
        if (h.id !== Id.Segment) throw new EbmlError(`Expected a Segment, got 0x${h.id.toString(16)}`);
        // Re-emitted with unknown size: the output is a live stream that never ends here.
        this.consume(h.headerLength);
        this.initParts.push(SEGMENT_HEADER);
        this.phase = 'level1';
        return true;
      case 'level1':
        return this.stepLevel1(h);
      case 'cluster':
        return this.stepInCluster(h);
    }
  }

  private stepLevel1(h: ElementHeader): boolean {
    if (h.id === Id.Cluster) {
      if (!this.initDone) this.emitInit();
      this.consume(h.headerLength);
      const end = h.size === null ? undefined : this.offset + h.size;
      this.cluster = { timecode: undefined, end, decided: false };
      this.phase = 'cluster';
      return true;
    }
    if (h.id === Id.Segment) {
      // A stray second Segment header (concatenated recordings) must not stop the stream;
      // its Clusters carry on in ours with their own timecodes.
      this.consume(h.headerLength);
      return true;
    }
    const el = this.takeElement(h);
    if (!el) return false;
    // Once clusters flow, a top-level element would end the open output Cluster and orphan
    // the blocks merged into it next, so everything but Clusters is dropped from then on.
    if (this.initDone || DROPPED_BEFORE_CLUSTERS.has(h.id)) return true;
    this.initParts.push(h.id === Id.Tracks ? this.readTracks(el) : el);
    return true;
  }

  private stepInCluster(h: ElementHeader): boolean {
    const cluster = this.cluster!;
    if (TOP_LEVEL_IDS.has(h.id)) {
      this.endCluster();
      return true;
    }
    const el = this.takeElement(h);
    if (!el) return false;
    if (h.id === Id.Timecode) {
      cluster.timecode = readUint(el, h.headerLength, el.length) + this.timeOffset;
      // Audio-only: every Cluster is a keyframe Cluster, so it can go out at once.
      if (this.videoTrack === undefined) {
        cluster.decided = true;
        this.startOutputCluster(cluster.timecode, true);
      }
    } else if (h.id === Id.SimpleBlock || h.id === Id.BlockGroup) {
      if (cluster.timecode === undefined) throw new EbmlError('Cluster block before its Timecode');
      this.onBlock(parseBlock(el, h, cluster.timecode));
    }
    // Anything else (Void, CRC-32, PrevSize, Position) is dropped: offsets change on output.
    return true;
  }

  /** Whole element at `start` as a private copy, or undefined until all its bytes are in. */
  private takeElement(h: ElementHeader): Uint8Array | undefined {
    if (h.size === null) {
      throw new EbmlError(`Unknown size is only supported for Segment and Cluster (id 0x${h.id.toString(16)})`);
    }
    const total = h.headerLength + h.size;
    return this.end - this.start >= total ? this.consume(total) : undefined;
  }

  private onBlock(block: Block): void {
    const cluster = this.cluster!;
    if (cluster.decided) {
      this.appendBlock(block);
      return;
    }
    if (block.track !== this.videoTrack) {
      // Held back until the Cluster's first video block says whether a new Cluster starts here.
      this.held.push(block);
      return;
    }
    cluster.decided = true;
    const held = this.held;
    this.held = [];
    if (this.outTimecode === undefined) {
      // The very first Cluster has nothing before it, so it keeps audio ahead of its keyframe.
      this.startOutputCluster(Math.min(cluster.timecode!, ...held.map((b) => b.abs)), block.keyframe);
      for (const b of held) this.appendBlock(b);
    } else {
      // Held audio closes the previous output Cluster, so a new one starts exactly on its
      // keyframe (for demuxers that look only at a Cluster's first block).
      for (const b of held) this.appendBlock(b);
      if (block.keyframe) this.startOutputCluster(cluster.timecode!, true);
    }
    this.appendBlock(block);
  }

  /** Adds a block to the open output Cluster, rewriting its relative timecode if needed. */
  private appendBlock(block: Block): void {
    let rel = this.outTimecode === undefined ? NaN : block.abs - this.outTimecode;
    if (!(rel >= -0x8000 && rel <= 0x7fff)) {
      // Not a keyframe Cluster: a late joiner must not start here.
      this.startOutputCluster(block.abs, false);
      rel = 0;
    }
    let bytes = block.bytes;
    if (rel !== block.rel) {
      bytes = bytes.slice();
      new DataView(bytes.buffer, bytes.byteOffset).setInt16(block.timecodeAt, rel);
    }
    this.frame!.parts.push(bytes);
    this.last = Math.max(this.last ?? block.abs, block.abs);
  }

  private startOutputCluster(timecode: number, keyframe: boolean): void {
    this.closeFrame();
    this.outTimecode = timecode;
    this.frame = { parts: [CLUSTER_HEADER, encodeUintElement(Id.Timecode, timecode)], keyframe };
  }

  /**
   * A Cluster without video blocks continues the current output Cluster. At the start of a
   * stream (audio often starts first) its audio waits for the first keyframe, within bounds.
   */
  private endCluster(stop = false): void {
    const leading = this.outTimecode === undefined;
    const span = this.held.length > 0 ? this.held[this.held.length - 1]!.abs - this.held[0]!.abs : 0;
    if (!leading || stop || span > MAX_LEADING_AUDIO) {
      for (const b of this.held) this.appendBlock(b);
      this.held = [];
    }
    this.cluster = undefined;
    this.phase = 'level1';
  }

  private emitInit(): void {
    this.out.push({ data: concatBytes(this.initParts), init: true, keyframe: false });
    this.initParts = [];
    this.initDone = true;
  }

  /**
   * Records the track list and returns Tracks without the alpha flags WebKit rejects, and
   * with each TrackUID (random per recorder, and so of 6 or 7 bytes) set to its track number
   * in 8 bytes: every recorder of the same track and settings then writes the same init bytes,
   * which is how a restarted recorder is known to continue an epoch (a UID one byte shorter
   * once made a spliced restart a new epoch, about one recorder in 256).
   */
  private readTracks(el: Uint8Array): Uint8Array {
    const h = readHeader(el, 0)!;
    const tracks: TrackInfo[] = [];
    for (const entry of readChildren(el, h.headerLength, el.length)) {
      if (entry.id !== Id.TrackEntry) continue;
      let number = 0;
      let kind = 0;
      let codecId = '';
      for (const f of readChildren(el, entry.start + entry.headerLength, entry.end)) {
        const payload = el.subarray(f.start + f.headerLength, f.end);
        if (f.id === Id.TrackNumber) number = readUint(payload, 0, payload.length);
        else if (f.id === Id.TrackType) kind = readUint(payload, 0, payload.length);
        else if (f.id === Id.CodecID) codecId = new TextDecoder().decode(payload).replace(/\0+$/, '');
      }
      // TrackType is mandatory, but the codec prefix is a safe fallback for sloppy muxers.
      const type = kind === 1 || (kind === 0 && codecId.startsWith('V_')) ? 'video'
        : kind === 2 || (kind === 0 && codecId.startsWith('A_')) ? 'audio' : 'other';
      tracks.push({ number, type, codecId });
    }
    this.trackList = tracks;
    this.videoTrack = tracks.find((t) => t.type === 'video')?.number;
    const numbers = tracks.map((t) => t.number);
    let entry = 0;
    const fixed = rewriteElement(el, TRACKS_PATH, (child, bytes) => {
      if (child.id === Id.TrackEntry) {
        const number = numbers[entry++] ?? 1;
        return rewriteElement(bytes, TRACK_ENTRY, (f) => (f.id === Id.TrackUID ? fixedUid(number) : undefined));
      }
      return bytes;
    });
    // A recorder's VP8 frames are the camera's BT.601; say so (docs in colour.ts).
    return withColour(pruneElement(fixed, ALPHA_PATH, ALPHA_DROP), BT601);
  }

  private closeFrame(): void {
    if (this.frame && this.frame.parts.length > 0) {
      this.out.push({ data: concatBytes(this.frame.parts), init: false, keyframe: this.frame.keyframe });
    }
    this.frame = this.frame && { parts: [], keyframe: false };
  }

  private takeFrames(): NormalizedFrame[] {
    this.closeFrame();
    const frames = this.out;
    this.out = [];
    return frames;
  }
}

const ALPHA_PATH: ReadonlySet<number> = new Set([Id.Tracks, Id.TrackEntry, Id.Video]);
const TRACKS_PATH: ReadonlySet<number> = new Set([Id.Tracks]);
const TRACK_ENTRY: ReadonlySet<number> = new Set([Id.TrackEntry]);

/** A TrackUID element holding `number` in 8 bytes (never 0: a UID must not be). */
function fixedUid(number: number): Uint8Array {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setUint32(4, Math.max(number, 1));
  return encodeElement(Id.TrackUID, payload);
}
const ALPHA_DROP: ReadonlySet<number> = new Set([Id.AlphaMode]);

function parseBlock(el: Uint8Array, h: ElementHeader, clusterTimecode: number): Block {
  let blockAt = h.headerLength;
  let referenced = false;
  if (h.id === Id.BlockGroup) {
    const children = readChildren(el, h.headerLength, el.length);
    const block = children.find((c) => c.id === Id.Block);
    if (!block) throw new EbmlError('BlockGroup without a Block');
    blockAt = block.start + block.headerLength;
    // A BlockGroup refers to other frames exactly when it is not a keyframe.
    referenced = children.some((c) => c.id === Id.ReferenceBlock);
  }
  const track = readVint(el, blockAt);
  const timecodeAt = blockAt + track.length;
  if (timecodeAt + 3 > el.length) throw new EbmlError('Truncated block header');
  const rel = new DataView(el.buffer, el.byteOffset).getInt16(timecodeAt);
  // Only a SimpleBlock's flags carry the keyframe bit; a Block's flags byte leaves it 0.
  const keyframe = h.id === Id.SimpleBlock ? (el[timecodeAt + 2]! & 0x80) !== 0 : !referenced;
  return { bytes: el, track: track.value, rel, abs: clusterTimecode + rel, keyframe, timecodeAt };
}
