import { WebmBlockReader, type WebmBlock, type WebmTrack } from '../webm/blocks.js';
import { parseMime } from './mime.js';
import { BT601 } from '../webm/colour.js';
import { canSink, openSink, sinksToTrack, type DecodedOutput, type FrameSink } from './frame-sink.js';
import { BasePlayer, PlayerErrorEvent, PlayerFirstFrameEvent, errorText, type MediaFrame, type PlayerOptions } from './base.js';

type Decoder = VideoDecoder | AudioDecoder;
type Output = DecodedOutput;

/**
 * A frame older than the newest one received by more than this is decoded (later frames
 * need it) but not shown: a backlog (a late join, a burst after a network stall) is caught
 * up at once instead of played out late.
 */
const CATCH_UP_US = 120_000;
/**
 * Sound older than the newest packet received by more than this is dropped, the first packet
 * included: sound is not decoded-for-later and has no frame to hold. Whatever reaches the
 * sound output stays queued there and is heard that much later for the rest of the epoch;
 * a late join's backlog once kept Chromium's sound 125 ms behind its picture.
 */
const AUDIO_CATCH_UP_US = 40_000;
/**
 * Coded frames waiting in the decoder beyond which it is hopelessly behind: it resets and
 * waits for a keyframe. High on purpose: a late joiner of a Firefox sender gets up to 7.5 s
 * of frames at once (its keyframe groups), which decode in ~0.5 s (2.2 ms a frame) and are
 * caught up; resetting at 30 asked the sender for a keyframe instead, whose recorder restart
 * loaded the machine further (a mixed-room test failed 9 runs in 20 that way).
 */
const MAX_DECODE_QUEUE = 600;
/** ms between two stall checks (bytes arriving and no frame coming out of the decoder). */
const WATCHDOG_MS = 250;
/** Opus's sample rate, for a track that does not say its own. */
const OPUS_RATE = 48000;
/**
 * WebKitGTK 2.50's `AudioData.copyTo` kills the page on a one-channel decoder output (any
 * format), which the worklet sink copies; two-channel outputs copy fine. There, a mono track
 * is decoded without its OpusHead and as two channels (its pre-skip, 6.5 ms, then plays).
 */
const monoCopyBroken = () => typeof navigator !== 'undefined' && /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Chromium/.test(navigator.userAgent);

/**
 * Longest time backlog frames are kept from the screen. A burst (a late join) decodes within
 * it, so it is skipped; a decoder that stays behind (a starved CPU) shows a frame at least
 * this often, late, rather than none at all (it froze the tile for good in a loaded test).
 */
const MAX_HIDDEN_MS = 250;

/** ms after the first frame is written without a frame callback before the element's own readiness counts. */
const FIRST_FRAME_GRACE_MS = 250;

/** WebCodecs codec strings for the Matroska codec ids the recorders write. */
const CODECS: Record<string, string> = {
  V_VP8: 'vp8',
  V_VP9: 'vp09.00.10.08',
  V_AV1: 'av01.0.04M.08',
  A_OPUS: 'opus',
};

/**
 * Whether the stream a sender announced as `mime` is one this renderer reads: WebM (or
 * Chromium's `x-matroska` name for it) of a codec in {@link CODECS}, or no codec named
 * (VP8 / Opus, the recorders' default). MP4 (Safari's recorder) is MSE's.
 */
export function webCodecsCanRead(mime: string): boolean {
  const { type, codecs } = parseMime(mime);
  const sub = type.split('/')[1];
  if (sub !== 'webm' && sub !== 'x-matroska') return false;
  return codecs.every((c) => READABLE.has(c.toLowerCase().split('.')[0]!));
}
const READABLE = new Set(['vp8', 'vp9', 'vp09', 'av01', 'av1', 'opus']);

/**
 * Whether this browser can play a track with WebCodecs: a decoder, and a way to show what it
 * decodes (frame-sink.ts): a generated track (Chromium), else a canvas capture for video and
 * an AudioWorklet for sound (Firefox).
 */
