import type { DeviceErrorCode } from '../events/error.js';

/** The browser families whose permission settings look different. */
type Family = 'firefox' | 'safari' | 'chromium';

function family(ua: string): Family {
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Safari\//.test(ua) && !/Chrome\/|Chromium\//.test(ua)) return 'safari';
  return 'chromium';
}

/** Where each browser family lets a page have the camera and microphone again. */
const UNBLOCK: Readonly<Record<Family, string>> = {
  chromium: 'Click the camera icon (or the site settings icon) in the address bar, allow the camera and microphone',
  firefox: 'Click the crossed-out camera or microphone icon in the address bar and clear the block',
  safari: 'Open Safari › Settings for This Website and set Camera and Microphone to Allow',
};

/**
 * What a person can do about a device that could not be used, in their browser: where to
 * allow it, or what to close or plug in. `device` is the word for it ("camera", "microphone").
 */
export function deviceHint(code: DeviceErrorCode, device: string, ua = typeof navigator === 'undefined' ? '' : navigator.userAgent): string {
  if (code.endsWith('-denied')) {
    return `${UNBLOCK[family(ua)]}, then try again. If it stays blocked, your system may block the browser: on macOS, System Settings › Privacy & Security › ${device === 'camera' ? 'Camera' : 'Microphone'}; on Windows, Settings › Privacy & security › ${device === 'camera' ? 'Camera' : 'Microphone'}.`;
  }
  if (code.endsWith('-not-found')) return `No ${device} is connected, or the one chosen is gone: plug one in or pick another below, or join without it.`;
  if (code.endsWith('-in-use')) return `Another app or tab is using the ${device}: close it (another call, the camera app), then try again.`;
  return `Try again, or pick another ${device} below.`;
}
