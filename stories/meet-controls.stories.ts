import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/all.js';
import { DARK_TOKENS, disposeRoom, provideRoom, simulatedRoom } from './support.js';

/** The local state the buttons show. */
interface ControlsArgs {
  /** Your camera is on. */
  camera: boolean;
  /** Your microphone is on. */
  mic: boolean;
  /** A device change in progress: its button is disabled. */
  pending: 'none' | 'camera' | 'mic';
  /** In the room; after leaving every button is disabled. */
  joined: boolean;
  /** Attribute: the id of the `<meet-room>` to control (used by "For a room elsewhere"). */
  for: string;
}

const meta: Meta<ControlsArgs> = {
  title: 'meet-controls',
  component: 'meet-controls',
  beforeEach: disposeRoom,
  args: { camera: true, mic: true, pending: 'none', joined: true, for: '' },
  argTypes: {
    pending: { control: 'inline-radio', options: ['none', 'camera', 'mic'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The buttons act on a simulated room (`src/simulation/`): a change takes 600 ms, during which its button is disabled. Ctrl/Cmd+E and Ctrl/Cmd+D work too.',
      },
    },
  },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You', camera: args.camera, mic: args.mic }, deviceDelay: 600 });
    if (args.pending !== 'none') room.setPending(args.pending, true);
    if (!args.joined) room.leave();
    return provideRoom(room, html`<meet-controls for=${args.for}></meet-controls>`);
  },
};

export default meta;
type Story = StoryObj<ControlsArgs>;

/** Camera and microphone on. */
export const On: Story = {};

/** Camera off. */
export const CameraOff: Story = { args: { camera: false } };

/** Microphone off. */
export const MicOff: Story = { args: { mic: false } };

/** Both off. */
export const Off: Story = { args: { camera: false, mic: false } };

/** Turning the camera on or off: the camera button is disabled until it is done. */
export const CameraPending: Story = { args: { pending: 'camera' } };

/** Turning the microphone on or off: the microphone button is disabled until it is done. */
export const MicPending: Story = { args: { pending: 'mic' } };

/** Not in a room (left): every button is disabled. */
export const Disabled: Story = { args: { joined: false } };

/** Controls outside the room, pointed at it with `for`; the room's own controls are replaced by an empty slot. */
export const ForARoomElsewhere: Story = {
  args: { for: 'story-room' },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You', camera: args.camera, mic: args.mic }, participants: [{ name: 'Ada Lovelace' }], deviceDelay: 600 });
    return html`<div style="display: grid; gap: 12px; justify-items: center; ${DARK_TOKENS}">
      <meet-room id="story-room" theme="dark" .source=${room} style="width: 640px; height: 300px"><span slot="controls"></span></meet-room>
      <meet-controls for=${args.for}></meet-controls>
    </div>`;
  },
};

/**
 * The device settings menu, open: the simulated room's cameras, microphones and speakers (a
 * choice takes 600 ms, then the menu shows it). Escape or a click elsewhere closes it.
 */
export const DeviceMenu: Story = {
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You', camera: args.camera, mic: args.mic }, deviceDelay: 600 });
    const box = provideRoom(room, html`<meet-controls></meet-controls>`, 'padding-top: 260px');
    const controls = box.querySelector('meet-controls')!;
    void controls.updateComplete.then(() => controls.shadowRoot!.querySelector<HTMLButtonElement>('[part~="settings-button"]')!.click());
    return box;
  },
};
