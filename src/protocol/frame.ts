/**
 * Binary media frames. Every WebSocket binary message is one frame: a fixed 16-byte
 * header followed by the payload (whole WebM elements from the sender's normalizer).
 *
 * ```
 * offset size field
 *  0     1    version   (FRAME_VERSION)
 *  1     1    track     (0 = video: the camera, 1 = audio: the microphone, 2 = screen)
 *  2     1    flags     (bit 0 = init, bit 1 = keyframe; other bits must be 0)
 *  3     1    reserved  (0)
 *  4     4    sender    (u32 big-endian; written as 0 by clients, stamped by the relay)
 *  8     4    epoch     (u32 big-endian; one per recorder start, per sender and track)
 * 12     4    sequence  (u32 big-endian; per epoch, from 0)
 * 16     ...  payload
 * ```
 * The same layout travels both ways, so the relay stamps the sender in place and writes
 * the same bytes to every receiver.
 */

/** Version byte of the frame layout described above. */
export const FRAME_VERSION = 1;
/** Size in bytes of the frame header. */
export const FRAME_HEADER_SIZE = 16;
/** Flag bit: the payload is an initialization segment (starts a new epoch). */
export const FLAG_INIT = 0b01;
/** Flag bit: the payload starts a Cluster that begins with a video keyframe. */
export const FLAG_KEYFRAME = 0b10;

/** Media tracks, as numbered in the frame header: the camera's, the microphone's, a shared screen's picture and its sound. */
export const Track = { video: 0, audio: 1, screen: 2, screenAudio: 3 } as const;
/** A track's name. */
export type TrackKind = keyof typeof Track;
/** A track's number in the frame header. */
export type TrackNumber = (typeof Track)[TrackKind];

/** The decoded header of a media frame. */
export interface FrameHeader {
  track: TrackKind;
  init: boolean;
  keyframe: boolean;
  /** Participant id of the sender (0 in frames a client sends; the relay stamps it). */
  sender: number;
  epoch: number;
  seq: number;
}

/** A decoded frame: header fields plus a view of the payload (no copy). */
export interface MediaFrameMessage extends FrameHeader {
  payload: Uint8Array;
}

const MAX_U32 = 0xffffffff;

/** Every track, in frame-header order (a track's number is its index). */
export const TRACK_KINDS: readonly TrackKind[] = ['video', 'audio', 'screen', 'screenAudio'];

function trackKind(n: number): TrackKind | undefined {
  return TRACK_KINDS[n];
}

/** Builds a frame (header + payload) in one new buffer. */
export function encodeFrame(header: Omit<FrameHeader, 'sender'> & { sender?: number }, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_SIZE + payload.byteLength);
  const view = new DataView(out.buffer);
  view.setUint8(0, FRAME_VERSION);
  view.setUint8(1, Track[header.track]);
  view.setUint8(2, (header.init ? FLAG_INIT : 0) | (header.keyframe ? FLAG_KEYFRAME : 0));
  view.setUint32(4, (header.sender ?? 0) >>> 0);
  view.setUint32(8, header.epoch >>> 0);
  view.setUint32(12, header.seq >>> 0);
  out.set(payload, FRAME_HEADER_SIZE);
  return out;
}

/** Why a binary message is not a valid frame. */
export type FrameError = 'frame-too-short' | 'frame-version' | 'frame-track' | 'frame-flags';

/**
 * Decodes a frame without copying the payload. Returns a `FrameError` string for
 * anything malformed; never throws.
 */
export function decodeFrame(bytes: Uint8Array): MediaFrameMessage | FrameError {
  if (bytes.byteLength < FRAME_HEADER_SIZE) return 'frame-too-short';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== FRAME_VERSION) return 'frame-version';
  const track = trackKind(view.getUint8(1));
  if (!track) return 'frame-track';
  const flags = view.getUint8(2);
  if ((flags & ~(FLAG_INIT | FLAG_KEYFRAME)) !== 0 || view.getUint8(3) !== 0) return 'frame-flags';
  return {
    track,
    init: (flags & FLAG_INIT) !== 0,
    keyframe: (flags & FLAG_KEYFRAME) !== 0,
    sender: view.getUint32(4),
    epoch: view.getUint32(8),
    seq: view.getUint32(12),
    payload: bytes.subarray(FRAME_HEADER_SIZE),
  };
}

/**
 * The track number of a frame, read from its header alone (for a frame the relay drops
 * without decoding it); undefined when the bytes cannot be a frame of a known track.
 */
export function frameTrack(bytes: Uint8Array): TrackNumber | undefined {
  if (bytes.byteLength < FRAME_HEADER_SIZE) return undefined;
  const n = bytes[1]!;
  return TRACK_KINDS[n] === undefined ? undefined : (n as TrackNumber);
}

/** Writes the sender id into an encoded frame in place (the relay's stamp). */
export function stampSender(bytes: Uint8Array, sender: number): void {
  if (sender < 0 || sender > MAX_U32) throw new RangeError('sender out of range');
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(4, sender);
}
