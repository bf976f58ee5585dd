import { TRACK_KINDS, isSound, type MediaFrameMessage, type Participant, type TrackKind } from '../protocol/index.js';
import { MsePlayer, PlayerErrorEvent, type Player, type PlayerErrorReason } from './player/index.js';
import { WebCodecsPlayer, canDecode, prefersWebCodecs, webCodecsCanRead } from './player/webcodecs-player.js';
import { acquireAudio, releaseAudio } from './audio-output.js';
import { playOnSpeaker } from './speaker.js';
import { TypedEventTarget } from './typed-event-target.js';

/** A muted inline `<video>` (sound plays in the audio element). */
function silentVideo(): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  return video;
}

/** An `<audio>` that plays as soon as it can, on the chosen speaker. */
function soundElement(): HTMLAudioElement {
  const audio = document.createElement('audio');
  audio.autoplay = true;
  playOnSpeaker(audio);
  return audio;
}

/** Counters of one remote video (see `RemoteMedia.sample`). */
export interface MediaSample {
  /** Bytes received since the person joined. */
  bytes: number;
  /** Frames the element presented (its playback quality's total). */
  frames: number;
  /** Frames the element dropped. */
  dropped: number;
  /** How far behind live it plays, ms. */
  lag: number;
}

/** Why a video cannot play: `unsupported` (the browser cannot play its type; `message` says which) or `decode`. */
export interface VideoFailure {
  readonly reason: PlayerErrorReason;
  readonly message: string;
}

/** A failure in English words. */
function failureText(failure: VideoFailure | undefined): string {
  if (!failure) return '';
  return failure.reason === 'unsupported' ? `unsupported video format (${failure.message})` : 'video could not be decoded';
}

/** What a remote participant's video shows: nothing, a loading state, frames, or an error. */
export type VideoState = 'off' | 'loading' | 'playing' | 'error';

/**
 * How remote media is played: `webcodecs` decodes each frame and shows it at once (Chromium:
 * a generated track; Firefox: a canvas and an AudioWorklet; MSE where there is no WebCodecs),
 * `mse` buffers it in Media Source Extensions (every browser), `auto` (the default) takes
 * WebCodecs where it decodes into generated tracks (Chromium), MSE elsewhere.
 */
export type RendererChoice = 'auto' | 'mse' | 'webcodecs';

/** Options shared by every remote participant's players. */
export interface RemoteMediaOptions {
  /** Target lag behind the live edge, seconds (MSE). */
  latency?: number;
  /** How to play (default `auto`). */
  renderer?: RendererChoice;
  /** Asks the sender for a keyframe on a track. */
  requestKeyframe(track: TrackKind): void;
}

/**
 * One remote participant's media: a <video> and an <audio> element, and a second <video> and
 * <audio> for a shared screen and its sound, each fed by its own player (a stopped camera
 * never stalls sound or the screen). Owned by the session, not by a tile, so a tile that
 * moves in the DOM never tears playback down. Fires `change` when the video or screen state
 * changes.
 */
export class RemoteMedia extends TypedEventTarget<{ change: Event }> {
  /** The element the participant's video plays in (adopt it into a tile). */
  readonly video: HTMLVideoElement;
  /**
   * The element the participant's sound plays in with the MSE renderer (with WebCodecs it
   * plays through {@link audioOutput} and this element stays empty).
   */
  readonly audio: HTMLAudioElement;
  /** The element the participant's shared screen plays in (adopt it into a screen tile). */
  readonly screen: HTMLVideoElement;
  /** The element a shared screen's sound plays in with the MSE renderer (adopt it with `screen`). */
  readonly screenAudio: HTMLAudioElement;
  private players: Record<TrackKind, Player>;
  private participant: Participant;
  /** Which tracks are signaled on. */
  private readonly on: Record<TrackKind, boolean> = { video: false, audio: false, screen: false, screenAudio: false };
  /** Which tracks are watched here ({@link setWatching}); one that is not is neither received nor decoded. */
  private readonly watched: Record<TrackKind, boolean> = { video: true, audio: true, screen: true, screenAudio: true };
  /** Why the video or the screen cannot play, as the player said. */
  private failures: Partial<Record<'video' | 'screen', VideoFailure>> = {};
  private gain: GainNode | undefined;
  /** The `<audio>` elements routed through {@link gain} (to play them louder than 100 %). */
  private readonly routed = new WeakSet<HTMLMediaElement>();
  private level = 1;
  private silenced = false;
  /** Bytes received per track, since this person joined. */
  private readonly received: Record<TrackKind, number> = { video: 0, audio: 0, screen: 0, screenAudio: 0 };

  constructor(
    participant: Participant,
    private readonly options: RemoteMediaOptions,
  ) {
    super();
    this.video = silentVideo();
    this.screen = silentVideo();
    this.audio = soundElement();
    this.screenAudio = soundElement();
    this.participant = participant;
    this.players = this.createPlayers();
    this.update(participant);
  }

