import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { roomContext, type RoomApi } from './room-context.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element the room it belongs to and re-renders it when the room changes. The
 * room comes from the context, or from the `<meet-room>` whose id `forId()` returns. That
 * one is followed: a `source` set on it reaches us through its `api` (one object for its
 * life), and a room element replaced by another with the same id is found again.
 */
export class RoomController implements ReactiveController {
  private fromContext: RoomApi | undefined;
  private fromId: RoomApi | undefined;
  private subscribed: RoomApi | undefined;
  private resolvedId: string | undefined;
  private waiting = false;
  /** Watches the tree for the element with the id coming, going or being replaced. */
  private watcher: MutationObserver | undefined;

  constructor(
    private readonly host: Host,
    private readonly forId: () => string | undefined = () => undefined,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: roomContext,
      subscribe: true,
      callback: (room) => {
        this.fromContext = room;
        this.subscribe();
      },
    });
  }

  /** The room, if the element is in one or points at one. */
  get room(): RoomApi | undefined {
    return this.forId() ? this.fromId : this.fromContext;
  }

  hostConnected(): void {
    this.resolve();
  }

  hostUpdate(): void {
    if (this.forId() !== this.resolvedId) this.resolve();
  }

  hostDisconnected(): void {
    this.subscribed?.changes.removeEventListener('change', this.onChange);
    this.subscribed = undefined;
    this.watch(undefined);
  }

  private readonly onChange = () => this.host.requestUpdate();

  private resolve(): void {
    const id = this.forId();
    this.resolvedId = id;
    this.fromId = this.lookUp(id);
    if (id && !this.fromId) this.retryLater();
    this.watch(id && this.host.isConnected ? (this.host.getRootNode() as Node) : undefined);
    this.subscribe();
  }

  private lookUp(id: string | undefined): RoomApi | undefined {
    const root = this.host.getRootNode() as Partial<Document | ShadowRoot>;
    const target = id ? root.getElementById?.(id) : undefined;
    return (target as { api?: RoomApi } | null | undefined)?.api;
  }

  private watch(root: Node | undefined): void {
    this.watcher?.disconnect();
    this.watcher = undefined;
    if (!root) return;
    this.watcher = new MutationObserver(() => {
      if (this.lookUp(this.resolvedId) !== this.fromId) this.resolve();
    });
    this.watcher.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  }

  /** The room may be further down the page, or not upgraded yet. */
  private retryLater(): void {
    if (this.waiting) return;
    this.waiting = true;
    const parsed = document.readyState === 'loading' ? new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true })) : undefined;
    void Promise.all([parsed, customElements.whenDefined('meet-room')]).then(() => {
      this.waiting = false;
      if (!this.host.isConnected) return;
      this.resolve();
      this.host.requestUpdate();
    });
  }

  private subscribe(): void {
    const room = this.host.isConnected ? this.room : undefined;
    if (room === this.subscribed) return;
    this.subscribed?.changes.removeEventListener('change', this.onChange);
    room?.changes.addEventListener('change', this.onChange);
    this.subscribed = room;
    this.host.requestUpdate();
  }
}