export function canDecode(kind: 'video' | 'audio'): boolean {
  const w = globalThis as { VideoDecoder?: unknown; AudioDecoder?: unknown };
  return typeof (kind === 'video' ? w.VideoDecoder : w.AudioDecoder) === 'function' && canSink(kind);
}

/**
 * Whether `renderer="auto"` takes WebCodecs for `kind` here: where it decodes into a
 * generated track (Chromium), the path the benchmark found better than MSE on every row.
 * Firefox's canvas and worklet path plays with `renderer="webcodecs"`, and stays off `auto`
 * until it is measured there.
 */
export function prefersWebCodecs(kind: 'video' | 'audio'): boolean {
  return canDecode(kind) && sinksToTrack();
}

/**
 * Plays one remote track with WebCodecs: the blocks of each frame are decoded as they come
 * and every decoded frame goes straight to a generated track that the element plays, as a
 * WebRTC track would be: no media buffer, no live-edge chasing, no MSE start-up.
 *
 * States and events are the MSE player's: `loading` from an epoch's init until its first
 * frame is shown, `playing`, `error` (a decoder error; it recovers at the next keyframe, which
 * it asks for). Falling behind (a backlog after a stall, or a decoder that cannot keep up):
 * frames older than the newest received by more than 120 ms are decoded but not shown, and a
 * decoder with more than 600 frames waiting is reset to wait for the next keyframe. Bytes
 * arriving for `stallTimeout` ms with nothing decoded ask for a keyframe (`stall`).
 */
export class WebCodecsPlayer extends BasePlayer {
  private readonly reader = new WebmBlockReader();
  /** Where decoded output goes (one for the player's life, see openSink). */
  private sink: FrameSink | undefined;
  private decoder: Decoder | undefined;
  private track: WebmTrack | undefined;
  /** Only a keyframe can (re)start decoding. */
  private waitingForKey = true;
  private newest = -Infinity;
  private epochStartedAt = 0;
  private shownAny = false;
  /** The epoch's (or resync's) first frame is not shown yet: `firstframe` is still due. */
  private firstPending = false;
  private frameCallback = 0;
  /** When the epoch's (or resync's) first frame was written to the track. */
  private firstWrittenAt = 0;
  /** The decoder was rebuilt within the epoch (a stall or an error): the next first frame is a resync. */
  private resyncing = false;
  /** Timestamp (µs) of the last frame handed to the track. */
  private shownAt: number | undefined;
  private lastOutputAt = 0;
  /** performance.now() of the last frame written (-Infinity: none since the decoder was built). */
  private lastShownAt = -Infinity;
  private bytesSinceOutput = 0;
  /** µs of sound handed to {@link PlayerOptions.output}. */
  private playedUs = 0;
  private watchdogTimer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param element the `<video>` or `<audio>` this player owns from now on
   * @param options see {@link PlayerOptions}
   */
  constructor(element: HTMLVideoElement | HTMLAudioElement, options: PlayerOptions) {
    super(element, options);
  }

  /** Seconds the frame shown is behind the newest frame received (a backlog being caught up). */
  get lag(): number {
    if (!this.track || this.shownAt === undefined) return 0;
    return Math.max(0, (this.newest - this.shownAt) / 1e6);
  }

  protected startEpoch(): void {
    this.teardown(false);
    if (this.mimeType && !webCodecsCanRead(this.mimeType)) return this.fail(`WebCodecs cannot play "${this.mimeType}"`, false);
    let tracks: readonly WebmTrack[];
    try {
      tracks = this.reader.readInit(this.init!);
    } catch (e) {
      return this.fail(`unreadable init segment: ${errorText(e)}`, false);
    }
    const track = tracks.find((t) => t.type === this.opts.kind);
    const codec = track && CODECS[track.codecId];
    if (!track || !codec) return this.fail(`no ${this.opts.kind} track WebCodecs can decode (${tracks.map((t) => t.codecId).join(', ') || 'none'})`, false);
    this.track = track;
    this.playedUs = 0;
    if (!this.sink) {
      try {
        this.sink = openSink(this.opts.kind, this.element, this.output);
      } catch (e) {
        return this.fail(`no way to show decoded ${this.opts.kind}: ${errorText(e)}`, false);
      }
    }
    this.epochStartedAt = performance.now();
    this.shownAny = false;
    this.firstPending = true;
    this.resyncing = false;
    // A new epoch while one plays (a device switch, a new encoder size): the last frame stays
    // on the element until the new one's first, so the state stays too (no spinner flash).
    if (this.state !== 'playing') this.setState('loading');
    this.openDecoder();
    this.lastOutputAt = performance.now();
    this.bytesSinceOutput = 0;
    this.watchdogTimer ??= setInterval(() => this.watchdog(), WATCHDOG_MS);
    if (!this.output) void this.element.play().catch(() => undefined);
  }