  /** The video's state: `off` the moment the camera is signaled off, `playing` once frames decode. */
  get videoState(): VideoState {
    return this.stateOf('video');
  }

  /** The shared screen's state: `off` the moment sharing is signaled off, `playing` once frames decode. */
  get screenState(): VideoState {
    return this.stateOf('screen');
  }

  /** A short readable reason when `screenState` is `error` (English; `screenFailure` for words of your own). */
  get screenErrorReason(): string {
    return failureText(this.failures.screen);
  }

  /** Why the video cannot play when `videoState` is `error`: the player's reason and detail. */
  get videoFailure(): VideoFailure | undefined {
    return this.failures.video;
  }

  /** Why the shared screen cannot play when `screenState` is `error`. */
  get screenFailure(): VideoFailure | undefined {
    return this.failures.screen;
  }

  /**
   * Where this person's sound plays when it does not play in {@link audio}: their node in the
   * page's audio context (WebCodecs renderer); undefined while their sound plays in the
   * `<audio>` element (MSE renderer). Connect an AnalyserNode to it for a level meter.
   */
  get audioOutput(): AudioNode | undefined {
    return this.players.audio instanceof WebCodecsPlayer ? this.gain : undefined;
  }

  /** Seconds of this person's sound played in the current epoch, whichever renderer plays it. */
  get audioTime(): number {
    return this.players.audio.played;
  }

  /** How loud you hear this person (their microphone and their screen's sound), 0-2 (1: as sent). */
  get volume(): number {
    return this.level;
  }

  /** Whether you muted this person for yourself (`setMuted`). */
  get muted(): boolean {
    return this.silenced;
  }

  /**
   * Plays this person's sound at `volume` (0-2; above 1 louder than sent), for you alone. The
   * WebCodecs renderer's sound already goes through their node of the page's audio context;
   * an `<audio>` element (MSE) plays louder than 100 % by going through it too from then on.
   */
  setVolume(volume: number): void {
    this.level = Math.min(2, Math.max(0, volume));
    this.applyLevel();
  }

  /** Mutes this person for you alone (their microphone stays on for everyone else), or unmutes. */
  setMuted(muted: boolean): void {
    this.silenced = muted;
    this.applyLevel();
  }

  /** Seconds of their shared screen's sound played in the current epoch. */
  get screenAudioTime(): number {
    return this.players.screenAudio.played;
  }

  /** A short readable reason when `videoState` is `error` (English; `videoFailure` for words of your own). */
  get errorReason(): string {
    return failureText(this.failures.video);
  }

  /**
   * Starts both players over, on the same elements: after a reconnect the stream resumes
   * from an init frame of any epoch, even the one that was playing. Until then the video
   * is `loading` (when the camera is on).
   */
  reset(): void {
    for (const player of Object.values(this.players)) player.dispose();
    this.failures = {};
    this.players = this.createPlayers();
    this.update(this.participant);
    this.dispatchEvent(new Event('change'));
  }

  /** Whether `kind` is watched here (see {@link setWatching}). */
  watching(kind: TrackKind): boolean {
    return this.watched[kind];
  }

  /**
   * Stops (`false`) or starts again (`true`) playing one track here, whatever its sender
   * does: not watched, its frames are dropped and its player stops (its state is `off`);
   * watched again, a fresh player waits for the stream's start (`loading`), which the relay
   * sends at once from its cache once told (the session's `watch`).
   */
  setWatching(kind: TrackKind, on: boolean): void {
    if (this.watched[kind] === on) return;
    this.watched[kind] = on;
    if (on) {
      this.players[kind].dispose();
      this.players[kind] = this.createPlayer(kind, this.participant[kind] ?? '');
    } else {
      this.players[kind].stop();
    }
    this.dispatchEvent(new Event('change'));
  }

  /** Follows the participant's signaled state: off stops the player at once. */
  update(participant: Participant): void {
    this.participant = participant;
    const was = { ...this.on };
    // Reconnecting, nothing of theirs arrives: nothing is shown as if it were live.
    const here = !participant.reconnecting;
    this.on.video = here && participant.camera;
    this.on.audio = here && participant.mic;
    this.on.screen = here && (participant.sharing ?? false);
    this.on.screenAudio = this.on.screen && !!participant.screenAudio;
    for (const kind of TRACK_KINDS) {
      const mime = participant[kind];
      if (mime) this.setMime(kind, mime);
      if (!this.on[kind]) this.players[kind].stop();
    }
    if (was.video !== this.on.video || was.screen !== this.on.screen) this.dispatchEvent(new Event('change'));
  }

  /**
   * What the player of `kind` has done so far, for a stats overlay (take two samples a second
   * apart for rates): bytes received, frames presented and dropped by the element, and how
   * far behind live it plays (ms).
   */
  sample(kind: 'video' | 'screen'): MediaSample {
    const el = kind === 'video' ? this.video : this.screen;
    const quality = typeof el.getVideoPlaybackQuality === 'function' ? el.getVideoPlaybackQuality() : undefined;
    return {
      bytes: this.received[kind],
      frames: quality?.totalVideoFrames ?? 0,
      dropped: quality?.droppedVideoFrames ?? 0,
      lag: Math.round(this.players[kind].lag * 1000),
    };
  }

