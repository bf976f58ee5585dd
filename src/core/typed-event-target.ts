/**
 * An `EventTarget` whose listeners are typed by event name: `M` maps each event name the
 * target fires to its `Event` class, so `target.addEventListener('error', (e) => e.reason)`
 * needs no cast. Every event target in core extends it; nothing changes at run time.
 */
// The interface merges into the class below (the listener signatures are the typed ones).
export interface TypedEventTarget<M extends { [K in keyof M]: Event }> {
  /** Listens to an event of this target, with its typed event object. */
  addEventListener<K extends keyof M & string>(type: K, listener: TypedListener<M[K]> | null, options?: boolean | AddEventListenerOptions): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener<K extends keyof M & string>(type: K, listener: TypedListener<M[K]> | null, options?: boolean | EventListenerOptions): void;
  /** Fires one of this target's events. */
  dispatchEvent(event: M[keyof M]): boolean;
}

/** A listener of one typed event: a function or an object with `handleEvent`. */
export type TypedListener<E extends Event> = ((event: E) => unknown) | { handleEvent(event: E): unknown };

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class TypedEventTarget<M extends { [K in keyof M]: Event }> extends EventTarget {}
