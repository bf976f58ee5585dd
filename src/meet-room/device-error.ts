/** Which local device failed. */
export type Device = 'camera' | 'microphone';

/** A failed device change as a `meet-error` code and a message for people. */
export interface DeviceError {
  code: string;
  message: string;
}

const LABEL: Record<Device, string> = { camera: 'Camera', microphone: 'Microphone' };

/** Names getUserMedia's DOMExceptions so the user knows what to do about them. */
export function describeDeviceError(device: Device, error: unknown): DeviceError {
  const name = error instanceof Error ? error.name : '';
  const label = LABEL[device];
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: `${device}-denied`, message: `${label} permission denied` };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: `${device}-not-found`, message: `No ${device} found` };
    case 'NotReadableError':
    case 'AbortError':
      return { code: `${device}-in-use`, message: `${label} is in use by another app` };
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return { code: `${device}-error`, message: detail ? `${label} error: ${detail}` : `${label} error` };
    }
  }
}
