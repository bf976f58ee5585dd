import { BT601, colourElement, withColour } from '../../src/core/webm/colour.js';
import { WebmBlockReader } from '../../src/core/webm/blocks.js';
import { expect } from '@open-wc/testing';
import { WebmNormalizer, EbmlError, type NormalizedFrame } from '../../src/core/webm/index.js';
import { isFirefox } from './browser-env.js';
import {
  Id,
  TOP_LEVEL_IDS,
  UNKNOWN_SIZE,
  concatBytes,
  encodeElement,
  encodeId,
  encodeUintElement,
  readChildren,
  readHeader,
  readUint,
  readVint,
  type ElementHeader,
} from '../../src/core/webm/ebml.js';

// ---------------------------------------------------------------------------------------------
// Test-side walker: reads a complete WebM byte stream into clusters and blocks, so the
// normalizer's output can be compared with its input block by block.

interface WalkedBlock {
  track: number;
  abs: number;
  rel: number;
  keyframe: boolean;
  /** The whole block element minus its 2 relative-timecode bytes: equal in input and output. */
  content: Uint8Array;
  /** The coded frame (what follows the block's flags byte; recorders lace no video). */
  payload: Uint8Array;
  /** Stream offset just past the element. */
  end: number;
}
interface WalkedCluster {
  at: number;
  timecode: number;
  unknownSize: boolean;
  blocks: WalkedBlock[];
}
interface WalkedTrack {
  number: number;
  type: number;
  codecId: string;
  alphaMode: number | undefined;
  pixelWidth: number | undefined;
}
interface Walked {
  segmentUnknownSize: boolean;
  /** Ids of the top-level elements other than Clusters, in order. */
  level1: number[];
  tracks: WalkedTrack[];
  clusters: WalkedCluster[];
  firstClusterAt: number;
  /** Offsets where any element read by the walk starts (or the stream ends). */
  elementStarts: Set<number>;
}

function header(bytes: Uint8Array, pos: number): ElementHeader {
  const h = readHeader(bytes, pos);
  if (!h) throw new Error(`truncated element header at ${pos}`);
  return h;
}

function elementEnd(bytes: Uint8Array, pos: number, h: ElementHeader, limit = bytes.length): number {
  if (h.size === null) throw new Error(`unexpected unknown size at ${pos} (id 0x${h.id.toString(16)})`);
  const end = pos + h.headerLength + h.size;
  if (end > limit) throw new Error(`element at ${pos} (id 0x${h.id.toString(16)}) runs past ${limit}`);
  return end;
}

function walkBlock(el: Uint8Array, clusterTimecode: number, end: number): WalkedBlock {
  const h = header(el, 0);
  let blockAt = h.headerLength;
  let blockEnd = el.length;
  let keyframe: boolean | undefined;
  if (h.id === Id.BlockGroup) {
    const kids = readChildren(el, h.headerLength, el.length);
    const block = kids.find((k) => k.id === Id.Block)!;
    blockAt = block.start + block.headerLength;
    blockEnd = block.end;
    keyframe = !kids.some((k) => k.id === Id.ReferenceBlock);
  }
  const track = readVint(el, blockAt);
  const tcAt = blockAt + track.length;
  const rel = new DataView(el.buffer, el.byteOffset, el.length).getInt16(tcAt);
  keyframe ??= (el[tcAt + 2]! & 0x80) !== 0;
  const content = concatBytes([el.subarray(0, tcAt), el.subarray(tcAt + 2)]);
  return { track: track.value, abs: clusterTimecode + rel, rel, keyframe, content, payload: el.subarray(tcAt + 3, blockEnd), end };
}

function walkTracks(el: Uint8Array): WalkedTrack[] {
  const h = header(el, 0);
  return readChildren(el, h.headerLength, el.length)
    .filter((e) => e.id === Id.TrackEntry)
    .map((entry) => {
      const t: WalkedTrack = { number: 0, type: 0, codecId: '', alphaMode: undefined, pixelWidth: undefined };
      for (const f of readChildren(el, entry.start + entry.headerLength, entry.end)) {
        const at = f.start + f.headerLength;
        if (f.id === Id.TrackNumber) t.number = readUint(el, at, f.end);
        if (f.id === Id.TrackType) t.type = readUint(el, at, f.end);
        if (f.id === Id.CodecID) t.codecId = new TextDecoder().decode(el.subarray(at, f.end));
        if (f.id !== Id.Video) continue;
        for (const v of readChildren(el, at, f.end)) {
          if (v.id === Id.AlphaMode) t.alphaMode = readUint(el, v.start + v.headerLength, v.end);
          if (v.id === 0xb0) t.pixelWidth = readUint(el, v.start + v.headerLength, v.end);
        }
      }
      return t;
    });
}

