/** Helpers for the element tests: find tiles, parts, and what is actually on screen. */
import { sendMouse } from '@web/test-runner-commands';
import type { MeetRoom, MeetTile } from '../../src/index.js';

/** An element in `host`'s shadow root with this part name. */
export function part<T extends Element = HTMLElement>(host: Element, name: string): T | null {
  return host.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

/** Whether an element takes up space on screen (rendered, not display: none, not zero-sized). */
export function visible(el: Element | null | undefined): boolean {
  if (!el?.isConnected) return false;
  const rect = el.getBoundingClientRect();
  return getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden' && rect.width > 0 && rect.height > 0;
}

/**
 * Whether every tile of a room has its place: a room lays its tiles out once it knows its own
 * size (a ResizeObserver, a frame after the first render), and keeps them hidden until then.
 */
export function laidOut(room: MeetRoom): boolean {
  return [...room.shadowRoot!.querySelectorAll('meet-tile')].every((t) => getComputedStyle(t).visibility === 'visible');
}

/**
 * A click by the browser's own mouse at the middle of an element: a user activation, which
 * full screen and picture in picture require (a script's `click()` is none).
 */
export async function realClick(el: Element): Promise<void> {
  const r = el.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
}

/** The people's tiles a room shows, in order (not the shared screens'). */
export function tiles(room: MeetRoom): MeetTile[] {
  return [...room.shadowRoot!.querySelectorAll<MeetTile>('meet-tile:not([kind="screen"])')];
}

/** The tile of the screen a participant shares, if the room shows one. */
export function screenTileFor(room: MeetRoom, id: number | undefined): MeetTile | undefined {
  return [...room.shadowRoot!.querySelectorAll<MeetTile>('meet-tile[kind="screen"]')].find((t) => t.shown?.id === id);
}

/** The tile a room shows for a participant id. */
export function tileFor(room: MeetRoom, id: number | undefined): MeetTile | undefined {
  return tiles(room).find((t) => t.shown?.id === id);
}

/** The names on a room's tiles, in order. */
export function tileNames(room: MeetRoom): string[] {
  return tiles(room).map((t) => part(t, 'name')!.textContent!);
}

/** Every event of these types the target fires, in order. */
export function record<K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, ...types: K[]): GlobalEventHandlersEventMap[K][] {
  const seen: GlobalEventHandlersEventMap[K][] = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push(e as GlobalEventHandlersEventMap[K]));
  return seen;
}

/** What a tile looked like each time its `state` attribute changed. */
export interface TileSnapshot {
  state: string | null;
  videoShown: boolean;
  avatarShown: boolean;
  spinnerShown: boolean;
}

/** Records a snapshot of the tile at each state change (in the same frame as the change). */
export function watchTile(tile: MeetTile): TileSnapshot[] {
  const seen: TileSnapshot[] = [];
  new MutationObserver(() => {
    seen.push({
      state: tile.getAttribute('state'),
      videoShown: visible(part(tile, 'video')),
      avatarShown: visible(part(tile, 'avatar')),
      spinnerShown: visible(part(tile, 'spinner')),
    });
  }).observe(tile, { attributes: true, attributeFilter: ['state'] });
  return seen;
}