  override get played(): number {
    return this.output ? this.playedUs / 1e6 : super.played;
  }

  protected accept(frame: MediaFrame): void {
    if (frame.init) return this.startEpoch(); // new bytes within the epoch: a new decoder config
    if (!this.decoder || !this.track) return;
    this.bytesSinceOutput += frame.data.byteLength;
    let blocks: WebmBlock[];
    try {
      blocks = this.reader.read(frame.data);
    } catch (e) {
      return this.fail(`unreadable frame: ${errorText(e)}`, true);
    }
    for (const block of blocks) if (block.track === this.track.number) this.decode(block);
  }

  protected teardown(detach: boolean): void {
    this.closeDecoder();
    this.track = undefined;
    if (this.frameCallback && this.element instanceof HTMLVideoElement) this.element.cancelVideoFrameCallback(this.frameCallback);
    this.frameCallback = 0;
    if (!detach) return;
    clearInterval(this.watchdogTimer);
    this.watchdogTimer = undefined;
  }

  /**
   * The sink (the generated track, canvas or worklet) is made at the first epoch and kept
   * across epochs and camera-off: a new track and a new `srcObject` per epoch cost the viewer
   * 100-200 ms before its first frame under load (the element builds a new media player),
   * the largest part of camera-on -> first frame. Between epochs the tile hides the video
   * (under the avatar until the new epoch's first frame is shown), so the last frame of an
   * old epoch is never seen.
   */
  protected override release(): void {
    this.sink?.release();
    this.sink = undefined;
  }

  private openDecoder(): void {
    this.closeDecoder();
    const track = this.track!;
    const output = (out: Output) => this.show(decoder, out);
    const error = (e: DOMException) => decoder === this.decoder && this.fail(`the ${this.opts.kind} decoder failed: ${errorText(e)}`, true);
    const decoder: Decoder = this.opts.kind === 'video' ? new VideoDecoder({ output, error }) : new AudioDecoder({ output, error });
    if (decoder instanceof VideoDecoder) {
      // VP8 has no colour in its bitstream: without the init's, Chromium shows it as BT.709.
      decoder.configure({ codec: CODECS[track.codecId]!, optimizeForLatency: true, colorSpace: track.colorSpace ?? (track.codecId === 'V_VP8' ? BT601 : {}) });
    } else {
      const channels = track.channels ?? 1;
      const asStereo = channels === 1 && monoCopyBroken();
      decoder.configure({
        codec: CODECS[track.codecId]!,
        sampleRate: track.sampleRate ?? OPUS_RATE,
        numberOfChannels: asStereo ? 2 : channels,
        ...(track.codecPrivate && !asStereo && { description: track.codecPrivate }),
      });
    }
    this.decoder = decoder;
    // Every Opus packet decodes alone; video starts at a keyframe.
    this.waitingForKey = this.opts.kind === 'video';
    this.newest = -Infinity;
    this.shownAt = undefined;
    this.lastShownAt = -Infinity;
  }

  private closeDecoder(): void {
    const decoder = this.decoder;
    this.decoder = undefined;
    if (decoder && decoder.state !== 'closed') decoder.close();
  }

