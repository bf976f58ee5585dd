import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/all.js';
import { samplePeople, type SimulatedPerson } from '../src/simulation/index.js';
import { disposeRoom, simulatedRoom } from './support.js';

/** The simulated room shown, and the box it fills. */
interface RoomArgs {
  /** How many people, you included. */
  participants: number;
  /** Fake cameras the remote participants share (each is a canvas and a video encoder). */
  cameras: number;
  /** Attribute: `dark`, `light`, or empty to follow the system. */
  theme: '' | 'dark' | 'light';
  /** Room width, px. */
  width: number;
  /** Room height, px. */
  height: number;
}

/** A lively mix: some cameras off, some microphones off, the first one speaking. */
function others(count: number): SimulatedPerson[] {
  return samplePeople(count).map((p, i) => ({ ...p, camera: i % 5 !== 2, mic: i % 3 !== 2, speaking: i === 0 }));
}

const meta: Meta<RoomArgs> = {
  title: 'meet-room',
  component: 'meet-room',
  beforeEach: disposeRoom,
  args: { participants: 4, cameras: 4, theme: 'dark', width: 960, height: 540 },
  argTypes: {
    participants: { control: { type: 'range', min: 1, max: 16, step: 1 } },
    cameras: { control: { type: 'range', min: 1, max: 16, step: 1 } },
    theme: { control: 'inline-radio', options: ['', 'dark', 'light'] },
    width: { control: { type: 'range', min: 280, max: 1600, step: 10 } },
    height: { control: { type: 'range', min: 240, max: 1000, step: 10 } },
  },
  parameters: {
    layout: 'centered',
    controls: { exclude: ['server', 'room', 'name', 'avatar', 'latency', 'camera', 'mic', 'source'] },
    docs: {
      description: {
        component:
          'These rooms are simulated (`src/simulation/`, given to `<meet-room>` as `source`): no server, and every remote tile plays a canvas recorded by MediaRecorder through the real MSE player.',
      },
    },
  },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras });
    return html`<meet-room
      theme=${ifDefined(args.theme || undefined)}
      .source=${room}
      style="width: ${args.width}px; height: ${args.height}px"
    ></meet-room>`;
  },
};

export default meta;
type Story = StoryObj<RoomArgs>;

/** Alone in the room: your own preview fills it. */
export const One: Story = { args: { participants: 1 } };

/** Two people side by side. */
export const Two: Story = { args: { participants: 2 } };

/** Four people in a 2x2 grid. */
export const Four: Story = {};

/** Nine people in a 3x3 grid. */
export const Nine: Story = { args: { participants: 9 }, tags: ['!autodocs'] };

/** Sixteen people sharing four cameras (each tile still has its own MSE player). */
export const Sixteen: Story = { args: { participants: 16 }, tags: ['!autodocs'] };

/** A phone-shaped room: tiles stack in one column. */
export const Narrow: Story = { args: { participants: 4, width: 360, height: 640 }, tags: ['!autodocs'] };

/** A wide, short room: tiles in one row. */
export const Wide: Story = { args: { participants: 4, width: 1400, height: 360 }, tags: ['!autodocs'] };

/** Light theme. */
export const Light: Story = { args: { participants: 2, theme: 'light' }, tags: ['!autodocs'] };

/**
 * Someone shares their screen: it takes the large spot above everyone's tiles, in a
 * `<meet-tile kind="screen">` (a wide fake screen, played through the real player).
 */
export const ScreenShare: Story = {
  args: { participants: 3 },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras });
    room.setSharing(room.participants[1]!.id, true);
    return html`<meet-room theme=${ifDefined(args.theme || undefined)} .source=${room} style="width: ${args.width}px; height: ${args.height}px"></meet-room>`;
  },
};

/**
 * You stopped watching someone's shared screen (the ✕ on it, or `hideScreen(id)`): a "Watch"
 * button takes its place, for you alone, and their screen is neither received nor decoded.
 */
export const ScreenHidden: Story = {
  args: { participants: 3 },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras });
    const sharer = room.participants[1]!.id;
    room.setSharing(sharer, true);
    const el = document.createElement('meet-room');
    if (args.theme) el.theme = args.theme;
    el.source = room;
    el.style.cssText = `width: ${args.width}px; height: ${args.height}px`;
    void el.updateComplete.then(() => el.hideScreen(sharer));
    return el;
  },
};
