import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaSample, RemoteMedia } from '../core/remote-media.js';
import type { MeetStrings } from '../i18n/strings.js';

/** What the stats overlay watches now (nothing while it is off or the video does not play). */
export interface StatsSource {
  media: RemoteMedia | undefined;
  kind: 'video' | 'screen';
  t: MeetStrings;
}

/**
 * The stats overlay's line, from the player's own counters sampled once a second: the
 * incoming bitrate, the frames presented per second, how far behind live the video plays,
 * and the frames dropped in that second, in the room's language and number format.
 */
export class StatsController implements ReactiveController {
  /** The line to show ('' until two samples exist). */
  text = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: { sample: MediaSample; at: number; media: RemoteMedia } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => StatsSource | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const on = !!this.source()?.media;
    if (on && !this.timer) this.timer = setInterval(() => this.tick(), 1000);
    if (!on) this.stop();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.last = undefined;
    this.text = '';
  }

  private tick(): void {
    const source = this.source();
    if (!source?.media) return this.stop();
    const { media, kind, t } = source;
    const sample = media.sample(kind);
    const at = performance.now();
    const last = this.last?.media === media ? this.last : undefined;
    this.last = { sample, at, media };
    if (!last) return;
    const seconds = (at - last.at) / 1000;
    const number = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 });
    const kbps = ((sample.bytes - last.sample.bytes) * 8) / 1000 / seconds;
    const bitrate = kbps >= 1000 ? `${number.format(kbps / 1000)} Mbps` : `${number.format(Math.round(kbps))} kbps`;
    const fps = number.format(Math.round((sample.frames - last.sample.frames) / seconds));
    const lag = new Intl.NumberFormat(t.locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short' }).format(sample.lag);
    const dropped = number.format(sample.dropped - last.sample.dropped);
    this.text = t.stats(bitrate, fps, lag, dropped);
    this.host.requestUpdate();
  }
}
