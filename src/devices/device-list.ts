/** What a person picks in a device menu: a camera, a microphone, or where sound plays. */
export type DeviceChoice = 'camera' | 'mic' | 'speaker';

/** One camera, microphone or speaker, as `enumerateDevices()` lists it. */
export interface MeetDevice {
  /** The id to pass to `useCamera`, `useMic` or `useSpeaker`. */
  readonly deviceId: string;
  /** The device's name; empty until the page may use a camera or microphone (the browser hides it before). */
  readonly label: string;
  /** Devices of one piece of hardware (a headset's microphone and speaker) share it. */
  readonly groupId: string;
}

/** The devices of this browser, by what they are for. */
export interface MeetDevices {
  readonly cameras: readonly MeetDevice[];
  readonly microphones: readonly MeetDevice[];
  /** Where sound can play; empty where the browser cannot choose (no `setSinkId`: Safari). */
  readonly speakers: readonly MeetDevice[];
}

/** No devices (before the first listing, or where the page has no `mediaDevices`). */
export const NO_DEVICES: MeetDevices = Object.freeze({ cameras: [], microphones: [], speakers: [] });

/** Whether this browser can choose where media elements play (`setSinkId`: Chromium, Firefox; not Safari). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

const KIND_OF: Readonly<Record<MediaDeviceKind, keyof MeetDevices>> = { videoinput: 'cameras', audioinput: 'microphones', audiooutput: 'speakers' };

/**
 * The page's cameras, microphones and speakers, kept current: listed on `refresh()` and
 * again on every `devicechange` while {@link DeviceList.watch} is on. Fires `change` when
 * the list differs from the last one (a device plugged in or out, or names revealed once
 * the page may use a camera or microphone).
 */
export class DeviceList extends EventTarget {
  private list: MeetDevices = NO_DEVICES;
  private key = '';
  private watching = false;

  /** The devices as last listed. */
  get devices(): MeetDevices {
    return this.list;
  }

  /** Lists the devices now; fires `change` if they differ. */
  async refresh(): Promise<MeetDevices> {
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!media?.enumerateDevices) return this.list;
    let found: MediaDeviceInfo[];
    try {
      found = await media.enumerateDevices();
    } catch {
      return this.list; // a document that is not fully active: keep what we had
    }
    const next: Record<keyof MeetDevices, MeetDevice[]> = { cameras: [], microphones: [], speakers: [] };
    const speakers = canChooseSpeaker();
    for (const { kind, deviceId, label, groupId } of found) {
      // Before permission Chromium lists one nameless device of each kind with an empty id.
      if (!deviceId || (kind === 'audiooutput' && !speakers)) continue;
      next[KIND_OF[kind]].push({ deviceId, label, groupId });
    }
    const key = JSON.stringify(next);
    if (key !== this.key) {
      this.key = key;
      this.list = next;
      this.dispatchEvent(new Event('change'));
    }
    return this.list;
  }

  /** Follows `devicechange` while `on` (the element using it is in the page). */
  watch(on: boolean): void {
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (on === this.watching || !media) return;
    this.watching = on;
    if (on) media.addEventListener('devicechange', this.onDeviceChange);
    else media.removeEventListener('devicechange', this.onDeviceChange);
  }

  private readonly onDeviceChange = (): void => {
    void this.refresh();
  };
}
