import { canChooseSpeaker } from '../devices/device-list.js';
import { onAudioContext } from './audio-output.js';

/**
 * Where remote sound plays (the speaker chosen): every remote `<audio>` element, and the
 * page's audio context, which the WebCodecs renderer plays through. Media code only: the
 * first download never needs it.
 */

/** The output remote sound plays on (`''`: the system default). */
let speakerId = '';
let pageContext: AudioContext | undefined;

/** An AudioContext's `setSinkId` (Chromium; Firefox and WebKit have none). */
type SinkContext = AudioContext & { setSinkId?(id: string): Promise<void>; readonly sinkId?: string };

onAudioContext((context) => {
  pageContext = context;
  if (speakerId) void contextSink()?.catch(() => undefined);
});

/**
 * Plays remote sound on the output `id` (`''`: the default) from now on: the `elements`
 * given, elements that {@link playOnSpeaker} is called for later, and the page's audio
 * context where it can choose (Chromium; in Firefox the context, which only the WebCodecs
 * renderer plays through, stays on the default). Rejects with `NotSupportedError` where the
 * browser cannot choose at all (WebKit), or with the browser's error for an unknown output.
 */
export async function useSpeaker(id: string, elements: Iterable<HTMLMediaElement>): Promise<void> {
  if (!canChooseSpeaker()) throw new DOMException('This browser cannot choose where sound plays (it has no setSinkId)', 'NotSupportedError');
  const before = speakerId;
  speakerId = id;
  try {
    await Promise.all([...[...elements].map((el) => el.setSinkId(id)), contextSink()]);
  } catch (e) {
    speakerId = before;
    throw e;
  }
}

/** Puts a new element on the chosen output (nothing to do for the default). */
export function playOnSpeaker(el: HTMLMediaElement): void {
  if (speakerId && canChooseSpeaker()) void el.setSinkId(speakerId).catch(() => undefined);
}

function contextSink(): Promise<void> | undefined {
  const c = pageContext as SinkContext | undefined;
  return c?.state !== 'closed' && c?.setSinkId && c.sinkId !== speakerId ? c.setSinkId(speakerId) : undefined;
}
