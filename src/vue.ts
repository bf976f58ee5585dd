/**
 * Vue 3: `import 'meet-elements/vue'` registers the elements (like `meet-elements/all.js`) and
 * types their tags in templates (`GlobalComponents`, checked by vue-tsc / Vue's language tools):
 * attributes and properties as props, `@meet-camera-change` and the other events with their
 * event classes. Vue still needs `isCustomElement: (tag) => tag.startsWith('meet-')` in its
 * compiler options, so it does not look for Vue components of these names.
 */
import type { HTMLAttributes, ReservedProps } from 'vue';
import type { MeetControls } from './meet-controls/meet-controls.component.js';
import type { MeetRoom } from './meet-room/meet-room.component.js';
import type { MeetTile } from './meet-tile/meet-tile.component.js';
import type { MeetEvents, SettableProps } from './frameworks/element-props.js';

export * from './all.js';

/** `meet-camera-change` -> `MeetCameraChange`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** `onMeetCameraChange`...: the props Vue checks `@meet-camera-change` listeners against. */
export type MeetEventProps = { [K in keyof MeetEvents as `on${Pascal<K>}`]?: (event: MeetEvents[K]) => void };

/** A custom element as Vue's template type checker sees a component. */
export type MeetVueElement<E extends HTMLElement> = new () => E & {
  /** For template type checking only: the props the tag takes. */
  $props: HTMLAttributes & ReservedProps & Partial<Pick<E, SettableProps<E>>> & MeetEventProps;
};

declare module 'vue' {
  interface GlobalComponents {
    'meet-room': MeetVueElement<MeetRoom>;
    'meet-tile': MeetVueElement<MeetTile>;
    'meet-controls': MeetVueElement<MeetControls>;
  }
}
