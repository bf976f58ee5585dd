import { css, unsafeCSS } from 'lit';
import { dark, hostStyles, light, themeTokens, tone } from '../styles/tokens.js';

/** px the row of "Watch" buttons takes (the grid leaves it room). */
export const WATCH_ROW = 32;
const WATCH_ROW_PX = unsafeCSS(WATCH_ROW);

export const roomStyles = [
  hostStyles,
  css`
  :host {
    display: block;
    position: relative;
    height: 100%;
    min-height: 240px;
    box-sizing: border-box;
    overflow: hidden;
    background: var(--meet-room-background, ${dark.room});
    color: var(--meet-color-text, ${dark.text});
    color-scheme: dark;
    font: var(--meet-font, 14px/1.3 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: light) {
    :host {
      background: var(--meet-room-background, ${light.room});
      color: var(--meet-color-text, ${light.text});
      color-scheme: light;
    }
  }
  /* An explicit theme sets every token, so tiles and controls follow it too. */
  :host([theme='dark']) {
    ${themeTokens(dark)}
    color-scheme: dark;
  }
  :host([theme='light']) {
    ${themeTokens(light)}
    color-scheme: light;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: 12px;
    height: 100%;
    box-sizing: border-box;
    padding: var(--meet-room-padding, 16px);
  }
  /* The grid's place: it scrolls inside; the status and notices stay over it. */
  .view {
    position: relative;
    flex: 1;
    min-height: 0;
  }
  [part~='grid'] {
    position: absolute;
    inset: 0;
    /* Tiles are sized from this box, so they must not size it back. */
    contain: size;
    /* A large room scrolls; the gutter stays, so a scrollbar never changes the tiles' size. */
    overflow-x: hidden;
    overflow-y: auto;
    scrollbar-gutter: stable;
  }
  /* Every tile is placed by the layout (layout.ts): one box each, moved, never re-created. */
  .tiles {
    position: relative;
    width: 100%;
  }
  .tiles > meet-tile {
    position: absolute;
    top: 0;
    left: 0;
  }
  .tiles > meet-tile:focus-visible {
    outline: 2px solid var(--meet-color-accent, ${tone.accent});
    outline-offset: 2px;
  }
  [part~='screen-hide-button'] {
    position: absolute;
    width: 28px;
    height: 28px;
    border: 0;
    border-radius: 50%;
    background: var(--meet-tile-label-background, ${tone.labelBackground});
    color: var(--meet-tile-label-text, ${tone.onColour});
    cursor: pointer;
  }
  .watch {
    display: flex;
    justify-content: center;
    gap: 8px;
    margin-bottom: 8px;
  }
  [part~='screen-watch-button'] {
    height: ${WATCH_ROW_PX}px;
    border: 0;
    border-radius: 4px;
    padding: 0 12px;
    background: var(--meet-color-accent-strong, ${tone.accentStrong});
    color: ${tone.onColour};
    font: inherit;
    cursor: pointer;
  }
  [part~='screen-hide-button']:focus-visible,
  [part~='screen-watch-button']:focus-visible {
    outline: 2px solid var(--meet-color-accent, ${tone.accent});
    outline-offset: 2px;
  }
  [part~='status'] {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    gap: 12px;
    align-items: center;
    justify-content: center;
    text-align: center;
    pointer-events: none;
  }
  [part~='status'] > * {
    pointer-events: auto;
  }
  :host([connection='reconnecting']) [part~='status'] {
    inset: auto 0 8px;
  }
  .notice {
    padding: 6px 12px;
    border-radius: 4px;
    background: var(--meet-tile-label-background, ${tone.labelBackground});
    color: var(--meet-tile-label-text, ${tone.onColour});
  }
  [part~='notice'] {
    position: absolute;
    left: 50%;
    bottom: 8px;
    transform: translateX(-50%);
    max-width: 90%;
    padding: 6px 12px;
    border-radius: 4px;
    background: var(--meet-tile-label-background, ${tone.labelBackground});
    color: var(--meet-tile-label-text, ${tone.onColour});
  }
  [part~='notice'][hidden] {
    display: none;
  }
  /* Said to screen readers, never shown. */
  .announce {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [part~='rejoin-button'] {
    padding: 8px 16px;
    border: none;
    border-radius: 4px;
    background: var(--meet-color-accent-strong, ${tone.accentStrong});
    color: ${tone.onColour};
    font: inherit;
    cursor: pointer;
  }
  [part~='rejoin-button']:focus-visible {
    outline: 2px solid var(--meet-color-accent, ${tone.accent});
    outline-offset: 2px;
  }
  [part~='controls'] {
    flex: none;
    display: flex;
    justify-content: center;
  }
`,
];
