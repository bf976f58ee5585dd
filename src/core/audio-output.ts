/**
 * One `AudioContext` for the page: the local speaking detector and the sound of every remote
 * person the WebCodecs renderer plays go through it. Each `AudioContext` and each `<audio>`
 * element playing a stream is an output stream of its own in the browser's audio service,
 * rendered every 10 ms whether it is silent or not. In a three-person meeting on a two-core
 * machine those three streams per person (one context, two elements) were what tipped it
 * over: sharing one context took remote video from 11-13 fps with 25-38 % of the time frozen
 * to 16-17 fps with 3-11 % (docs/media.md, "Where the time went in a meeting").
 *
 * The context is made on first use and closed when its last user lets go. A context made
 * without a user gesture may start suspended (autoplay rules); it resumes on the next
 * pointer or key press anywhere in the page, or on {@link resumeAudio}.
 */

let context: AudioContext | undefined;
let users = 0;
/** Told of every new page audio context (the speaker choice puts it on its output). */
const created: Array<(context: AudioContext) => void> = [];

/** Calls `listener` with the page's audio context now, if there is one, and with every new one. */
export function onAudioContext(listener: (context: AudioContext) => void): void {
  created.push(listener);
  if (context) listener(context);
}

/** The page's audio context, counted as used until {@link releaseAudio}. */
export function acquireAudio(): AudioContext {
  if (!context) {
    context = new AudioContext({ latencyHint: 'interactive' });
    if (context.state === 'suspended') resumeAudio();
    for (const listener of created) listener(context);
  }
  users += 1;
  return context;
}

/** Whether the page's audio context exists and runs (autoplay rules may hold a new one suspended). */
export function audioRunning(): boolean {
  return context?.state === 'running';
}

/** One user of {@link acquireAudio} is done; the last one closes the context. */
export function releaseAudio(): void {
  users = Math.max(0, users - 1);
  if (users > 0 || !context) return;
  const closing = context;
  context = undefined;
  stopWaiting();
  void closing.close().catch(() => undefined);
}

/** Starts the page's sound if autoplay held it back (call from a user gesture). */
export function resumeAudio(): void {
  const c = context;
  if (!c || c.state !== 'suspended') return stopWaiting();
  void c.resume().then(
    () => c.state === 'running' && stopWaiting(),
    () => undefined,
  );
  // Until it runs, any gesture in the page tries again.
  document.addEventListener('pointerdown', resumeAudio, true);
  document.addEventListener('keydown', resumeAudio, true);
}

function stopWaiting(): void {
  document.removeEventListener('pointerdown', resumeAudio, true);
  document.removeEventListener('keydown', resumeAudio, true);
}

const modules = new WeakMap<BaseAudioContext, Map<string, Promise<void>>>();

/**
 * Adds an AudioWorklet module, given as its source text, to `context`, once per context and
 * source. It loads from a `blob:` URL, so the bundle stays one file (a page whose CSP forbids
 * `blob:` scripts rejects it).
 */
export function addWorkletModule(context: BaseAudioContext, source: string): Promise<void> {
  let loaded = modules.get(context);
  if (!loaded) modules.set(context, (loaded = new Map()));
  let done = loaded.get(source);
  if (!done) {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    done = context.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    loaded.set(source, done);
  }
  return done;
}
