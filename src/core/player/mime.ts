/**
 * Maps the MIME type a MediaRecorder reports to one Media Source Extensions accepts.
 *
 * Recorders report short or container-specific names that MSE rejects even when it can play
 * the bytes: Chromium records `video/x-matroska;codecs=avc1` and `video/webm;codecs=av01`,
 * and MSE wants `video/webm` and full codec strings (`av01.0.04M.08`). H.264 in Matroska
 * has no valid WebM mapping (the WebM byte stream format allows only VP8/VP9/AV1 and
 * Opus/Vorbis), so it is reported as unsupported rather than guessed.
 */

/** Codecs the WebM byte stream format allows, by the name before the first dot. */
const WEBM_CODECS = new Set(['vp8', 'vp9', 'vp09', 'av01', 'opus', 'vorbis']);

/**
 * Full strings for bare codec names. MSE needs a profile and level to answer
 * `isTypeSupported`; the real ones are in the init segment, which Chromium and Firefox read
 * instead, so a common profile is enough to pass the check.
 */
const FULL_CODEC: Record<string, string> = {
  av01: 'av01.0.04M.08',
  av1: 'av01.0.04M.08',
  avc1: 'avc1.42E01E',
  h264: 'avc1.42E01E',
  mp4a: 'mp4a.40.2',
  aac: 'mp4a.40.2',
};

/** The recorders' default codec when the type names none (Chromium and Firefox agree). */
const DEFAULT_CODEC: Record<string, string> = {
  'video/webm': 'vp8',
  'audio/webm': 'opus',
  'video/mp4': 'avc1.42E01E',
  'audio/mp4': 'mp4a.40.2',
};

/** Result of {@link toMseMime}: the MSE type, or why there is none. */
export type MseMime = { ok: true; mime: string } | { ok: false; message: string };

/**
 * `ManagedMediaSource` where present (Safari; iOS has nothing else), else `MediaSource`;
 * undefined without MSE. `managed` tells how to attach it (it only plays as `srcObject`).
 */
export function mediaSourceClass(): { ctor: typeof MediaSource; managed: boolean } | undefined {
  const w = globalThis as unknown as { ManagedMediaSource?: typeof MediaSource; MediaSource?: typeof MediaSource };
  if (w.ManagedMediaSource) return { ctor: w.ManagedMediaSource, managed: true };
  return w.MediaSource ? { ctor: w.MediaSource, managed: false } : undefined;
}

/** Splits `type/sub; codecs="a, b"` into a lower-case type and its codec list. */
export function parseMime(mime: string): { type: string; codecs: string[] } {
  const [head = '', ...params] = mime.split(';');
  const codecsParam = params.map((p) => p.trim()).find((p) => /^codecs\s*=/i.test(p));
  const list = codecsParam ? codecsParam.replace(/^codecs\s*=\s*/i, '').replace(/["']/g, '') : '';
  return {
    type: head.trim().toLowerCase(),
    codecs: list.split(',').map((c) => c.trim()).filter(Boolean),
  };
}

function fullCodec(codec: string): string {
  const name = codec.toLowerCase();
  if (name === 'vp8' || name === 'vp9' || name === 'opus' || name === 'vorbis') return name;
  return FULL_CODEC[name] ?? codec;
}

/**
 * The MSE type for a recorder's MIME type, checked with `isTypeSupported`.
 * @param recorderMime what the sender's `MediaRecorder.mimeType` said
 */
export function toMseMime(recorderMime: string): MseMime {
  const MS = mediaSourceClass()?.ctor;
  if (!MS) return { ok: false, message: 'Media Source Extensions are not available in this browser' };
  const { type, codecs } = parseMime(recorderMime);
  const [top, sub] = type.split('/');
  let container: string;
  if (sub === 'webm' || sub === 'x-matroska') {
    const bad = codecs.find((c) => !WEBM_CODECS.has(fullCodec(c).split('.')[0]!.toLowerCase()));
    if (bad) return { ok: false, message: `no WebM mapping for codec "${bad}" of "${recorderMime}"` };
    container = `${top}/webm`;
  } else if (sub === 'mp4') {
    container = type;
  } else {
    return { ok: false, message: `MSE cannot play the container of "${recorderMime}"` };
  }
  const full = codecs.length ? codecs.map(fullCodec) : [DEFAULT_CODEC[container] ?? ''];
  const mime = `${container};codecs="${full.join(',')}"`;
  if (!MS.isTypeSupported(mime)) {
    return { ok: false, message: `MSE does not support "${mime}" (recorded as "${recorderMime}")` };
  }
  return { ok: true, mime };
}