function walk(bytes: Uint8Array): Walked {
  const ebml = header(bytes, 0);
  expect(ebml.id, 'stream starts with an EBML header').to.equal(Id.EBML);
  let pos = elementEnd(bytes, 0, ebml);
  const seg = header(bytes, pos);
  expect(seg.id, 'Segment after the EBML header').to.equal(Id.Segment);
  pos += seg.headerLength;
  const w: Walked = {
    segmentUnknownSize: seg.size === null,
    level1: [],
    tracks: [],
    clusters: [],
    firstClusterAt: -1,
    elementStarts: new Set([0, pos - seg.headerLength, pos, bytes.length]),
  };
  while (pos < bytes.length) {
    const h = header(bytes, pos);
    w.elementStarts.add(pos);
    if (h.id !== Id.Cluster) {
      const end = elementEnd(bytes, pos, h);
      w.level1.push(h.id);
      if (h.id === Id.Tracks) w.tracks = walkTracks(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    if (w.firstClusterAt < 0) w.firstClusterAt = pos;
    const cluster: WalkedCluster = { at: pos, timecode: NaN, unknownSize: h.size === null, blocks: [] };
    const clusterEnd = h.size === null ? bytes.length : elementEnd(bytes, pos, h);
    w.clusters.push(cluster);
    pos += h.headerLength;
    while (pos < clusterEnd) {
      const c = header(bytes, pos);
      if (TOP_LEVEL_IDS.has(c.id)) break;
      w.elementStarts.add(pos);
      const end = elementEnd(bytes, pos, c, clusterEnd);
      if (c.id === Id.Timecode) cluster.timecode = readUint(bytes, pos + c.headerLength, end);
      if (c.id === Id.SimpleBlock || c.id === Id.BlockGroup) {
        expect(Number.isNaN(cluster.timecode), 'Timecode before blocks').to.equal(false);
        cluster.blocks.push(walkBlock(bytes.subarray(pos, end), cluster.timecode, end));
      }
      pos = end;
    }
  }
  return w;
}

/** Checks that one frame holds whole elements, with a Cluster header only at its start. */
function frameShape(data: Uint8Array): { startsCluster: boolean; blocks: number } {
  let pos = 0;
  const first = header(data, 0);
  const startsCluster = first.id === Id.Cluster;
  if (startsCluster) {
    expect(first.size, 'output Clusters have unknown size').to.equal(null);
    pos = first.headerLength;
  }
  let blocks = 0;
  while (pos < data.length) {
    const h = header(data, pos);
    expect(TOP_LEVEL_IDS.has(h.id), `top-level id 0x${h.id.toString(16)} inside a frame`).to.equal(false);
    pos = elementEnd(data, pos, h);
    if (h.id === Id.SimpleBlock || h.id === Id.BlockGroup) blocks++;
  }
  return { startsCluster, blocks };
}

// ---------------------------------------------------------------------------------------------
// Feeding helpers

function normalize(chunks: Iterable<Uint8Array>): { frames: NormalizedFrame[]; normalizer: WebmNormalizer } {
  const normalizer = new WebmNormalizer();
  const frames: NormalizedFrame[] = [];
  for (const c of chunks) frames.push(...normalizer.push(c));
  frames.push(...normalizer.finish());
  return { frames, normalizer };
}

function* oneBytePieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

/** Random cuts (seeded, so a failure can be replayed), with empty pieces mixed in. */
function* randomPieces(bytes: Uint8Array, seed: number): Generator<Uint8Array> {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let pos = 0; pos < bytes.length; ) {
    if (rand() < 0.2) yield new Uint8Array(0);
    const n = Math.floor(rand() ** 3 * 6000) + 1;
    yield bytes.subarray(pos, pos + n);
    pos += n;
  }
}

/** The recorder's chunks with the first one cut to a single byte, as Chromium's often is. */
function firstByteSplit(chunks: Uint8Array[]): Uint8Array[] {
  const all = chunks.filter((c) => c.length > 0);
  return [all[0]!.subarray(0, 1), all[0]!.subarray(1), ...all.slice(1)];
}

/** What must not depend on chunking: the bytes, the init frame, where keyframe frames start. */
function outputSignature(frames: NormalizedFrame[]) {
  let at = 0;
  const keyframeOffsets: number[] = [];
  for (const f of frames) {
    if (f.keyframe) keyframeOffsets.push(at);
    at += f.data.length;
  }
  return { bytes: concatBytes(frames.map((f) => f.data)), init: frames[0]?.data, keyframeOffsets };
}

function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  const diff = actual.findIndex((b, i) => b !== expected[i]);
  expect(diff, `${what}: first differing byte`).to.equal(-1);
}

function expectChunkingInvariant(chunks: Uint8Array[]): void {
  const bytes = concatBytes(chunks);
  const ref = outputSignature(normalize(chunks).frames);
  const variants: Array<[string, Iterable<Uint8Array>]> = [
    ['whole stream in one push', [bytes]],
    ['1-byte pieces', oneBytePieces(bytes)],
    ['random pieces seed 1', randomPieces(bytes, 1)],
    ['random pieces seed 2', randomPieces(bytes, 2)],
    ['first chunk split to 1 byte', firstByteSplit(chunks)],
  ];
  for (const [name, pieces] of variants) {
    const { frames } = normalize(pieces);
    for (const f of frames.slice(1)) frameShape(f.data);
    const sig = outputSignature(frames);
    expectSameBytes(sig.init!, ref.init!, `${name}: init frame`);
    expectSameBytes(sig.bytes, ref.bytes, `${name}: output bytes`);
    expect(sig.keyframeOffsets, `${name}: keyframe frame offsets`).to.deep.equal(ref.keyframeOffsets);
  }
}

// ---------------------------------------------------------------------------------------------
// The structural contract, checked on real recordings

interface Stats {
  chunks: number;
  inputClusters: number;
  outputClusters: number;
  merged: number;
  videoKeyframes: number;
  blocks: number;
  frames: number;
  inputAlphaMode: number | undefined;
}

const TRACK_TYPES: Record<number, 'video' | 'audio'> = { 1: 'video', 2: 'audio' };

