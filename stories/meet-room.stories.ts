import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/all.js';
import type { MeetRoom } from '../src/index.js';
import { samplePeople, type SimulatedPerson, type SimulatedRoom } from '../src/simulation/index.js';
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

/** A room element for `room` with the given attributes, sized by the story's args. */
function roomElement(room: SimulatedRoom, args: RoomArgs, attrs: Record<string, string | boolean> = {}): MeetRoom {
  const el = document.createElement('meet-room');
  if (args.theme) el.theme = args.theme;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, '');
    else if (value) el.setAttribute(name, value);
  }
  el.source = room;
  el.style.cssText = `width: ${args.width}px; height: ${args.height}px`;
  return el;
}

/**
 * The speaker layout (`layout="speaker"`): whoever speaks takes the large spot after a moment
 * (here the second person, speaking), the others stay in a strip below, in join order.
 */
export const SpeakerView: Story = {
  args: { participants: 5 },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1).map((p) => ({ ...p, speaking: false })), cameras: args.cameras });
    room.setSpeaking(room.participants[2]!.id, true);
    return roomElement(room, args, { layout: 'speaker' });
  },
};

/** A pinned tile (`pin(id)`, double-click or Enter on a tile) takes the large spot in the grid. */
export const Pinned: Story = {
  args: { participants: 5 },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras });
    const el = roomElement(room, args);
    el.pin(room.participants[3]!.id);
    return el;
  },
};

/**
 * A large room: 25 people. Tiles keep a minimum size and the grid scrolls; tiles out of view
 * stop their video and start again when scrolled back.
 */
export const LargeRoom: Story = { args: { participants: 25, cameras: 4 }, tags: ['!autodocs'] };

/** `hide-self`: your own tile is left out. */
export const HideSelf: Story = {
  args: { participants: 3 },
  render: (args, context) => roomElement(simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras }), args, { 'hide-self': true }),
};

/** Someone's connection dropped: their tile says they are reconnecting (no frozen picture). */
export const Reconnecting: Story = {
  args: { participants: 3 },
  render: (args, context) => {
    const room = simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras });
    room.setReconnecting(room.participants[1]!.id, true);
    return roomElement(room, args);
  },
};

/** Every remote video with its stats (`stats`): bitrate, frame rate, lag behind live, dropped frames. */
export const Stats: Story = {
  args: { participants: 3 },
  render: (args, context) => roomElement(simulatedRoom(context, { self: { name: 'You' }, participants: others(args.participants - 1), cameras: args.cameras }), args, { stats: true }),
};

/** `lang="ko"`: every word in Korean. */
export const Korean: Story = {
  args: { participants: 3 },
  render: (args, context) => roomElement(simulatedRoom(context, { self: { name: '나' }, participants: others(args.participants - 1), cameras: args.cameras }), args, { lang: 'ko' }),
};

/** `lang="ar"`: Arabic, right to left: the grid, the name tags and the controls are mirrored. */
export const Arabic: Story = {
  args: { participants: 3 },
  render: (args, context) => roomElement(simulatedRoom(context, { self: { name: 'أنا' }, participants: others(args.participants - 1), cameras: args.cameras }), args, { lang: 'ar' }),
};
