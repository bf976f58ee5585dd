import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomApi } from '../context/room-context.js';

/** ms a camera tile stays out of view before its video stops (scrolling past it costs nothing). */
export const OUT_OF_VIEW_MS = 500;

/**
 * Stops the video of the camera tiles scrolled out of the grid's view, so a large room
 * receives and decodes only what is seen: after `OUT_OF_VIEW_MS` out of view, the room is told
 * not to watch it (the relay stops sending it); back in view, it is watched again at once and
 * plays from the relay's cache of its latest keyframe. Tiles are found after every update
 * (`meet-tile[data-key^="camera-"]` in the host's shadow root, inside the grid `grid()` gives).
 */
export class OutOfViewController implements ReactiveController {
  private observer: IntersectionObserver | undefined;
  private root: Element | undefined;
  private readonly observed = new WeakSet<Element>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly stopped = new Set<number>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly room: () => RoomApi,
    private readonly grid: () => Element | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const grid = this.grid();
    if (grid !== this.root) {
      this.observer?.disconnect();
      this.root = grid;
      this.observer = grid && typeof IntersectionObserver !== 'undefined' ? new IntersectionObserver((entries) => this.seen(entries), { root: grid }) : undefined;
    }
    if (!this.observer) return;
    for (const tile of this.host.shadowRoot?.querySelectorAll('meet-tile[data-key^="camera-"]') ?? []) {
      if (this.observed.has(tile)) continue;
      this.observed.add(tile);
      this.observer.observe(tile);
    }
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.root = undefined;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    const room = this.room();
    for (const entry of entries) {
      const tile = entry.target as HTMLElement;
      const id = Number(tile.dataset['key']?.slice('camera-'.length));
      if (!tile.isConnected) this.observer?.unobserve(tile);
      if (!id || id === room.self?.id) continue;
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      if (!tile.isConnected) {
        this.stopped.delete(id); // gone: the room forgets its media anyway
      } else if (entry.isIntersecting) {
        if (this.stopped.delete(id)) room.watch?.(id, 'video', true);
      } else {
        this.timers.set(
          id,
          setTimeout(() => {
            this.timers.delete(id);
            this.stopped.add(id);
            room.watch?.(id, 'video', false);
          }, OUT_OF_VIEW_MS),
        );
      }
    }
  }
}
