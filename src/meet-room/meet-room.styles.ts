import { css } from 'lit';

export const roomStyles = css`
  :host {
    display: block;
    position: relative;
    height: 100%;
    min-height: 240px;
    box-sizing: border-box;
    overflow: hidden;
    background: var(--meet-room-background, #313338);
    color: var(--meet-color-text, #f2f3f5);
    color-scheme: dark;
    font: var(--meet-font, 14px/1.3 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: light) {
    :host {
      background: var(--meet-room-background, #f2f3f5);
      color: var(--meet-color-text, #313338);
      color-scheme: light;
    }
  }
  /* An explicit theme sets every token, so tiles and controls follow it too. */
  :host([theme='dark']) {
    --meet-room-background: #313338;
    --meet-tile-background: #2b2d31;
    --meet-color-text: #f2f3f5;
    --meet-control-background: #2b2d31;
    --meet-control-background-hover: #3f4147;
    --meet-control-color: #f2f3f5;
    color-scheme: dark;
  }
  :host([theme='light']) {
    --meet-room-background: #f2f3f5;
    --meet-tile-background: #e3e5e8;
    --meet-color-text: #313338;
    --meet-control-background: #e3e5e8;
    --meet-control-background-hover: #d4d7dc;
    --meet-control-color: #313338;
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
  [part~='grid'] {
    position: relative;
    flex: 1;
    min-height: 0;
    /* Tiles are sized from this box, so they must not size it back. */
    contain: size;
    display: flex;
    flex-wrap: wrap;
    align-content: center;
    justify-content: center;
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
    background: var(--meet-tile-label-background, rgb(0 0 0 / 0.6));
    color: var(--meet-tile-label-text, #fff);
  }
  [part~='rejoin-button'] {
    padding: 8px 16px;
    border: none;
    border-radius: 4px;
    background: var(--meet-color-accent-strong, #4752c4);
    color: #fff;
    font: inherit;
    cursor: pointer;
  }
  [part~='rejoin-button']:focus-visible {
    outline: 2px solid var(--meet-color-accent, #5865f2);
    outline-offset: 2px;
  }
  [part~='controls'] {
    flex: none;
    display: flex;
    justify-content: center;
  }
`;
