/**
 * Every word the elements show or say (aria labels included), in one object per language.
 * `<meet-room lang="...">` picks a built-in table (English here; Korean and Arabic load on
 * first use, see `load.ts`), and its `strings` property overrides any of them.
 */
export interface MeetStrings {
  /** Text direction of the language: `rtl` mirrors the layout. */
  dir: 'ltr' | 'rtl';
  /** The locale numbers are written in (`Intl.NumberFormat`). */
  locale: string;
  // The room
  connecting: string;
  reconnecting: string;
  leftMeeting: string;
  joinAgain: string;
  loading: string;
  /** "Camera unplugged" notice: `device` is {@link camera}, {@link microphone} or {@link speaker}; `nowUsing` the label of the one used instead. */
  deviceFellBack(device: string, nowUsing: string | undefined): string;
  stopWatching(name: string): string;
  stopWatchingTitle: string;
  watchScreen(name: string): string;
  joinFailed(detail: string): string;
  connectionLost: string;
  screenDenied: string;
  screenFailed(detail: string): string;
  // Tiles
  participant: string;
  screenOf(name: string): string;
  loadingVideo: string;
  videoFailed: string;
  videoUnsupported(detail: string): string;
  videoUndecodable: string;
  micOff: string;
  /** The tile's menu button: "More for Ada". */
  moreFor(name: string): string;
  volume: string;
  muteForMe: string;
  fullscreen: string;
  pictureInPicture: string;
  /** The tile's tooltip: how to pin it. */
  pinHint: string;
  /** The stats overlay: numbers already formatted for the language. */
  stats(bitrate: string, fps: string, lag: string, dropped: string): string;
  // Announcements (a polite live region)
  announceJoin(name: string): string;
  announceLeave(name: string): string;
  announceCamera(name: string, on: boolean): string;
  announceMic(name: string, on: boolean): string;
  announceScreen(name: string, on: boolean): string;
  // Devices
  camera: string;
  microphone: string;
  speaker: string;
  defaultDevice: string;
  /** An unnamed device (before the page may use devices): "Camera 2". */
  numbered(kind: string, n: number): string;
  noSpeakerChoice: string;
  deviceDenied(device: string): string;
  deviceNotFound(device: string): string;
  deviceInUse(device: string): string;
  deviceError(device: string, detail: string): string;
  // Controls
  meetingControls: string;
  shareScreen: string;
  stopSharing: string;
  shareYourScreen: string;
  deviceSettings: string;
  deviceSettingsTitle: string;
  leave: string;
  /** A button's tooltip with its shortcut: "Camera (Ctrl+E)". */
  withShortcut(label: string, keys: string): string;
  // Pre-join
  beforeYouJoin: string;
  readyToJoin: string;
  yourName: string;
  join: string;
  tryAgain: string;
  openingCamera: string;
  micLevel: string;
  /** Where to allow a blocked device, per browser family (whole sentences). */
  unblock: { chromium: string; firefox: string; safari: string };
  systemBlock(device: string): string;
  hintNotFound(device: string): string;
  hintInUse(device: string): string;
  hintOther(device: string): string;
}

/** English: the default, and the fallback for anything a table or `strings` leaves out. */
export const EN: MeetStrings = {
  dir: 'ltr',
  locale: 'en',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  leftMeeting: 'You left the meeting.',
  joinAgain: 'Join again',
  loading: 'Loading…',
  deviceFellBack: (device, nowUsing) => `The ${device.toLowerCase()} you chose is not available: now using ${nowUsing || `the default ${device.toLowerCase()}`}.`,
  stopWatching: (name) => `Stop watching ${name}'s screen`,
  stopWatchingTitle: 'Stop watching',
  watchScreen: (name) => `Watch ${name}'s screen`,
  joinFailed: (detail) => `Could not join the room: ${detail}`,
  connectionLost: 'The connection to the room was closed',
  screenDenied: 'Screen sharing was cancelled or is not allowed',
  screenFailed: (detail) => `Screen sharing failed: ${detail}`,
  participant: 'Participant',
  screenOf: (name) => `${name}'s screen`,
  loadingVideo: 'Loading video',
  videoFailed: 'Video cannot be played',
  videoUnsupported: (detail) => `unsupported video format (${detail})`,
  videoUndecodable: 'video could not be decoded',
  micOff: 'Microphone off',
  moreFor: (name) => `More for ${name}`,
  volume: 'Volume',
  muteForMe: 'Mute for me',
  fullscreen: 'Full screen',
  pictureInPicture: 'Picture in picture',
  pinHint: 'Double-click or Enter: pin to the large spot',
  stats: (bitrate, fps, lag, dropped) => `${bitrate} · ${fps} fps · ${lag} behind · ${dropped} dropped`,
  announceJoin: (name) => `${name} joined`,
  announceLeave: (name) => `${name} left`,
  announceCamera: (name, on) => `${name} turned their camera ${on ? 'on' : 'off'}`,
  announceMic: (name, on) => `${name} turned their microphone ${on ? 'on' : 'off'}`,
  announceScreen: (name, on) => `${name} ${on ? 'started' : 'stopped'} sharing their screen`,
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
  defaultDevice: 'Default',
  numbered: (kind, n) => `${kind} ${n}`,
  noSpeakerChoice: "Sound plays on your system's output: this browser cannot choose another.",
  deviceDenied: (device) => `${device} permission denied`,
  deviceNotFound: (device) => `No ${device.toLowerCase()} found`,
  deviceInUse: (device) => `${device} is in use by another app`,
  deviceError: (device, detail) => (detail ? `${device} error: ${detail}` : `${device} error`),
  meetingControls: 'Meeting controls',
  shareScreen: 'Share screen',
  stopSharing: 'Stop sharing',
  shareYourScreen: 'Share your screen',
  deviceSettings: 'Device settings',
  deviceSettingsTitle: 'Camera, microphone and speaker',
  leave: 'Leave',
  withShortcut: (label, keys) => `${label} (${keys})`,
  beforeYouJoin: 'Before you join',
  readyToJoin: 'Ready to join?',
  yourName: 'Your name',
  join: 'Join',
  tryAgain: 'Try again',
  openingCamera: 'Opening the camera',
  micLevel: 'Microphone level',
  unblock: {
    chromium: 'Click the camera icon (or the site settings icon) in the address bar, allow the camera and microphone, then try again.',
    firefox: 'Click the crossed-out camera or microphone icon in the address bar and clear the block, then try again.',
    safari: 'Open Safari › Settings for This Website and set Camera and Microphone to Allow, then try again.',
  },
  systemBlock: (device) => `If it stays blocked, your system may block the browser: on macOS, System Settings › Privacy & Security › ${device}; on Windows, Settings › Privacy & security › ${device}.`,
  hintNotFound: (device) => `No ${device.toLowerCase()} is connected, or the one chosen is gone: plug one in or pick another below, or join without it.`,
  hintInUse: (device) => `Another app or tab is using the ${device.toLowerCase()}: close it (another call, the camera app), then try again.`,
  hintOther: (device) => `Try again, or pick another ${device.toLowerCase()} below.`,
};
