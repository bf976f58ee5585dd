import type { DeviceErrorCode } from '../events/error.js';
import { EN, type MeetStrings } from '../i18n/strings.js';
import type { DeviceKind } from '../protocol/index.js';

/** A device's word in error codes and messages (`microphone-denied`, "Microphone error"). */
const DEVICE_WORD: Readonly<Record<DeviceKind, 'camera' | 'microphone'>> = { camera: 'camera', mic: 'microphone' };

/** A failed device change as a `meet-error` code and a message for people. */
export interface DeviceError {
  code: DeviceErrorCode;
  message: string;
}

/** The name of a device in `t`'s language ("Camera", "카메라"). */
export function deviceLabel(device: DeviceKind, t: MeetStrings): string {
  return device === 'camera' ? t.camera : t.microphone;
}

/**
 * Names getUserMedia's DOMExceptions (from `cause.name`) so the user knows what to do about
 * them, in `t`'s language (the code stays English: it is for programs).
 */
export function describeDeviceError(device: DeviceKind, cause: unknown, t: MeetStrings = EN): DeviceError {
  const name = cause instanceof Error ? cause.name : '';
  const word = DEVICE_WORD[device];
  const label = deviceLabel(device, t);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: `${word}-denied`, message: t.deviceDenied(label) };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: `${word}-not-found`, message: t.deviceNotFound(label) };
    case 'NotReadableError':
    case 'AbortError':
      return { code: `${word}-in-use`, message: t.deviceInUse(label) };
    default: {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return { code: `${word}-error`, message: t.deviceError(label, detail) };
    }
  }
}
