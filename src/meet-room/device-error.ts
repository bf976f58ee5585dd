import type { DeviceErrorCode } from '../events/error.js';
import type { DeviceKind } from '../protocol/index.js';

/** A device's word in error codes and messages (`microphone-denied`, "Microphone error"). */
const DEVICE_WORD: Readonly<Record<DeviceKind, 'camera' | 'microphone'>> = { camera: 'camera', mic: 'microphone' };

/** A failed device change as a `meet-error` code and a message for people. */
export interface DeviceError {
  code: DeviceErrorCode;
  message: string;
}

/** Names getUserMedia's DOMExceptions (from `cause.name`) so the user knows what to do about them. */
export function describeDeviceError(device: DeviceKind, cause: unknown): DeviceError {
  const name = cause instanceof Error ? cause.name : '';
  const word = DEVICE_WORD[device];
  const label = word === 'camera' ? 'Camera' : 'Microphone';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: `${word}-denied`, message: `${label} permission denied` };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: `${word}-not-found`, message: `No ${word} found` };
    case 'NotReadableError':
    case 'AbortError':
      return { code: `${word}-in-use`, message: `${label} is in use by another app` };
    default: {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return { code: `${word}-error`, message: detail ? `${label} error: ${detail}` : `${label} error` };
    }
  }
}
