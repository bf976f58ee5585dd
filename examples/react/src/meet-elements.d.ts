// JSX typing for meet-elements' tags in React 19. React 19 passes props to custom elements
// as properties when the element has them (else as attributes), and turns `on<event>` props
// into addEventListener(<event>): `onmeet-camera-change` listens to `meet-camera-change`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MeetControls, MeetRoom, MeetTile } from 'meet-elements';

/** `onmeet-joined`, `onmeet-camera-change`, … typed from the library's event map. */
type MeetEventProps = {
  [K in keyof GlobalEventHandlersEventMap as K extends `meet-${string}` ? `on${K}` : never]?: (
    event: GlobalEventHandlersEventMap[K],
  ) => void;
};

type ElementProps<E extends HTMLElement, Props extends keyof E> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, Props>> &
  MeetEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'meet-room': ElementProps<MeetRoom, 'server' | 'room' | 'name' | 'avatar' | 'latency' | 'camera' | 'mic' | 'theme'>;
      'meet-tile': ElementProps<MeetTile, 'participant' | 'participantId' | 'speakingDelay'>;
      'meet-controls': ElementProps<MeetControls, never>;
    }
  }
}
