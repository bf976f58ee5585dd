import { css } from 'lit';

export const controlsStyles = css`
  :host {
    --_background: var(--meet-control-background, #2b2d31);
    --_hover: var(--meet-control-background-hover, #3f4147);
    --_color: var(--meet-control-color, #f2f3f5);
    --_danger: var(--meet-color-danger, #da373c);
    --_accent: var(--meet-color-accent, #5865f2);
    --_size: var(--meet-control-size, 48px);
    display: inline-block;
  }
  @media (prefers-color-scheme: light) {
    :host {
      --_background: var(--meet-control-background, #e3e5e8);
      --_hover: var(--meet-control-background-hover, #d4d7dc);
      --_color: var(--meet-control-color, #313338);
    }
  }
  [part~='base'] {
    display: flex;
    gap: 12px;
    align-items: center;
    justify-content: center;
  }
  [part~='button'] {
    display: grid;
    place-items: center;
    width: var(--_size);
    height: var(--_size);
    padding: 0;
    border: none;
    border-radius: 50%;
    background: var(--_background);
    color: var(--_color);
    cursor: pointer;
    transition: background-color 120ms ease-out;
  }
  [part~='button']:hover:not(:disabled) {
    background: var(--_hover);
  }
  [part~='button']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part~='button']:disabled {
    cursor: default;
    opacity: 0.55;
  }
  [part~='button'][aria-pressed='false'] {
    color: var(--_danger);
  }
  [part~='leave-button'] {
    width: calc(var(--_size) * 1.4);
    border-radius: calc(var(--_size) / 2);
    background: var(--_danger);
    color: #fff;
  }
  [part~='leave-button']:hover:not(:disabled) {
    background: var(--meet-color-danger-hover, #a12828);
  }
  svg {
    width: 24px;
    height: 24px;
  }
`;