function checkNormalized(chunks: Uint8Array[]): Stats {
  const input = concatBytes(chunks);
  const { frames, normalizer } = normalize(chunks);
  const inp = walk(input);

  expect(frames[0]?.init, 'first frame is init').to.equal(true);
  expect(frames.filter((f) => f.init).length, 'exactly one init frame').to.equal(1);
  const init = walk(frames[0]!.data);
  expect(init.segmentUnknownSize, 'Segment re-emitted with unknown size').to.equal(true);
  expect(init.clusters, 'no Cluster in init').to.have.length(0);
  expect(init.level1, 'init keeps Info and Tracks').to.include.members([Id.Info, Id.Tracks]);
  expect(init.level1.filter((id) => id === Id.SeekHead || id === Id.Cues || id === Id.Void)).to.have.length(0);

  // Frames after init: whole elements; a Cluster only at a frame start; keyframe => Cluster.
  const shapes = frames.slice(1).map((f) => ({ ...frameShape(f.data), keyframe: f.keyframe }));
  expect(shapes[0]?.startsCluster, 'init ends right before the first Cluster').to.equal(true);
  for (const s of shapes) if (s.keyframe) expect(s.startsCluster, 'keyframe frame starts a Cluster').to.equal(true);

  const out = walk(concatBytes(frames.map((f) => f.data)));
  expect(out.firstClusterAt).to.equal(frames[0]!.data.length);
  expect(out.clusters.every((c) => c.unknownSize), 'output Clusters have unknown size').to.equal(true);
  let at = 0;
  const clusterFrameStarts: number[] = [];
  for (const f of frames) {
    if (readHeader(f.data, 0)?.id === Id.Cluster) clusterFrameStarts.push(at);
    at += f.data.length;
  }
  expect(out.clusters.map((c) => c.at), 'every Cluster starts a frame').to.deep.equal(clusterFrameStarts);
  // Recordings of seconds never reach the int16 limit, so no forced (non-keyframe) Cluster.
  expect(shapes.filter((s) => s.startsCluster && !s.keyframe), 'unflagged Cluster starts').to.have.length(0);

  const video = inp.tracks.find((t) => t.type === 1)!.number;
  out.clusters.forEach((c, i) => {
    const firstVideo = c.blocks.find((b) => b.track === video);
    expect(firstVideo?.keyframe, `Cluster ${i}: first video block is a keyframe`).to.equal(true);
    // Only the first Cluster may keep audio ahead of its keyframe (nothing precedes it).
    if (i > 0) expect(c.blocks[0], `Cluster ${i} starts with its keyframe`).to.equal(firstVideo);
  });
  const keyClusters = inp.clusters.filter((c) => c.blocks.find((b) => b.track === video)?.keyframe === true);
  expect(out.clusters.length, 'one output Cluster per input keyframe Cluster').to.equal(keyClusters.length);
  expect(out.clusters.map((c) => c.blocks.find((b) => b.track === video)!.abs)).to.deep.equal(
    keyClusters.map((c) => c.blocks.find((b) => b.track === video)!.abs),
  );

  const inBlocks = inp.clusters.flatMap((c) => c.blocks);
  const outBlocks = out.clusters.flatMap((c) => c.blocks);
  expect(outBlocks.length, 'block count').to.equal(inBlocks.length);
  const mismatch = inBlocks.findIndex((b, i) => {
    const o = outBlocks[i]!;
    return o.track !== b.track || o.abs !== b.abs || o.keyframe !== b.keyframe ||
      o.content.length !== b.content.length || o.content.some((x, j) => x !== b.content[j]);
  });
  expect(mismatch, 'first block whose track, time, flags or bytes changed').to.equal(-1);

  expect(out.tracks.map((t) => t.alphaMode ?? 0), 'alpha mode cleared').to.deep.equal(out.tracks.map(() => 0));
  expect(out.tracks.map((t) => ({ ...t, alphaMode: undefined }))).to.deep.equal(
    inp.tracks.map((t) => ({ ...t, alphaMode: undefined })),
  );
  expect(normalizer.tracks).to.deep.equal(
    inp.tracks.map((t) => ({ number: t.number, type: TRACK_TYPES[t.type] ?? 'other', codecId: t.codecId })),
  );

  return {
    chunks: chunks.length,
    inputClusters: inp.clusters.length,
    outputClusters: out.clusters.length,
    merged: inp.clusters.length - out.clusters.length,
    videoKeyframes: inBlocks.filter((b) => b.track === video && b.keyframe).length,
    blocks: inBlocks.length,
    frames: frames.length,
    inputAlphaMode: inp.tracks.find((t) => t.type === 1)?.alphaMode,
  };
}

/** Where the recorder cut its chunks, relative to element starts (for the log). */
function describeCuts(chunks: Uint8Array[]): string {
  const starts = walk(concatBytes(chunks)).elementStarts;
  let at = 0;
  const cuts = chunks.slice(0, -1).map((c) => (at += c.length));
  const onStart = cuts.filter((c) => starts.has(c)).length;
  const oneIn = cuts.filter((c) => !starts.has(c) && starts.has(c - 1)).length;
  return `first chunk ${chunks[0]?.length} B, empty ${chunks.filter((c) => c.length === 0).length}, ` +
    `cuts on an element start ${onStart}, 1 byte into one ${oneIn}, elsewhere ${cuts.length - onStart - oneIn}`;
}

/**
 * Low latency: after each push, every block up to the last complete video block is out
 * (audio may wait only for the first video block of its Cluster).
 */
function checkLatency(chunks: Uint8Array[]): void {
  const w = walk(concatBytes(chunks));
  const blocks = w.clusters.flatMap((c) => c.blocks);
  const video = new Set(w.tracks.filter((t) => t.type === 1).map((t) => t.number));
  const normalizer = new WebmNormalizer();
  let fed = 0;
  let emitted = 0;
  chunks.forEach((chunk, i) => {
    fed += chunk.length;
    for (const f of normalizer.push(chunk)) if (!f.init) emitted += frameShape(f.data).blocks;
    const lastVideoEnd = Math.max(0, ...blocks.filter((b) => video.has(b.track) && b.end <= fed).map((b) => b.end));
    const due = blocks.filter((b) => b.end <= lastVideoEnd).length;
    expect(emitted, `blocks out after chunk ${i}`).to.be.at.least(due);
  });
}

// ---------------------------------------------------------------------------------------------
// Browser helpers: recording and MSE playback