  private decode(block: WebmBlock): void {
    const decoder = this.decoder!;
    if (this.waitingForKey) {
      if (!block.keyframe) return;
      this.waitingForKey = false;
    }
    if (decoder.decodeQueueSize > MAX_DECODE_QUEUE) {
      // Behind: what is queued would only come out late. Start again at the next keyframe.
      this.openDecoder();
      this.keyframeNeeded('overflow');
      return this.decode(block);
    }
    this.newest = Math.max(this.newest, block.timestamp);
    // Every Opus packet is a key chunk, whatever the block's flag says (Firefox's decoder refuses a 'delta' one).
    const key = block.keyframe || decoder instanceof AudioDecoder;
    const init = { type: key ? 'key' : 'delta', timestamp: block.timestamp, data: block.data } as const;
    try {
      if (decoder instanceof VideoDecoder) decoder.decode(new EncodedVideoChunk(init));
      else decoder.decode(new EncodedAudioChunk(init));
    } catch (e) {
      this.fail(`decode failed: ${errorText(e)}`, true);
    }
  }

  private show(decoder: Decoder, out: Output): void {
    this.lastOutputAt = performance.now();
    this.bytesSinceOutput = 0;
    if (decoder !== this.decoder) return out.close(); // superseded
    // A backlog frame: decoded for what follows, not worth showing, unless nothing was shown
    // for a while: a decoder that stays behind (a starved CPU) still shows frames, late.
    const now = performance.now();
    if (out instanceof AudioData) {
      if (out.timestamp < this.newest - AUDIO_CATCH_UP_US) return out.close();
    } else if (out.timestamp < this.newest - CATCH_UP_US && now - this.lastShownAt < MAX_HIDDEN_MS) {
      return out.close();
    }
    // Read before the sink takes (and closes) it.
    const { timestamp } = out;
    const duration = out instanceof AudioData ? out.duration : 0;
    if (!this.sink?.write(out)) return out.close();
    this.shownAt = timestamp;
    this.lastShownAt = now;
    this.playedUs += duration;
    if (!this.shownAny) this.watchFirstFrame();
  }

  private watchFirstFrame(): void {
    this.shownAny = true;
    this.firstWrittenAt = performance.now();
    const el = this.element;
    // rVFC reports the frame actually shown; an <audio> (or a video not rendered) has none.
    if (el instanceof HTMLVideoElement && el.requestVideoFrameCallback && el.checkVisibility?.()) {
      this.frameCallback = el.requestVideoFrameCallback(() => {
        this.frameCallback = 0;
        this.firstFrameShown();
      });
    } else {
      this.firstFrameShown();
    }
  }

  private firstFrameShown(): void {
    if (!this.firstPending || !this.epochOpen) return;
    this.firstPending = false;
    this.setState('playing');
    this.dispatchEvent(new PlayerFirstFrameEvent(this.epoch, performance.now() - this.epochStartedAt, this.resyncing));
  }

  private watchdog(): void {
    // A video the page does not paint (scrolled out of view) gets no frame callback: the
    // element holding its first frame is enough.
    if (this.shownAny && this.firstPending && performance.now() - this.firstWrittenAt > FIRST_FRAME_GRACE_MS && this.element.readyState >= 2) {
      this.firstFrameShown();
    }
    if (!this.epochOpen || this.bytesSinceOutput === 0 || performance.now() - this.lastOutputAt < this.opts.stallTimeout) return;
    this.lastOutputAt = performance.now();
    this.bytesSinceOutput = 0;
    if (this.state === 'playing') this.setState('loading');
    this.shownAny = false;
    this.firstPending = true;
    this.resyncing = true;
    this.epochStartedAt = performance.now();
    this.openDecoder();
    this.keyframeNeeded('stall');
  }

  /** A decoder or stream error: `recoverable` ones wait for the next keyframe (and ask for one). */
  private fail(message: string, recoverable: boolean): void {
    this.closeDecoder();
    if (!recoverable) this.epochOpen = false;
    this.setState('error');
    this.dispatchEvent(new PlayerErrorEvent(recoverable ? 'decode' : 'unsupported', message));
    if (!recoverable || !this.track) return;
    this.shownAny = false;
    this.firstPending = true;
    this.resyncing = true;
    this.epochStartedAt = performance.now();
    this.openDecoder();
    this.keyframeNeeded('decode');
  }
}
