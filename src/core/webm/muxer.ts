import { Id, UNKNOWN_SIZE, concatBytes, encodeElement, encodeId, encodeSize, encodeUintElement } from './ebml.js';
import type { NormalizedFrame } from './normalizer.js';
import { BT601, colourElement } from './colour.js';

/** The only track, video or sound: number 1 (its TrackUID is 1 too, as the normalizer writes it). */
const TRACK = 1;

const text = (s: string) => new TextEncoder().encode(s);
const CLUSTER_HEADER = concatBytes([encodeId(Id.Cluster), UNKNOWN_SIZE]);

/** What the init segment says of the video. */
export interface MuxedVideo {
  /** Matroska codec id, e.g. `V_VP8`. */
  codecId: string;
  width: number;
  height: number;
  /** What the frames are (the encoder's `decoderConfig.colorSpace`); default BT.601, a camera's. */
  colorSpace?: VideoColorSpaceInit;
}

/** What the init segment says of the sound (Opus from an AudioEncoder). */
export interface MuxedAudio {
  codecId: 'A_OPUS';
  sampleRate: number;
  channels: number;
  /** The OpusHead (Matroska's CodecPrivate for Opus). */
  codecPrivate: Uint8Array;
}

/** A float element (8 bytes). */
function encodeFloatElement(id: number, value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value);
  return encodeElement(id, bytes);
}

/**
 * An OpusHead (RFC 7845, section 5.1) for `channels` (1 or 2) at input rate `sampleRate`:
 * mapping family 0, no gain, `preSkip` samples at 48 kHz.
 */
export function opusHead(channels: number, sampleRate: number, preSkip = 0): Uint8Array {
  const head = new Uint8Array(19);
  head.set(text('OpusHead'));
  const view = new DataView(head.buffer);
  view.setUint8(8, 1); // version
  view.setUint8(9, channels);
  view.setUint16(10, preSkip, true);
  view.setUint32(12, sampleRate, true);
  return head; // output gain 0, mapping family 0
}

/**
 * Writes encoded video frames (from WebCodecs), or encoded Opus, as the same live WebM stream the normalizer
 * makes of a MediaRecorder's: one init frame (EBML header, Segment of unknown size, Info,
 * Tracks), then frames of whole elements where every keyframe starts a Cluster, so MSE in
 * every browser plays it and a late joiner can start at any keyframe frame.
 */
export class WebmMuxer {
  private clusterTimecode: number | undefined;
  private last: number | undefined;

  constructor(readonly track: MuxedVideo | MuxedAudio) {}

  /** Output timecode (ms) of the newest block written, or undefined before the first. */
  get lastTimecode(): number | undefined {
    return this.last;
  }

  /** The init segment: the same bytes for the same codec and size. */
  init(): NormalizedFrame {
    const ebml = encodeElement(
      Id.EBML,
      concatBytes([
        encodeUintElement(Id.EBMLVersion, 1),
        encodeUintElement(Id.EBMLReadVersion, 1),
        encodeUintElement(Id.EBMLMaxIDLength, 4),
        encodeUintElement(Id.EBMLMaxSizeLength, 8),
        encodeElement(Id.DocType, text('webm')),
        encodeUintElement(Id.DocTypeVersion, 4),
        encodeUintElement(Id.DocTypeReadVersion, 2),
      ]),
    );
    const info = encodeElement(
      Id.Info,
      concatBytes([encodeUintElement(Id.TimecodeScale, 1_000_000), encodeElement(Id.MuxingApp, text('meet-elements')), encodeElement(Id.WritingApp, text('meet-elements'))]),
    );
    const entry = encodeElement(
      Id.TrackEntry,
      concatBytes([
        encodeUintElement(Id.TrackNumber, TRACK),
        encodeUintElement(Id.TrackUID, TRACK),
        ...this.trackParts(),
      ]),
    );
    const data = concatBytes([ebml, encodeId(Id.Segment), UNKNOWN_SIZE, info, encodeElement(Id.Tracks, entry)]);
    return { data, init: true, keyframe: false };
  }

  private trackParts(): Uint8Array[] {
    const { track } = this;
    if (track.codecId === 'A_OPUS') {
      const { sampleRate, channels, codecPrivate } = track as MuxedAudio;
      return [
        encodeUintElement(Id.TrackType, 2),
        encodeElement(Id.CodecID, text('A_OPUS')),
        encodeElement(Id.CodecPrivate, codecPrivate),
        encodeElement(Id.Audio, concatBytes([encodeFloatElement(Id.SamplingFrequency, sampleRate), encodeUintElement(Id.Channels, channels)])),
      ];
    }
    const { codecId, width, height, colorSpace } = track as MuxedVideo;
    return [
      encodeUintElement(Id.TrackType, 1),
      encodeElement(Id.CodecID, text(codecId)),
      encodeElement(Id.Video, concatBytes([encodeUintElement(Id.PixelWidth, width), encodeUintElement(Id.PixelHeight, height), colourElement(colorSpace ?? BT601)])),
    ];
  }

  /**
   * One encoded frame at `timecode` ms (monotonic; written at least 1 ms after the last). For sound, `keyframe` says where a
   * Cluster opens (every sound frame is a keyframe; a late joiner may start at any Cluster). A keyframe opens a Cluster; so does a
   * frame too far from its Cluster's timecode for a block's int16 offset (not a keyframe
   * frame then: a late joiner must not start there).
   */
  frame(payload: Uint8Array, timecode: number, keyframe: boolean): NormalizedFrame {
    // Strictly increasing: a block at its predecessor's millisecond replaces that one in
    // Firefox's MSE, and when the one replaced is the keyframe everything up to the next is
    // dropped (a camera-on showed nothing for a second: the first two frames of a capture
    // can come less than half a millisecond apart).
    const t = this.last === undefined ? Math.round(timecode) : Math.max(Math.round(timecode), this.last + 1);
    const parts: Uint8Array[] = [];
    if (keyframe || this.clusterTimecode === undefined || t - this.clusterTimecode > 0x7fff) {
      parts.push(CLUSTER_HEADER, encodeUintElement(Id.Timecode, t));
      this.clusterTimecode = t;
    }
    const header = new Uint8Array(4);
    header[0] = 0x80 | TRACK; // track number as a 1-byte vint
    new DataView(header.buffer).setInt16(1, t - this.clusterTimecode!);
    header[3] = keyframe || this.track.codecId === 'A_OPUS' ? 0x80 : 0;
    parts.push(encodeId(Id.SimpleBlock), encodeSize(header.length + payload.length), header, payload);
    this.last = t;
    return { data: concatBytes(parts), init: false, keyframe };
  }
}
