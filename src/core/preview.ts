import { TRACK_OF, type DeviceKind } from '../protocol/index.js';
import type { LocalDevices } from '../context/room-context.js';
import { captureConstraints, type PublisherOptions } from './publisher.js';
import { SpeakingDetector } from './speaking.js';
import { TypedEventTarget } from './typed-event-target.js';

/**
 * Your camera and microphone before you join (a pre-join "green room"): opened locally, sent
 * nowhere. Each can be turned on or off and moved to another device; the microphone's level
 * is measured for a meter. `take()` hands the live tracks to the meeting, so joining does
 * not open the devices again (no second permission prompt, no gap in the picture).
 *
 * Fires `change` when a track, a pending flag or an error changes. A device that cannot be
 * opened is not thrown: its error is kept (`error(kind)`), with the browser's `name`.
 */
export class LocalPreview extends TypedEventTarget<{ change: Event }> {
  private readonly tracks: LocalDevices<MediaStreamTrack | undefined> = { camera: undefined, mic: undefined };
  private readonly errors: LocalDevices<Error | undefined> = { camera: undefined, mic: undefined };
  /** Bumped by every change of a kind, so a slow `getUserMedia` cannot override a later call. */
  private readonly generation: LocalDevices<number> = { camera: 0, mic: 0 };
  private readonly opening: LocalDevices<boolean> = { camera: false, mic: false };
  private meter: SpeakingDetector | undefined;
  private disposed = false;

  /** @param options the camera and microphone constraints the meeting will send with */
  constructor(private readonly options: Pick<PublisherOptions, 'video' | 'audio'> = {}) {
    super();
  }

  /** The live camera track, while on. */
  get camera(): MediaStreamTrack | undefined {
    return this.tracks.camera;
  }

  /** The live microphone track, while on. */
  get mic(): MediaStreamTrack | undefined {
    return this.tracks.mic;
  }

  /** The microphone's level (RMS, 0..1; 0 while off or while the page's audio waits for a gesture). */
  get level(): number {
    return this.meter?.level ?? 0;
  }

  /** Whether `kind` is being opened. */
  pending(kind: DeviceKind): boolean {
    return this.opening[kind];
  }

  /** Why `kind` could not be opened the last time, if it could not. */
  error(kind: DeviceKind): Error | undefined {
    return this.errors[kind];
  }

  /**
   * Turns `kind` on (opening `deviceId`, or the browser's default) or off. On again with
   * another device, the new one is opened before the old one is let go. Resolves when done.
   */
  async set(kind: DeviceKind, on: boolean, deviceId?: string): Promise<void> {
    const generation = ++this.generation[kind];
    const old = this.tracks[kind];
    this.errors[kind] = undefined;
    if (!on || this.disposed) {
      this.opening[kind] = false;
      this.replace(kind, undefined);
      return;
    }
    if (old && (!deviceId || old.getSettings().deviceId === deviceId)) return this.changed();
    this.opening[kind] = true;
    this.changed();
    let track: MediaStreamTrack | undefined;
    try {
      const constraints = captureConstraints(TRACK_OF[kind], this.options, deviceId);
      track = (await navigator.mediaDevices.getUserMedia({ [TRACK_OF[kind]]: constraints })).getTracks()[0];
    } catch (e) {
      if (generation !== this.generation[kind]) return;
      this.errors[kind] = e instanceof Error ? e : new Error(String(e));
    }
    if (generation !== this.generation[kind] || this.disposed) {
      track?.stop(); // turned off, or moved again, meanwhile
      return;
    }
    this.opening[kind] = false;
    if (track) this.replace(kind, track);
    else this.changed();
  }

  /** Hands the live tracks over (to the meeting) and forgets them: the preview no longer stops them. */
  take(): Partial<LocalDevices<MediaStreamTrack>> {
    const taken: Partial<LocalDevices<MediaStreamTrack>> = {};
    for (const kind of ['camera', 'mic'] as const) {
      const track = this.tracks[kind];
      this.generation[kind] += 1;
      this.opening[kind] = false;
      this.tracks[kind] = undefined;
      if (track?.readyState === 'live') taken[kind] = track;
    }
    this.listen(undefined);
    this.changed();
    return taken;
  }

  /** Stops every track it still holds. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const kind of ['camera', 'mic'] as const) {
      this.generation[kind] += 1;
      this.tracks[kind]?.stop();
      this.tracks[kind] = undefined;
    }
    this.listen(undefined);
  }

  private replace(kind: DeviceKind, track: MediaStreamTrack | undefined): void {
    const old = this.tracks[kind];
    this.tracks[kind] = track;
    if (old !== track) old?.stop();
    if (kind === 'mic') this.listen(track);
    // Unplugged, or the permission taken back: off, and why.
    track?.addEventListener('ended', () => {
      if (this.tracks[kind] !== track) return;
      this.errors[kind] = new DOMException(`The ${kind === 'camera' ? 'camera' : 'microphone'} stopped`, 'AbortError');
      this.replace(kind, undefined);
    });
    this.changed();
  }

  private listen(track: MediaStreamTrack | undefined): void {
    if (this.meter?.track === track) return;
    this.meter?.dispose();
    this.meter = track && typeof AudioContext !== 'undefined' ? new SpeakingDetector(track) : undefined;
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
