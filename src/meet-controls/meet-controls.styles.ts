import { css } from 'lit';
import { dark, hostStyles, light, tone } from '../styles/tokens.js';

export const controlsStyles = [
  hostStyles,
  css`
  :host {
    --_background: var(--meet-control-background, ${dark.surface});
    --_hover: var(--meet-control-background-hover, ${dark.hover});
    --_color: var(--meet-control-color, ${dark.text});
    --_danger: var(--meet-color-danger, ${tone.danger});
    --_accent: var(--meet-color-accent, ${tone.accent});
    --_size: var(--meet-control-size, 48px);
    --_menu: var(--meet-menu-background, ${dark.menu});
    display: inline-block;
    position: relative;
  }
  @media (prefers-color-scheme: light) {
    :host {
      --_background: var(--meet-control-background, ${light.surface});
      --_hover: var(--meet-control-background-hover, ${light.hover});
      --_color: var(--meet-control-color, ${light.text});
      --_menu: var(--meet-menu-background, ${light.menu});
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
    color: ${tone.onColour};
  }
  [part~='leave-button']:hover:not(:disabled) {
    background: var(--meet-color-danger-hover, ${tone.dangerHover});
  }
  svg {
    width: 24px;
    height: 24px;
  }
  /* The device menu opens above the row, at its end (where the settings button is). */
  [part~='settings'] {
    position: absolute;
    inset-inline-end: 0;
    bottom: calc(100% + 8px);
    z-index: 1;
    display: grid;
    gap: 10px;
    width: max-content;
    max-width: min(320px, 90vw);
    padding: 12px;
    border-radius: 8px;
    background: var(--_menu);
    color: var(--_color);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.35);
    text-align: start;
  }
  .device {
    display: grid;
    gap: 4px;
  }
  .device > span {
    font-size: 12px;
    font-weight: 600;
    text-transform: uppercase;
    opacity: 0.8;
  }
  [part~='device-select'] {
    min-width: 220px;
    max-width: 100%;
    padding: 6px 8px;
    border: 1px solid var(--_hover);
    border-radius: 4px;
    background: var(--_background);
    color: inherit;
    font: inherit;
  }
  [part~='device-select']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .device-note {
    margin: 0;
    max-width: 240px;
    font-size: 12px;
    opacity: 0.8;
  }
`,
];