  /** Routes a frame to the track's player (frames of an off or unwatched track are dropped). */
  push(frame: MediaFrameMessage): void {
    if (!this.on[frame.track] || !this.watched[frame.track]) return;
    this.received[frame.track] += frame.payload.byteLength;
    this.players[frame.track].push({ epoch: frame.epoch, seq: frame.seq, init: frame.init, keyframe: frame.keyframe, data: frame.payload });
  }

  private stateOf(kind: 'video' | 'screen'): VideoState {
    if (!this.on[kind] || !this.watched[kind]) return 'off';
    const state = this.players[kind].state;
    return state === 'playing' || state === 'error' ? state : 'loading';
  }

  private createPlayers(): Record<TrackKind, Player> {
    return { video: this.createPlayer('video', ''), audio: this.createPlayer('audio', ''), screen: this.createPlayer('screen', ''), screenAudio: this.createPlayer('screenAudio', '') };
  }

  /**
   * A player for `kind`, of the renderer the choice and the announced `mime` call for:
   * `auto` takes WebCodecs where it decodes into generated tracks and the stream is WebM (a Safari
   * sender's MP4 goes to MSE).
   */
  private createPlayer(kind: TrackKind, mime: string): Player {
    const element = { video: this.video, audio: this.audio, screen: this.screen, screenAudio: this.screenAudio }[kind];
    const media: 'video' | 'audio' = isSound(kind) ? 'audio' : 'video';
    const options = { kind: media, ...(this.options.latency !== undefined && { targetLatency: this.options.latency }) };
    const webCodecs = this.wantsWebCodecs(media, mime);
    // WebCodecs sound goes through the page's one audio context rather than an element of its own.
    const output = webCodecs && media === 'audio' ? this.outputNode() : undefined;
    const player = webCodecs ? new WebCodecsPlayer(element, { ...options, ...(output && { output }) }) : new MsePlayer(element, options);
    player.mimeType = mime;
    player.addEventListener('keyframeneeded', () => this.options.requestKeyframe(kind));
    player.addEventListener('error', (e) => {
      if (media !== 'video' || !(e instanceof PlayerErrorEvent)) return;
      this.failures[kind === 'screen' ? 'screen' : 'video'] = { reason: e.reason, message: e.message };
    });
    player.addEventListener('statechange', () => media === 'video' && this.dispatchEvent(new Event('change')));
    return player;
  }

  /** This person's node in the page's audio context (made on first use), or none where there is no Web Audio. */
  private outputNode(): GainNode | undefined {
    if (this.gain || typeof AudioContext === 'undefined') return this.gain;
    const context = acquireAudio();
    this.gain = context.createGain();
    this.gain.gain.value = this.silenced ? 0 : this.level;
    this.gain.connect(context.destination);
    return this.gain;
  }

  /** Puts the volume and mute on the person's node and elements. */
  private applyLevel(): void {
    const level = this.silenced ? 0 : this.level;
    for (const el of [this.audio, this.screenAudio]) {
      // Louder than sent: the element plays through the person's node from now on.
      if (level > 1 && !this.routed.has(el) && this.outputNode()) {
        (this.gain!.context as AudioContext).createMediaElementSource(el).connect(this.gain!);
        this.routed.add(el);
      }
      el.volume = this.routed.has(el) ? 1 : Math.min(1, level);
    }
    if (this.gain) this.gain.gain.value = level;
  }

  /**
   * `webcodecs`: WebCodecs wherever the browser can decode and show it (Chromium, Firefox),
   * else MSE. `auto`: WebCodecs where it was measured better (Chromium's generated tracks) and
   * the stream is WebM; MSE otherwise.
   */
  private wantsWebCodecs(kind: 'video' | 'audio', mime: string): boolean {
    const choice = this.options.renderer ?? 'auto';
    if (choice === 'webcodecs') return canDecode(kind);
    return choice === 'auto' && prefersWebCodecs(kind) && (!mime || webCodecsCanRead(mime));
  }

  /** Sets the announced MIME type; under `auto`, a type the current renderer is wrong for gets the other one. */
  private setMime(kind: TrackKind, mime: string): void {
    const player = this.players[kind];
    if (player.mimeType === mime) return;
    if (this.wantsWebCodecs(isSound(kind) ? 'audio' : 'video', mime) === player instanceof WebCodecsPlayer) {
      player.mimeType = mime;
      return;
    }
    player.dispose();
    this.players[kind] = this.createPlayer(kind, mime);
  }

  /** Releases the players and elements. */
  dispose(): void {
    for (const player of Object.values(this.players)) player.dispose();
    this.video.remove();
    this.audio.remove();
    this.screen.remove();
    this.screenAudio.remove();
    if (this.gain) {
      this.gain.disconnect();
      this.gain = undefined;
      releaseAudio();
    }
  }
}
