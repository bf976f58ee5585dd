import type { MediaFrameMessage, Participant, TrackKind } from '../protocol/index.js';
import { MediaPlayer, PlayerErrorEvent } from './player/index.js';

/** What a remote participant's video shows: nothing, a loading state, frames, or an error. */
export type VideoState = 'off' | 'loading' | 'playing' | 'error';

/** Options shared by every remote participant's players. */
export interface RemoteMediaOptions {
  /** Target lag behind the live edge, seconds. */
  latency?: number;
  /** Asks the sender for a keyframe on a track. */
  requestKeyframe(track: TrackKind): void;
}

/**
 * One remote participant's media: a <video> and an <audio> element, each fed by its own
 * MSE player (a stopped camera never stalls sound). Owned by the session, not by a tile,
 * so a tile that moves in the DOM never tears playback down. Fires `change` when the
 * video state changes.
 */
export class RemoteMedia extends EventTarget {
  /** The element the participant's video plays in (adopt it into a tile). */
  readonly video: HTMLVideoElement;
  /** The element the participant's sound plays in. */
  readonly audio: HTMLAudioElement;
  private players: Record<TrackKind, MediaPlayer>;
  private participant: Participant;
  private camera = false;
  private mic = false;
  private reason = '';

  constructor(
    participant: Participant,
    private readonly options: RemoteMediaOptions,
  ) {
    super();
    this.video = document.createElement('video');
    this.video.muted = true; // sound comes from the audio element
    this.video.playsInline = true;
    this.video.autoplay = true;
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.participant = participant;
    this.players = this.createPlayers();
    this.update(participant);
  }

  /** The video's state: `off` the moment the camera is signaled off, `playing` once frames decode. */
  get videoState(): VideoState {
    if (!this.camera) return 'off';
    const state = this.players.video.state;
    return state === 'playing' || state === 'error' ? state : 'loading';
  }

  /** A short readable reason when `videoState` is `error`. */
  get errorReason(): string {
    return this.reason;
  }

  /**
   * Starts both players over, on the same elements: after a reconnect the stream resumes
   * from an init frame of any epoch, even the one that was playing. Until then the video
   * is `loading` (when the camera is on).
   */
  reset(): void {
    this.players.video.dispose();
    this.players.audio.dispose();
    this.reason = '';
    this.players = this.createPlayers();
    this.update(this.participant);
    this.dispatchEvent(new Event('change'));
  }

  /** Follows the participant's signaled state: off stops the player at once. */
  update(participant: Participant): void {
    this.participant = participant;
    const wasCamera = this.camera;
    this.camera = participant.camera;
    this.mic = participant.mic;
    if (participant.video) this.players.video.mimeType = participant.video;
    if (participant.audio) this.players.audio.mimeType = participant.audio;
    if (!this.camera) this.players.video.stop();
    if (!this.mic) this.players.audio.stop();
    if (wasCamera !== this.camera) this.dispatchEvent(new Event('change'));
  }

  /** Routes a frame to the track's player (frames of an off track are dropped). */
  push(frame: MediaFrameMessage): void {
    if (frame.track === 'video' ? !this.camera : !this.mic) return;
    this.players[frame.track].push({ epoch: frame.epoch, seq: frame.seq, init: frame.init, keyframe: frame.keyframe, data: frame.payload });
  }

  private createPlayers(): Record<TrackKind, MediaPlayer> {
    const latency = this.options.latency === undefined ? {} : { targetLatency: this.options.latency };
    const players = {
      video: new MediaPlayer(this.video, { kind: 'video', ...latency }),
      audio: new MediaPlayer(this.audio, { kind: 'audio', ...latency }),
    };
    for (const [kind, player] of Object.entries(players) as [TrackKind, MediaPlayer][]) {
      player.addEventListener('keyframeneeded', () => this.options.requestKeyframe(kind));
      player.addEventListener('error', (e) => {
        if (kind === 'video' && e instanceof PlayerErrorEvent) {
          this.reason = e.reason === 'unsupported' ? `unsupported video format (${e.message})` : 'video could not be decoded';
        }
      });
      player.addEventListener('statechange', () => kind === 'video' && this.dispatchEvent(new Event('change')));
    }
    return players;
  }

  /** Releases both players and elements. */
  dispose(): void {
    this.players.video.dispose();
    this.players.audio.dispose();
    this.video.remove();
    this.audio.remove();
  }
}
