import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/all.js';
import { svgAvatar, type SimulatedPerson } from '../src/simulation/index.js';
import { disposeRoom, provideRoom, simulatedRoom } from './support.js';

/** The participant shown, and how the tile is placed. */
interface TileArgs {
  /** Display name. */
  name: string;
  /** Avatar image URL; empty shows initials. */
  avatar: string;
  camera: boolean;
  mic: boolean;
  speaking: boolean;
  /** The video is announced in a format the player cannot play. */
  error: boolean;
  /** The camera is on but no video arrives. */
  stalled: boolean;
  /** Show the local participant (your own preview) instead of a remote one. */
  local: boolean;
  /** Your device error, shown on your tile (local only). */
  localError: string;
  /** Attribute: how long the speaking ring stays after speech ends, ms. */
  'speaking-delay': number;
  /** Tile width, px. */
  width: number;
}

const meta: Meta<TileArgs> = {
  title: 'meet-tile',
  component: 'meet-tile',
  beforeEach: disposeRoom,
  args: {
    name: 'Ada Lovelace',
    avatar: '',
    camera: true,
    mic: true,
    speaking: false,
    error: false,
    stalled: false,
    local: false,
    localError: '',
    'speaking-delay': 300,
    width: 480,
  },
  argTypes: {
    width: { control: { type: 'range', min: 160, max: 960, step: 10 } },
  },
  parameters: {
    // The story picks the participant: the simulated room assigns ids.
    controls: { exclude: ['participant-id', 'participant'] },
    docs: {
      description: {
        component:
          'Tiles here sit in a simulated room (`src/simulation/`): remote video is a canvas recorded by MediaRecorder and played by the real MSE player.',
      },
    },
  },
  render: (args, context) => {
    const person: SimulatedPerson = {
      name: args.name,
      ...(args.avatar && { avatar: args.avatar }),
      camera: args.camera,
      mic: args.mic,
      speaking: args.speaking,
      error: args.error,
      stalled: args.stalled,
    };
    const big = { width: 640, height: 360 };
    const room = args.local
      ? simulatedRoom(context, { self: person, camera: big })
      : simulatedRoom(context, { self: { name: 'You', camera: false, mic: false }, participants: [person], cameras: 2, camera: big });
    if (args.local && args.localError) room.setLocalError('camera', args.localError);
    const id = args.local ? room.self!.id : room.participants[1]!.id;
    return provideRoom(
      room,
      html`<meet-tile participant-id=${id} speaking-delay=${args['speaking-delay']} style="width: ${args.width}px"></meet-tile>`,
    );
  },
};

export default meta;
type Story = StoryObj<TileArgs>;

/** Camera off: the avatar picture. */
export const Avatar: Story = { args: { name: 'Grace Hopper', camera: false, avatar: svgAvatar(280) } };

/** Camera on, no frame yet: a spinner over the avatar (here the video never arrives). */
export const Loading: Story = { args: { stalled: true } };

/** Camera on: the participant's video, played from MSE. */
export const Video: Story = {};

/** Speaking: the green ring. */
export const Speaking: Story = { args: { speaking: true } };

/** Microphone off: the mic-off icon by the name; camera off shows initials. */
export const Muted: Story = { args: { name: 'Alan Turing', mic: false, camera: false } };

/** The video cannot be played: the player's reason over the avatar. */
export const VideoError: Story = { name: 'Error', args: { error: true } };

/** You, with your camera on: the mirrored local preview. */
export const Local: Story = { args: { name: 'You', local: true } };

/** You, after the camera could not be turned on. */
export const LocalError: Story = { args: { name: 'You', local: true, camera: false, localError: 'Camera permission denied' } };
