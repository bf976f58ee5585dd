import type { FrameHeader } from '../protocol/index.js';

/**
 * What a late joiner needs from one publisher's track: the current epoch's init frame
 * and the frames since its last keyframe frame. Keyed on the frame flags only; the relay
 * never parses media. Bounded: past `maxBytes` the frames are dropped until the next
 * keyframe (a joiner then waits for it rather than getting a broken stream).
 */
export class TrackCache {
  private init: Uint8Array | undefined;
  private epoch = -1;
  private gop: Uint8Array[] = [];
  private gopBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held. */
  get bytes(): number {
    return (this.init?.byteLength ?? 0) + this.gopBytes;
  }

  /** Records a frame the publisher sent (already stamped). */
  add(frame: Uint8Array, header: FrameHeader): void {
    if (header.init) {
      this.init = own(frame);
      this.epoch = header.epoch;
      this.resetGop();
      return;
    }
    if (header.epoch !== this.epoch) return;
    if (header.keyframe) this.resetGop();
    else if (this.gop.length === 0) return; // waiting for a keyframe
    if (this.gopBytes + frame.byteLength + (this.init?.byteLength ?? 0) > this.maxBytes) {
      this.resetGop();
      return;
    }
    this.gop.push(own(frame));
    this.gopBytes += frame.byteLength;
  }

  /** The current epoch's init frame, if any. */
  get initFrame(): Uint8Array | undefined {
    return this.init;
  }

  /** The frames a late joiner gets, in order; empty while there is no init or keyframe. */
  frames(): Uint8Array[] {
    return this.init && this.gop.length > 0 ? [this.init, ...this.gop] : [];
  }

  /** Forgets everything (track turned off, publisher left). */
  clear(): void {
    this.init = undefined;
    this.epoch = -1;
    this.resetGop();
  }

  private resetGop(): void {
    this.gop = [];
    this.gopBytes = 0;
  }
}

/**
 * A received message can be a view into a much larger socket read; keeping the view would
 * keep the whole read alive, so the cache keeps its own copy of such frames.
 */
function own(frame: Uint8Array): Uint8Array {
  return frame.buffer.byteLength > frame.byteLength * 2 ? frame.slice() : frame;
}
