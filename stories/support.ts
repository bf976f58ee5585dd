/** What every story shares: one simulated room per story canvas, and a way to hand it to loose elements. */
import { ContextProvider } from '@lit/context';
import { render, type TemplateResult } from 'lit';
import { roomContext } from '../src/context/room-context.js';
import { SimulatedRoom, type SimulatedRoomOptions } from '../src/simulation/index.js';

const rooms = new WeakMap<HTMLElement, SimulatedRoom>();

/** The part of a story context the helpers need: the element the story renders into. */
interface Canvas {
  canvasElement: HTMLElement;
}

/** The dark theme's tokens, for elements shown outside a `<meet-room theme="dark">`. */
export const DARK_TOKENS = [
  '--meet-tile-background: #2b2d31',
  '--meet-color-text: #f2f3f5',
  '--meet-control-background: #2b2d31',
  '--meet-control-background-hover: #3f4147',
  '--meet-control-color: #f2f3f5',
  '--meet-menu-background: #111214',
  'color-scheme: dark',
].join('; ');

/**
 * A new simulated room for this story canvas; the room it had before (args changed) is
 * disposed, and {@link disposeRoom} disposes this one when the story goes away.
 */
export function simulatedRoom(context: Canvas, options: SimulatedRoomOptions): SimulatedRoom {
  rooms.get(context.canvasElement)?.dispose();
  const room = new SimulatedRoom(options);
  rooms.set(context.canvasElement, room);
  return room;
}

/** A `beforeEach` whose cleanup disposes the story's simulated room (cameras, recorders, players). */
export function disposeRoom(context: Canvas): () => void {
  return () => {
    rooms.get(context.canvasElement)?.dispose();
    rooms.delete(context.canvasElement);
  };
}

/**
 * A box that provides `room` through the room context, as `<meet-room>` does, with
 * `content` (tiles, controls) rendered inside it.
 */
export function provideRoom(room: SimulatedRoom, content: TemplateResult, style = ''): HTMLElement {
  const box = document.createElement('div');
  box.style.cssText = `${DARK_TOKENS}; ${style}`;
  new ContextProvider(box, { context: roomContext, initialValue: room });
  render(content, box);
  return box;
}
