/**
 * React 19: `import 'meet-elements/react'` registers the elements (like `meet-elements/all.js`)
 * and types their tags in JSX. React 19 sets a prop as a property when the element has one
 * (`latency={0.3}` is `el.latency = 0.3`), else as an attribute, and listens to
 * `on<event-name>` props: `onmeet-camera-change` is `addEventListener('meet-camera-change')`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MeetControls } from './meet-controls/meet-controls.component.js';
import type { MeetRoom } from './meet-room/meet-room.component.js';
import type { MeetTile } from './meet-tile/meet-tile.component.js';
import type { MeetEvents, SettableProps } from './frameworks/element-props.js';

export * from './all.js';

/** `onmeet-joined`, `onmeet-camera-change`... with their event classes. */
export type MeetEventProps = { [K in keyof MeetEvents as `on${K}`]?: (event: MeetEvents[K]) => void };

/** The JSX props of a meet-elements tag: HTML attributes, the element's properties, its events. */
export type MeetElementProps<E extends HTMLElement> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, SettableProps<E>>> &
  MeetEventProps;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'meet-room': MeetElementProps<MeetRoom>;
      'meet-tile': MeetElementProps<MeetTile>;
      'meet-controls': MeetElementProps<MeetControls>;
    }
  }
}
