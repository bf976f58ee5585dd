import type { DeviceErrorCode } from '../events/error.js';
import { EN, type MeetStrings } from '../i18n/strings.js';

/** The browser families whose permission settings look different. */
type Family = keyof MeetStrings['unblock'];

function family(ua: string): Family {
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Safari\//.test(ua) && !/Chrome\/|Chromium\//.test(ua)) return 'safari';
  return 'chromium';
}

/**
 * What a person can do about a device that could not be used, in their browser and in `t`'s
 * language: where to allow it, or what to close or plug in. `device` is its name ("Camera").
 */
export function deviceHint(code: DeviceErrorCode, device: string, t: MeetStrings = EN, ua = typeof navigator === 'undefined' ? '' : navigator.userAgent): string {
  if (code.endsWith('-denied')) return `${t.unblock[family(ua)]} ${t.systemBlock(device)}`;
  if (code.endsWith('-not-found')) return t.hintNotFound(device);
  if (code.endsWith('-in-use')) return t.hintInUse(device);
  return t.hintOther(device);
}