function once(target: EventTarget, type: string, timeoutMs: number, failOn?: string): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${type}`))), timeoutMs);
    const ok = (e: Event) => done(() => resolve(e));
    const fail = () => done(() => reject(new Error(`${failOn} while waiting for ${type}`)));
    const done = (settle: () => void) => {
      clearTimeout(timer);
      target.removeEventListener(type, ok);
      if (failOn) target.removeEventListener(failOn, fail);
      settle();
    };
    target.addEventListener(type, ok);
    if (failOn) target.addEventListener(failOn, fail);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function record(stream: MediaStream, mimeType: string, timeslice: number, keyframeEvery: number | undefined, ms: number): Promise<Uint8Array[]> {
  // Chromium's name for the option; not in TypeScript's DOM lib yet.
  const options: MediaRecorderOptions & { videoKeyFrameIntervalDuration?: number } = { mimeType };
  if (keyframeEvery) options.videoKeyFrameIntervalDuration = keyframeEvery;
  const recorder = new MediaRecorder(stream, options);
  const parts: Promise<ArrayBuffer>[] = [];
  recorder.ondataavailable = (e) => parts.push(e.data.arrayBuffer());
  recorder.start(timeslice);
  await sleep(ms);
  recorder.stop();
  await once(recorder, 'stop', 5000);
  return (await Promise.all(parts)).map((b) => new Uint8Array(b));
}

const PLAYBACK_RATE = 4;

interface Playback {
  start: number;
  end: number;
  currentTime: number;
  decodedVideoFrames: number;
  /** Longest time the position stood still (see playToEnd). */
  longestStallMs: number;
}

/** No progress for this long fails a playback. */
const MAX_STALL_MS = 20000;

/**
 * Plays until the end of the buffered media. Headless Chromium here sometimes stands still for
 * seconds with everything buffered (readyState 2 and 'waiting', or at the very end without
 * firing `ended`), with raw recorder output as much as with ours, and a seek or pause/play does
 * not shorten it. So progress is polled and only a long standstill or a media error fails.
 */
async function playToEnd(video: HTMLVideoElement, end: number): Promise<number> {
  let last = -1;
  let lastMove = performance.now();
  let longestStallMs = 0;
  await video.play();
  while (!video.ended && video.currentTime < end - 0.1) {
    if (video.error) throw new Error(`media error at ${video.currentTime}: ${video.error.message}`);
    await sleep(50);
    const now = performance.now();
    if (video.currentTime !== last) {
      last = video.currentTime;
      lastMove = now;
    }
    longestStallMs = Math.max(longestStallMs, now - lastMove);
    if (longestStallMs > MAX_STALL_MS) throw new Error(`stuck at ${video.currentTime} of ${end}`);
  }
  return Math.round(longestStallMs);
}

/** Appends each frame on its own (as a receiver would), ends the stream, plays to the end. */
async function playThroughMse(frames: Uint8Array[], mime: string): Promise<Playback> {
  const ms = new MediaSource();
  const video = document.createElement('video');
  video.muted = true;
  const url = URL.createObjectURL(ms);
  video.src = url;
  document.body.append(video);
  try {
    await once(ms, 'sourceopen', 5000);
    const sb = ms.addSourceBuffer(mime);
    for (const f of frames) {
      sb.appendBuffer(f as Uint8Array<ArrayBuffer>);
      await once(sb, 'updateend', 5000, 'error');
    }
    ms.endOfStream();
    expect(video.buffered.length, 'one continuous buffered range').to.equal(1);
    const start = video.buffered.start(0);
    const end = video.buffered.end(0);
    video.currentTime = start;
    video.playbackRate = PLAYBACK_RATE;
    const longestStallMs = await playToEnd(video, end);
    expect(video.error).to.equal(null);
    const decodedVideoFrames = video.getVideoPlaybackQuality().totalVideoFrames;
    return { start, end, currentTime: video.currentTime, decodedVideoFrames, longestStallMs };
  } finally {
    video.remove();
    URL.revokeObjectURL(url);
  }
}

/**
 * Init frame plus everything from a later keyframe frame on: what the relay gives a late
 * joiner. The first keyframe frame after the first with sound at least 300 ms past it: MSE
 * buffers only where both tracks have data, and a recorder starved by a loaded machine ended
 * its sound up to 1.3 s before its video (seen in Chromium and Firefox). In a meeting the two
 * are separate streams; here one recorder makes both.
 */
function lateJoinerFrames(frames: NormalizedFrame[]): { data: Uint8Array[]; fromTimecode: number } {
  const w = walk(concatBytes(frames.map((f) => f.data)));
  const audio = w.tracks.find((t) => t.type === 2)!.number;
  const lastSound = Math.max(...w.clusters.flatMap((c) => c.blocks).filter((b) => b.track === audio).map((b) => b.abs));
  const startOf = (k: number) => walk(concatBytes([frames[0]!.data, frames[k]!.data])).clusters[0]!.blocks[0]!.abs;
  const k = frames.findIndex((f, i) => f.keyframe && i > 1 && startOf(i) <= lastSound - 300);
  expect(k, `a keyframe frame after the first, 300 ms or more before the sound ends (${lastSound} ms)`).to.be.greaterThan(1);
  return { data: [frames[0]!.data, ...frames.slice(k).map((f) => f.data)], fromTimecode: startOf(k) };
}

/** WebCodecs names of the recorders' video codecs. */
const DECODER_CODECS: Record<string, string> = { V_VP8: 'vp8', V_VP9: 'vp09.00.10.08' };

/**
 * Decodes every video block of the normalized stream with a VideoDecoder, in order, from the
 * bytes the normalizer wrote: how many frames come out. Exact whatever the machine's load, where
 * MSE's frame counts are not (below).
 */
async function decodeEveryVideoBlock(frames: NormalizedFrame[]): Promise<number> {
  const w = walk(concatBytes(frames.map((f) => f.data)));
  const track = w.tracks.find((t) => t.type === 1)!;
  let decoded = 0;
  let failure: DOMException | undefined;
  const decoder = new VideoDecoder({ output: (f) => (decoded++, f.close()), error: (e) => (failure = e) });
  decoder.configure({ codec: DECODER_CODECS[track.codecId]! });
  for (const b of w.clusters.flatMap((c) => c.blocks).filter((b) => b.track === track.number)) {
    decoder.decode(new EncodedVideoChunk({ type: b.keyframe ? 'key' : 'delta', timestamp: b.abs * 1000, data: b.payload }));
  }
  await decoder.flush();
  decoder.close();
  if (failure) throw failure;
  return decoded;
}

/**
 * The normalized stream plays through MSE to its end without an error, showing video, and every
 * video block in it decodes. The decoding is checked with a VideoDecoder, not with MSE's frame
 * count: playing at 4x on a loaded machine, Firefox's totalVideoFrames was 3-20 of 86 frames
 * when the sound reached the end (the video fell behind the sound's clock), so a count there
 * measured the machine's load, not the stream.
 */
async function expectPlays(frames: NormalizedFrame[], mime: string, videoBlocks: number): Promise<Playback> {
  const p = await playThroughMse(frames.map((f) => f.data), mime);
  if (p.longestStallMs > 1000) console.log(`playback stood still for ${p.longestStallMs} ms once`);
  expect(p.currentTime, 'played to the end').to.be.at.least(p.end - 0.3);
  expect(p.decodedVideoFrames, 'video frames shown through MSE').to.be.greaterThan(0);
  expect(await decodeEveryVideoBlock(frames), 'video blocks that decode').to.equal(videoBlocks);
  return p;
}

function countVideoBlocks(chunks: Uint8Array[]): number {
  const w = walk(concatBytes(chunks));
  const video = w.tracks.find((t) => t.type === 1)!.number;
  return w.clusters.flatMap((c) => c.blocks).filter((b) => b.track === video).length;
}

// ---------------------------------------------------------------------------------------------
// Real Chromium recordings

const RECORD_MS = 3000;

interface Variant {
  timeslice: number;
  keyframeEvery: number | undefined;
}
const VARIANTS: Variant[] = [
  { timeslice: 20, keyframeEvery: 1000 },
  { timeslice: 100, keyframeEvery: 1000 },
  { timeslice: 20, keyframeEvery: undefined },
  { timeslice: 100, keyframeEvery: undefined },
];
const variantName = (v: Variant) => `timeslice ${v.timeslice} ms, ${v.keyframeEvery ? 'keyframe every 1 s' : 'default keyframes'}`;

// In Firefox the same checks run on its own live recorder: it records VP8 only (no VP9),
// ignores the keyframe-interval option and flags no alpha.
const RECORDER = isFirefox ? 'Firefox' : 'Chromium';
for (const codec of isFirefox ? ['vp8'] : ['vp8', 'vp9']) {
  describe(`WebmNormalizer on ${RECORDER} ${codec.toUpperCase()}+Opus recordings`, () => {
    const mime = `video/webm;codecs=${codec},opus`;
    const recordings = new Map<Variant, Uint8Array[]>();

    before(async function () {
      this.timeout(VARIANTS.length * (RECORD_MS + 5000));
      expect(MediaRecorder.isTypeSupported(mime), mime).to.equal(true);
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      try {
        // One after the other: four recorders at once on this 2-core machine starved each
        // other (a few KB in 3.5 s, sometimes nothing at all).
        for (const v of VARIANTS) {
          const chunks = await record(stream, mime, v.timeslice, v.keyframeEvery, RECORD_MS);
          const size = chunks.reduce((n, c) => n + c.length, 0);
          console.log(`recorded ${codec}, ${variantName(v)}: ${chunks.length} chunks, ${size} B`);
          expect(size, 'recorder produced data').to.be.greaterThan(20000);
          recordings.set(v, chunks);
        }
      } finally {
        stream.getTracks().forEach((t) => t.stop());
      }
    });

    for (const v of VARIANTS) {
      describe(variantName(v), () => {
        const chunks = () => recordings.get(v)!;

        // Chromium's VP9 encoder adds keyframes of its own (seen 5-6 in 3 s without the
        // option), so only VP8 shows the default of a single keyframe.
        const keyframeRule = isFirefox
          ? 'starts with a keyframe, and Firefox ignores the keyframe option (one keyframe in 3 s)'
          : v.keyframeEvery
          ? 'gets a keyframe at least every second (the option works)'
          : codec === 'vp8' ? 'gets a single keyframe' : 'starts with a keyframe';
        it(keyframeRule, () => {
          const w = walk(concatBytes(chunks()));
          const video = w.tracks.find((t) => t.type === 1)!.number;
          const blocks = w.clusters.flatMap((c) => c.blocks).filter((b) => b.track === video);
          const keys = blocks.filter((b) => b.keyframe);
          expect(blocks[0]?.keyframe, 'first video block').to.equal(true);
          if (isFirefox) {
            expect(keys.length).to.equal(1);
          } else if (v.keyframeEvery) {
            // Counted in frames, not milliseconds: a keyframe is due at the first frame a
            // second or more after the last one, and a frame or two late is fine. A loaded
            // machine starves the camera (a 1.5 s stretch had no frame to make a keyframe of),
            // and that is no fault of the option.
            expect(keys.length).to.be.at.least(2);
            let last = blocks[0]!.abs;
            let overdue = 0;
            let mostOverdue = 0;
            for (const b of blocks) {
              if (b.keyframe) {
                last = b.abs;
                overdue = 0;
              } else if (b.abs - last >= v.keyframeEvery) {
                mostOverdue = Math.max(mostOverdue, ++overdue);
              }
            }
            expect(mostOverdue, 'frames in a row that were due to be a keyframe and were not').to.be.at.most(3);
          } else if (codec === 'vp8') {
            expect(keys.length).to.equal(1);
          }
        });

        it('normalizes the exact recorder chunks: structure, blocks, timestamps, alpha', () => {
          const stats = checkNormalized(chunks());
          if (isFirefox) expect(stats.inputAlphaMode, 'Firefox flags no alpha').to.equal(undefined);
          else expect(stats.inputAlphaMode, 'Chromium flags alpha in its video track').to.equal(1);
          console.log(`${RECORDER} ${codec} ${variantName(v)}: ${JSON.stringify(stats)}, ${describeCuts(chunks())}`);
        });

        it('emits every block as soon as its element is complete', () => {
          checkLatency(chunks());
        });

        it('gives the same output for 1-byte, empty and random chunks', () => {
          expectChunkingInvariant(chunks());
        });

        it('plays to the end through MSE', async function () {
          this.timeout(MAX_STALL_MS + 25000);
          await expectPlays(normalize(chunks()).frames, `video/webm;codecs="${codec},opus"`, countVideoBlocks(chunks()));
        });

        // Needs a second keyframe within the 3 s recording: Firefox makes one every ~7.5 s.
        if (v.keyframeEvery && !isFirefox) {
          it('plays for a late joiner from a later keyframe frame', async function () {
            this.timeout(MAX_STALL_MS + 25000);
            const { data, fromTimecode } = lateJoinerFrames(normalize(chunks()).frames);
            const p = await playThroughMse(data, `video/webm;codecs="${codec},opus"`);
            expect(p.start, 'first decodable time is the keyframe').to.be.closeTo(fromTimecode / 1000, 0.1);
            expect(p.currentTime).to.be.at.least(p.end - 0.3);
            expect(p.decodedVideoFrames).to.be.greaterThan(0);
          });
        }
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Firefox recording (fixture made by scripts/record-firefox-fixture.mjs)

describe('WebmNormalizer on a Firefox VP8+Opus recording (fixture)', () => {
  let chunks: Uint8Array[] = [];

  before(async () => {
    const base = new URL('../fixtures/firefox-vp8-opus-20ms', import.meta.url).href;
    const [bytes, meta] = await Promise.all([
      fetch(`${base}.webm`).then((r) => r.arrayBuffer()),
      fetch(`${base}.chunks.json`).then((r) => r.json() as Promise<{ chunkLengths: number[] }>),
    ]);
    const all = new Uint8Array(bytes);
    let at = 0;
    chunks = meta.chunkLengths.map((n) => all.subarray(at, (at += n)));
    expect(at, 'chunk lengths add up to the file').to.equal(all.length);
  });

  it('has Firefox chunking: cuts on element starts, some empty chunks', () => {
    const starts = walk(concatBytes(chunks)).elementStarts;
    let at = 0;
    const cuts = chunks.map((c) => (at += c.length));
    expect(cuts.filter((c) => !starts.has(c)), 'cuts inside an element').to.deep.equal([]);
    expect(chunks.filter((c) => c.length === 0).length).to.be.greaterThan(0);
  });

  it('merges the Clusters that do not start on a keyframe', () => {
    const stats = checkNormalized(chunks);
    console.log(`firefox fixture: ${JSON.stringify(stats)}, ${describeCuts(chunks)}`);
    expect(stats.merged, 'input Clusters merged').to.be.greaterThan(0);
    expect(stats.outputClusters).to.equal(stats.videoKeyframes);
  });

  it('emits every block as soon as its element is complete', () => {
    checkLatency(chunks);
  });

  it('gives the same output for 1-byte, empty and random chunks', () => {
    expectChunkingInvariant(chunks);
  });

  it('plays to the end through MSE', async function () {
    this.timeout(MAX_STALL_MS + 25000);
    await expectPlays(normalize(chunks).frames, 'video/webm;codecs="vp8,opus"', countVideoBlocks(chunks));
  });

  it('plays for a late joiner from the second keyframe', async function () {
    this.timeout(MAX_STALL_MS + 25000);
    const { data, fromTimecode } = lateJoinerFrames(normalize(chunks).frames);
    const p = await playThroughMse(data, 'video/webm;codecs="vp8,opus"');
    expect(p.start).to.be.closeTo(fromTimecode / 1000, 0.1);
    expect(p.currentTime).to.be.at.least(p.end - 0.3);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built streams for the rules real recordings rarely or never hit

const V = 1;
const A = 2;
const bytes = (...b: number[]) => Uint8Array.from(b);
const master = (id: number, ...kids: Uint8Array[]) => encodeElement(id, concatBytes(kids));
const uint = encodeUintElement;
const str = (id: number, s: string) => encodeElement(id, new TextEncoder().encode(s));
const simple = (track: number, rel: number, key: boolean, tag = 0) =>
  encodeElement(Id.SimpleBlock, bytes(0x80 | track, (rel >> 8) & 0xff, rel & 0xff, key ? 0x80 : 0, tag, 0x5a));
const group = (track: number, rel: number, reference: boolean, tag = 0) =>
  master(
    Id.BlockGroup,
    encodeElement(Id.Block, bytes(0x80 | track, (rel >> 8) & 0xff, rel & 0xff, 0, tag)),
    ...(reference ? [encodeElement(Id.ReferenceBlock, bytes(0xdf))] : []),
  );
const cluster = (timecode: number, ...blocks: Uint8Array[]) =>
  concatBytes([encodeId(Id.Cluster), UNKNOWN_SIZE, uint(Id.Timecode, timecode), ...blocks]);
const knownCluster = (timecode: number, ...kids: Uint8Array[]) => master(Id.Cluster, uint(Id.Timecode, timecode), ...kids);
const trackEntry = (n: number, type: number, codec: string, ...extra: Uint8Array[]) =>
  master(Id.TrackEntry, uint(Id.TrackNumber, n), uint(Id.TrackType, type), str(Id.CodecID, codec), ...extra);
const videoEntry = trackEntry(V, 1, 'V_VP8', master(Id.Video, uint(0xb0, 640), uint(0xba, 480), uint(Id.AlphaMode, 1)));
const audioEntry = trackEntry(A, 2, 'A_OPUS');
const head = (...entries: Uint8Array[]) =>
  concatBytes([
    master(Id.EBML, str(0x4282, 'webm')),
    encodeId(Id.Segment),
    UNKNOWN_SIZE,
    master(Id.Info, uint(Id.TimecodeScale, 1_000_000)),
    master(Id.Tracks, ...entries),
  ]);

/** Normalizes whole, byte by byte and in random pieces; all must agree. */
function normalizeEveryWay(stream: Uint8Array): { frames: NormalizedFrame[]; normalizer: WebmNormalizer } {
  const result = normalize([stream]);
  const ref = outputSignature(result.frames);
  for (const pieces of [oneBytePieces(stream), randomPieces(stream, 7)]) {
    const sig = outputSignature(normalize(pieces).frames);
    expectSameBytes(sig.bytes, ref.bytes, 'output bytes');
    expect(sig.keyframeOffsets).to.deep.equal(ref.keyframeOffsets);
  }
  return result;
}

function clustersOf(frames: NormalizedFrame[]) {
  return walk(concatBytes(frames.map((f) => f.data))).clusters.map((c) => ({
    timecode: c.timecode,
    blocks: c.blocks.map((b) => `${b.track === V ? 'V' : 'A'}${b.abs}${b.keyframe ? 'k' : ''}@${b.rel}`),
  }));
}

const clusterFlags = (frames: NormalizedFrame[]) =>
  frames.filter((f) => !f.init && readHeader(f.data, 0)?.id === Id.Cluster).map((f) => f.keyframe);

describe('WebmNormalizer on hand-built streams', () => {
  it('forces a non-keyframe Cluster before a merged relative timecode overflows int16', () => {
    const stream = concatBytes([
      head(videoEntry),
      cluster(0, simple(V, 0, true), simple(V, 20000, false)),
      cluster(30000, simple(V, 0, false), simple(V, 2767, false)),
      cluster(32000, simple(V, 768, false), simple(V, 1000, false)),
      cluster(40000, simple(V, 0, true)),
    ]);
    const { frames } = normalizeEveryWay(stream);
    expect(clustersOf(frames)).to.deep.equal([
      { timecode: 0, blocks: ['V0k@0', 'V20000@20000', 'V30000@30000', 'V32767@32767'] },
      { timecode: 32768, blocks: ['V32768@0', 'V33000@232'] },
      { timecode: 40000, blocks: ['V40000k@0'] },
    ]);
    expect(clusterFlags(frames), 'forced Cluster is not a keyframe frame').to.deep.equal([true, false, true]);
  });

  it('treats a BlockGroup without ReferenceBlock as a keyframe', () => {
    const stream = concatBytes([
      head(videoEntry, audioEntry),
      cluster(0, group(V, 0, false), simple(A, 5, false)),
      cluster(40, group(V, 0, true), simple(A, 5, false)),
      cluster(80, group(V, 0, false)),
    ]);
    const { frames } = normalizeEveryWay(stream);
    expect(clustersOf(frames)).to.deep.equal([
      { timecode: 0, blocks: ['V0k@0', 'A5@5', 'V40@40', 'A45@45'] },
      { timecode: 80, blocks: ['V80k@0'] },
    ]);
    expect(clusterFlags(frames)).to.deep.equal([true, true]);
  });

  it('moves audio held before a keyframe to the previous Cluster, and merges Clusters without video', () => {
    const stream = concatBytes([
      head(audioEntry, videoEntry),
      cluster(0, simple(A, 0, true), simple(V, 3, true), simple(A, 20, true)),
      cluster(100, simple(A, 0, true), simple(A, 20, true), simple(V, 33, true), simple(A, 40, true)),
      cluster(200, simple(A, 0, true), simple(A, 20, true)),
      cluster(300, simple(A, 0, true), simple(V, 1, false)),
    ]);
    const { frames } = normalizeEveryWay(stream);
    expect(clustersOf(frames)).to.deep.equal([
      { timecode: 0, blocks: ['A0k@0', 'V3k@3', 'A20k@20', 'A100k@100', 'A120k@120'] },
      { timecode: 100, blocks: ['V133k@33', 'A140k@40', 'A200k@100', 'A220k@120', 'A300k@200', 'V301@201'] },
    ]);
    expect(clusterFlags(frames)).to.deep.equal([true, true]);
  });

  it('holds audio of leading audio-only Clusters for the first keyframe Cluster', () => {
    const stream = concatBytes([
      head(audioEntry, videoEntry),
      cluster(0, simple(A, 0, true), simple(A, 20, true)),
      cluster(40, simple(A, 0, true), simple(V, 10, true), simple(A, 20, true)),
    ]);
    const { frames } = normalizeEveryWay(stream);
    expect(clustersOf(frames)).to.deep.equal([{ timecode: 0, blocks: ['A0k@0', 'A20k@20', 'A40k@40', 'V50k@50', 'A60k@60'] }]);
    expect(clusterFlags(frames)).to.deep.equal([true]);
  });

  it('writes the audio held at the end of a finished recording on finish() (the last Cluster began with audio)', () => {
    const stream = concatBytes([
      head(videoEntry, audioEntry),
      cluster(0, simple(V, 0, true), simple(A, 5, true)),
      cluster(40, simple(A, 0, true), simple(A, 20, true)),
    ]);
    const pushed = new WebmNormalizer().push(stream);
    expect(clustersOf(pushed), 'held until a video block or the end').to.deep.equal([{ timecode: 0, blocks: ['V0k@0', 'A5k@5'] }]);
    const { frames } = normalizeEveryWay(stream);
    expect(clustersOf(frames)).to.deep.equal([{ timecode: 0, blocks: ['V0k@0', 'A5k@5', 'A40k@40', 'A60k@60'] }]);
  });

  it('stops holding leading audio after a second without video', () => {
    const stream = concatBytes([
      head(audioEntry, videoEntry),
      cluster(0, simple(A, 0, false), simple(A, 500, false)),
      cluster(1001, simple(A, 0, false)),
      cluster(1100, simple(V, 0, true)),
    ]);
    const { frames } = normalizeEveryWay(stream);
    expect(clustersOf(frames)).to.deep.equal([
      { timecode: 0, blocks: ['A0@0', 'A500@500', 'A1001@1001'] },
      { timecode: 1100, blocks: ['V1100k@0'] },
    ]);
    expect(clusterFlags(frames)).to.deep.equal([false, true]);
  });

  it('reads known-size Segment and Clusters and drops SeekHead, Void, Cues and cluster extras', () => {
    const body = concatBytes([
      master(Id.SeekHead, master(0x4dbb, encodeElement(0x53ab, encodeId(Id.Info)))),
      master(Id.Info, uint(Id.TimecodeScale, 1_000_000)),
      encodeElement(Id.Void, new Uint8Array(10)),
      master(Id.Tracks, videoEntry),
      knownCluster(0, encodeElement(0xbf, new Uint8Array(4)), simple(V, 0, true), encodeElement(Id.Void, bytes(0))),
      knownCluster(50, uint(0xab, 123), simple(V, 0, false), simple(V, 30, false)),
      knownCluster(100, simple(V, 0, true)),
      master(Id.Cues, master(0xbb, uint(0xb3, 0))),
    ]);
    const stream = concatBytes([master(Id.EBML, str(0x4282, 'webm')), master(Id.Segment, body)]);
    const { frames } = normalizeEveryWay(stream);
    const w = walk(concatBytes(frames.map((f) => f.data)));
    expect(w.segmentUnknownSize).to.equal(true);
    expect(w.level1).to.deep.equal([Id.Info, Id.Tracks]);
    expect(clustersOf(frames)).to.deep.equal([
      { timecode: 0, blocks: ['V0k@0', 'V50@50', 'V80@80'] },
      { timecode: 100, blocks: ['V100k@0'] },
    ]);
    // Only Timecode and blocks survive inside output Clusters.
    for (const f of frames.slice(1)) {
      const h = header(f.data, 0);
      const kids = readChildren(f.data, h.id === Id.Cluster ? h.headerLength : 0, f.data.length);
      expect(kids.every((k) => new Set<number>([Id.Timecode, Id.SimpleBlock]).has(k.id))).to.equal(true);
    }
  });

  it('removes AlphaMode, says BT.601 for VP8 (Colour), and fixes the sizes of Video, TrackEntry and Tracks', () => {
    const { frames, normalizer } = normalizeEveryWay(concatBytes([head(videoEntry, audioEntry), cluster(0, simple(V, 0, true))]));
    const tracks = walk(frames[0]!.data).tracks;
    expect(tracks).to.deep.equal([
      { number: V, type: 1, codecId: 'V_VP8', alphaMode: undefined, pixelWidth: 640 },
      { number: A, type: 2, codecId: 'A_OPUS', alphaMode: undefined, pixelWidth: undefined },
    ]);
    expect(frames[0]!.data.length, 'AlphaMode (4 bytes) removed, Colour added').to.equal(head(videoEntry, audioEntry).length - 4 + colourElement(BT601).length);
    const read = new WebmBlockReader().readInit(frames[0]!.data);
    expect(read.map((t) => t.colorSpace)).to.deep.equal([BT601, undefined]);
    // A track that says its colour keeps it: nothing is added a second time.
    const bt709 = withColour(encodeElement(Id.Tracks, videoEntry), { matrix: 'bt709', fullRange: false });
    expect(withColour(bt709, BT601), 'the same bytes').to.equal(bt709);
    expect(normalizer.tracks).to.deep.equal([
      { number: V, type: 'video', codecId: 'V_VP8' },
      { number: A, type: 'audio', codecId: 'A_OPUS' },
    ]);
  });

  it('writes each TrackUID as its track number in 8 bytes, so two recorders of one track give the same init', () => {
    // Random UIDs written in as few bytes as they need: 7, or 6 when the top byte is 0 (about
    // one recorder in 256 in Chromium, seen as a spliced restart turned into a new epoch).
    const uid = (n: number) => encodeElement(Id.TrackUID, n ? Uint8Array.of(n, 0x13, 0x37, 0x42, 0x99, 0x01, 0x02) : Uint8Array.of(0x13, 0x37, 0x42, 0x99, 0x01, 0x02));
    const inits = [0x11, 0].map((random) => {
      const stream = concatBytes([
        head(trackEntry(V, 1, 'V_VP8', uid(random)), trackEntry(A, 2, 'A_OPUS', uid(random + 1))),
        cluster(0, simple(V, 0, true)),
      ]);
      return normalizeEveryWay(stream).frames[0]!.data;
    });
    expectSameBytes(inits[0]!, inits[1]!, 'init of the second recorder');
    const hex = Array.from(inits[0]!, (b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex).to.include('73c5880000000000000001').and.include('73c5880000000000000002');
  });

  it('adds timeOffset to every timecode and reports the newest block time', () => {
    const stream = concatBytes([
      head(videoEntry, audioEntry),
      cluster(0, simple(V, 0, true), simple(A, 10, true), simple(V, 40, false)),
      cluster(1000, simple(V, 0, true)),
    ]);
    const normalizer = new WebmNormalizer({ timeOffset: 5000 });
    expect(normalizer.lastTimecode).to.equal(undefined);
    const frames = normalizer.push(stream);
    expect(clustersOf(frames)).to.deep.equal([
      { timecode: 5000, blocks: ['V5000k@0', 'A5010k@10', 'V5040@40'] },
      { timecode: 6000, blocks: ['V6000k@0'] },
    ]);
    expect(normalizer.lastTimecode).to.equal(6000);
  });

  it('makes every Cluster a keyframe Cluster in an audio-only stream, at its Timecode', () => {
    const n = new WebmNormalizer();
    expect(n.push(head(audioEntry))).to.deep.equal([]);
    const c0 = n.push(cluster(0));
    expect(c0.map((f) => [f.init, f.keyframe])).to.deep.equal([[true, false], [false, true]]);
    expect(n.push(simple(A, 0, true)).map((f) => f.keyframe)).to.deep.equal([false]);
    expect(n.push(concatBytes([cluster(20), simple(A, 0, true)])).map((f) => f.keyframe)).to.deep.equal([true]);
    expect(n.tracks.map((t) => t.type)).to.deep.equal(['audio']);
  });

  it('puts out a complete video block in the push that completes it', () => {
    const n = new WebmNormalizer();
    n.push(head(videoEntry));
    const first = n.push(cluster(0, simple(V, 0, true)));
    expect(first.map((f) => f.init)).to.deep.equal([true, false]);
    const block = simple(V, 33, false, 9);
    expect(n.push(block.subarray(0, block.length - 1))).to.deep.equal([]);
    const out = n.push(block.subarray(block.length - 1));
    expect(out).to.have.length(1);
    expectSameBytes(out[0]!.data, block, 'block passed through unchanged');
  });

  it('rejects a stream that is not EBML', () => {
    expect(() => new WebmNormalizer().push(bytes(0x1f, 0x43, 0xb6, 0x75, 0x81, 0x00))).to.throw(EbmlError);
  });
});
