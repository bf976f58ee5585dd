import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/meet-prejoin/meet-prejoin.js';
import type { DeviceRoom } from '../src/context/room-context.js';
import { DeviceList, type DeviceChoice } from '../src/devices/device-list.js';
import type { DeviceChoices } from '../src/devices/preferences.js';
import { DARK_TOKENS } from './support.js';

/** Your real devices, listed and chosen here only: nothing joins anything. */
function localDevices(): DeviceRoom {
  const list = new DeviceList();
  const changes = new EventTarget();
  list.addEventListener('change', () => changes.dispatchEvent(new Event('change')));
  let chosen: DeviceChoices = {};
  return {
    changes,
    get devices() {
      return list.devices;
    },
    get activeDevices() {
      return chosen;
    },
    async useDevice(kind: DeviceChoice, deviceId: string) {
      chosen = { ...chosen, [kind]: deviceId };
      changes.dispatchEvent(new Event('change'));
    },
    refreshDevices: () => list.refresh(),
  };
}

/** What the pre-join screen starts with. */
interface PrejoinArgs {
  /** The name in the field. */
  name: string;
  /** Whether the camera starts on. */
  camera: boolean;
  /** Whether the microphone starts on. */
  mic: boolean;
  /** Why the screen shows again (after leaving, after a failed join). */
  message: string;
}

const meta: Meta<PrejoinArgs> = {
  title: 'meet-prejoin',
  component: 'meet-prejoin',
  args: { name: 'Ada Lovelace', camera: true, mic: true, message: '' },
  parameters: {
    layout: 'centered',
    docs: {
      description: {
        component:
          'What `<meet-room prejoin>` shows before joining. The preview and the device menus use your real camera, microphone and speakers (your browser asks first); nothing is sent anywhere.',
      },
    },
  },
  render: (args) => {
    return html`<meet-prejoin
      style="${DARK_TOKENS}; width: 820px; height: 480px"
      .room=${localDevices()}
      .name=${args.name}
      .camera=${args.camera}
      .mic=${args.mic}
      .message=${args.message}
    ></meet-prejoin>`;
  },
};

export default meta;
type Story = StoryObj<PrejoinArgs>;

/** Camera and microphone on: the mirrored preview and the level meter. */
export const Ready: Story = {};

/** Camera off: your initials instead of the preview. */
export const CameraOff: Story = { args: { camera: false } };

/** No name yet: Join waits for one. */
export const NoName: Story = { args: { name: '' } };

/** Back after leaving: the screen says why it shows again. */
export const AfterLeaving: Story = { args: { message: 'You left the meeting.' } };

/** A camera that cannot be opened (a chosen one that is gone): what happened, what to do, and Try again. */
export const CameraError: Story = {
  render: (args) => {
    const room = localDevices();
    void room.useDevice!('camera', 'a-camera-unplugged-since');
    return html`<meet-prejoin style="${DARK_TOKENS}; width: 820px; height: 480px" .room=${room} .name=${args.name} .camera=${true} .mic=${false}></meet-prejoin>`;
  },
};
