import { Id, UNKNOWN_SIZE, concatBytes, encodeElement, encodeId, encodeSize, encodeUintElement } from './ebml.js';
import type { NormalizedFrame } from './normalizer.js';
import { BT601, colourElement } from './colour.js';

/** The only track: video, number 1 (its TrackUID is 1 too, as the normalizer writes it). */
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

/**
 * Writes encoded video frames (from WebCodecs) as the same live WebM stream the normalizer
 * makes of a MediaRecorder's: one init frame (EBML header, Segment of unknown size, Info,
 * Tracks), then frames of whole elements where every keyframe starts a Cluster, so MSE in
 * every browser plays it and a late joiner can start at any keyframe frame.
 */
export class WebmMuxer {
  private clusterTimecode: number | undefined;
  private last: number | undefined;

  constructor(readonly video: MuxedVideo) {}

  /** Output timecode (ms) of the newest block written, or undefined before the first. */
  get lastTimecode(): number | undefined {
    return this.last;
  }

  /** The init segment: the same bytes for the same codec and size. */
  init(): NormalizedFrame {
    const { codecId, width, height } = this.video;
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
        encodeUintElement(Id.TrackType, 1),
        encodeElement(Id.CodecID, text(codecId)),
        encodeElement(Id.Video, concatBytes([encodeUintElement(Id.PixelWidth, width), encodeUintElement(Id.PixelHeight, height), colourElement(this.video.colorSpace ?? BT601)])),
      ]),
    );
    const data = concatBytes([ebml, encodeId(Id.Segment), UNKNOWN_SIZE, info, encodeElement(Id.Tracks, entry)]);
    return { data, init: true, keyframe: false };
  }

  /**
   * One encoded frame at `timecode` ms (monotonic). A keyframe opens a Cluster; so does a
   * frame too far from its Cluster's timecode for a block's int16 offset (not a keyframe
   * frame then: a late joiner must not start there).
   */
  frame(payload: Uint8Array, timecode: number, keyframe: boolean): NormalizedFrame {
    const t = Math.max(Math.round(timecode), this.last ?? 0);
    const parts: Uint8Array[] = [];
    if (keyframe || this.clusterTimecode === undefined || t - this.clusterTimecode > 0x7fff) {
      parts.push(CLUSTER_HEADER, encodeUintElement(Id.Timecode, t));
      this.clusterTimecode = t;
    }
    const header = new Uint8Array(4);
    header[0] = 0x80 | TRACK; // track number as a 1-byte vint
    new DataView(header.buffer).setInt16(1, t - this.clusterTimecode!);
    header[3] = keyframe ? 0x80 : 0;
    parts.push(encodeId(Id.SimpleBlock), encodeSize(header.length + payload.length), header, payload);
    this.last = t;
    return { data: concatBytes(parts), init: false, keyframe };
  }
}
