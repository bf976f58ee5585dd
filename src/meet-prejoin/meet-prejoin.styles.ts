import { css } from 'lit';
import { dark, hostStyles, light, tone } from '../styles/tokens.js';

export const prejoinStyles = [
  hostStyles,
  css`
  :host {
    --_card: var(--meet-menu-background, ${dark.menu});
    --_surface: var(--meet-control-background, ${dark.surface});
    --_hover: var(--meet-control-background-hover, ${dark.hover});
    --_text: var(--meet-color-text, ${dark.text});
    --_accent: var(--meet-color-accent, ${tone.accent});
    --_danger: var(--meet-color-danger, ${tone.danger});
    display: grid;
    place-items: center;
    height: 100%;
    overflow: auto;
    color: var(--_text);
    font: var(--meet-font, 14px/1.3 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: light) {
    :host {
      --_card: var(--meet-menu-background, ${light.menu});
      --_surface: var(--meet-control-background, ${light.surface});
      --_hover: var(--meet-control-background-hover, ${light.hover});
      --_text: var(--meet-color-text, ${light.text});
    }
  }
  [part~='base'] {
    display: flex;
    flex-wrap: wrap;
    gap: 20px;
    justify-content: center;
    box-sizing: border-box;
    width: min(760px, 100%);
    padding: 20px;
    border-radius: 12px;
    background: var(--_card);
  }
  [part~='preview'] {
    position: relative;
    flex: 1 1 320px;
    max-width: 420px;
    align-self: start;
    aspect-ratio: 16 / 9;
    overflow: hidden;
    border-radius: var(--meet-tile-radius, 8px);
    background: var(--_surface);
    display: grid;
    place-items: center;
  }
  video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  video[hidden] {
    display: none;
  }
  .face {
    display: grid;
    place-items: center;
    width: 72px;
    height: 72px;
    border-radius: 50%;
    color: ${tone.onColour};
    font-size: 28px;
    font-weight: 600;
    overflow: hidden;
  }
  .face img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .spinner {
    position: absolute;
    width: 32px;
    height: 32px;
    border: 3px solid rgb(255 255 255 / 0.25);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
  .toggles {
    position: absolute;
    bottom: 10px;
    display: flex;
    gap: 10px;
  }
  [part~='button'] {
    display: grid;
    place-items: center;
    width: 44px;
    height: 44px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  [part~='button'][aria-pressed='false'] {
    background: var(--_danger);
    color: ${tone.onColour};
  }
  svg {
    width: 22px;
    height: 22px;
  }
  .side {
    flex: 1 1 240px;
    display: grid;
    gap: 12px;
    align-content: start;
  }
  h2 {
    margin: 0;
    font-size: 20px;
  }
  p {
    margin: 0;
  }
  [part~='error'] {
    display: grid;
    gap: 8px;
    padding: 10px 12px;
    border-inline-start: 3px solid var(--_danger);
    border-radius: 4px;
    background: var(--_surface);
  }
  .field,
  .device {
    display: grid;
    gap: 4px;
  }
  .field > span,
  .device > span {
    font-size: 12px;
    font-weight: 600;
    text-transform: uppercase;
    opacity: 0.8;
  }
  input,
  select {
    padding: 8px;
    border: 1px solid var(--_hover);
    border-radius: 4px;
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }
  .device-note {
    font-size: 12px;
    opacity: 0.8;
  }
  /* The level strip across the top of the preview. */
  [part~='meter'] {
    position: absolute;
    top: 10px;
    inset-inline: 10px;
    height: 6px;
    overflow: hidden;
    border-radius: 3px;
    background: rgb(0 0 0 / 0.45);
  }
  [part~='meter'][hidden] {
    display: none;
  }
  .level {
    height: 100%;
    background: var(--meet-color-speaking, ${tone.speaking});
    transform: scaleX(0);
    transform-origin: left;
  }
  :host(:dir(rtl)) .level {
    transform-origin: right;
  }
  [part~='join-button'],
  [part~='retry-button'] {
    padding: 10px 16px;
    border: none;
    border-radius: 4px;
    background: var(--meet-color-accent-strong, ${tone.accentStrong});
    color: ${tone.onColour};
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  [part~='retry-button'] {
    justify-self: start;
    padding: 6px 12px;
  }
  [part~='join-button']:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`,
];
