/**
 * Type helpers for the framework typings (`meet-elements/react`, `meet-elements/vue`): the
 * properties a template may set on an element, and the `meet-*` events it may listen to,
 * both read off the element classes, so the typings cannot drift from the elements.
 */

type IfEquals<A, B, Yes, No = never> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? Yes : No;

/** The element's own writable, non-method properties (`server`, `camera`, `latency`...). */
export type SettableProps<E extends HTMLElement> = {
  [K in Exclude<keyof E, keyof HTMLElement>]-?: E[K] extends (...args: never[]) => unknown
    ? never
    : IfEquals<{ [Q in K]: E[K] }, { -readonly [Q in K]: E[K] }, K>;
}[Exclude<keyof E, keyof HTMLElement>];

/** Every `meet-*` event name with its event class. */
export type MeetEvents = {
  [K in keyof GlobalEventHandlersEventMap as K extends `meet-${string}` ? K : never]: GlobalEventHandlersEventMap[K];
};
