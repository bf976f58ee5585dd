import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Whether a named slot of the host has content, kept current: the host re-renders when a
 * child comes, goes or changes slot. Lets an element render a default only where the page
 * gave nothing of its own.
 */
export class HasSlotController implements ReactiveController {
  /** Whether a child of the host is assigned to the slot. */
  filled = false;
  private readonly watcher = new MutationObserver(() => this.check());

  constructor(
    private readonly host: Host,
    private readonly slot: string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // A child's slot attribute is seen only with subtree; check() filters to direct children.
    this.watcher.observe(this.host, { childList: true, subtree: true, attributes: true, attributeFilter: ['slot'] });
    this.check();
  }

  hostDisconnected(): void {
    this.watcher.disconnect();
  }

  private check(): void {
    let filled = false;
    for (const child of this.host.children) if (child.getAttribute('slot') === this.slot) filled = true;
    if (filled === this.filled) return;
    this.filled = filled;
    this.host.requestUpdate();
  }
}
