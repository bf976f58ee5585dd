import { canEncode, encodeSource } from '../../src/core/encoder-track.js';
import { canDecode, prefersWebCodecs } from '../../src/core/player/webcodecs-player.js';

/** One sender/receiver pairing: how the camera is encoded and how a viewer plays it. */
export interface Pipeline {
  /** For test titles, e.g. `WebCodecs -> MSE`. */
  name: string;
  encoder: 'mediarecorder' | 'webcodecs';
  renderer: 'mse' | 'webcodecs';
}

const ENCODERS = [['MediaRecorder', 'mediarecorder', true], ['WebCodecs', 'webcodecs', encodeSource() !== undefined]] as const;
const RENDERERS = [['MSE', 'mse', true], ['WebCodecs', 'webcodecs', canDecode('video') && canDecode('audio')]] as const;

/**
 * Every pairing this browser can run, each one a sender and a viewer in a real room: all four
 * (MediaRecorder or WebCodecs encoding, MSE or WebCodecs playing) in Chromium and Firefox.
 * Firefox has no MediaStreamTrackProcessor: its WebCodecs sender copies frames from a
 * `<video>` (WebKit's path), and it plays WebCodecs into a canvas and an AudioWorklet (no
 * MediaStreamTrackGenerator either).
 */
export const PIPELINES: readonly Pipeline[] = ENCODERS.flatMap(([encName, encoder, canE]) =>
  RENDERERS.filter(() => canE)
    .filter(([, , canR]) => canR)
    .map(([renName, renderer]) => ({ name: `${encName} -> ${renName}`, encoder, renderer })),
);

/** The pairing each side's `auto` takes in this browser. */
export const AUTO: Pipeline = {
  name: 'auto',
  encoder: canEncode() ? 'webcodecs' : 'mediarecorder',
  renderer: prefersWebCodecs('video') ? 'webcodecs' : 'mse',
};

/** The element's source, whichever renderer: a blob: URL (MSE) or the generated track's stream (WebCodecs). */
export const sourceOf = (el: HTMLMediaElement): string | MediaProvider | null => el.srcObject ?? el.src;
