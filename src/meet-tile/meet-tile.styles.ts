import { css } from 'lit';
import { dark, hostStyles, light, tone } from '../styles/tokens.js';

export const tileStyles = [
  hostStyles,
  css`
  :host {
    --_background: var(--meet-tile-background, ${dark.surface});
    --_text: var(--meet-color-text, ${dark.text});
    --_menu: var(--meet-menu-background, ${dark.menu});
    --_speaking: var(--meet-color-speaking, ${tone.speaking});
    --_accent: var(--meet-color-accent, ${tone.accent});
    --_radius: var(--meet-tile-radius, 8px);
    --_label-background: var(--meet-tile-label-background, ${tone.labelBackground});
    --_label-text: var(--meet-tile-label-text, ${tone.onColour});
    --_muted: var(--meet-color-danger, ${tone.danger});
    display: block;
    position: relative;
    aspect-ratio: 16 / 9;
    min-width: 0;
    box-sizing: border-box;
    color: var(--_text);
    font: var(--meet-font, 14px/1.3 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: light) {
    :host {
      --_background: var(--meet-tile-background, ${light.surface});
      --_text: var(--meet-color-text, ${light.text});
      --_menu: var(--meet-menu-background, ${light.menu});
    }
  }
  [part~='base'] {
    position: absolute;
    inset: 0;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_background);
    container-type: size;
  }
  /* The ring sits above the video so it is seen whatever the picture shows. */
  [part~='base']::after {
    content: '';
    position: absolute;
    inset: 0;
    border-radius: inherit;
    box-shadow: inset 0 0 0 3px var(--_speaking);
    opacity: 0;
    transition: opacity 120ms ease-out;
    pointer-events: none;
  }
  :host([speaking]) [part~='base']::after {
    opacity: 1;
  }
  video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: var(--meet-video-fit, cover);
    background: transparent;
  }
  video.local {
    transform: scaleX(-1);
  }
  /* A shared screen is never cropped: text at the edges matters. */
  :host([kind='screen']) video {
    object-fit: var(--meet-screen-fit, contain);
  }
  /* Camera off or failed: the video is gone in the same render (no black or frozen frame).
     While loading it stays rendered (so it decodes) under the opaque avatar. */
  :host([state='avatar']) video,
  :host([state='error']) video,
  :host([state='reconnecting']) video {
    display: none;
  }
  /* Their connection dropped and the relay waits for them: greyed, with the spinner. */
  :host([state='reconnecting']) .face {
    opacity: 0.5;
  }
  [part~='avatar'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: var(--_background);
  }
  :host([state='video']) [part~='avatar'] {
    display: none;
  }
  .face {
    width: min(40cqmin, 112px);
    height: min(40cqmin, 112px);
    border-radius: 50%;
    display: grid;
    place-items: center;
    overflow: hidden;
    color: ${tone.onColour};
    font-size: min(16cqmin, 44px);
    font-weight: 600;
    user-select: none;
  }
  .face img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  [part~='spinner'] {
    position: absolute;
    left: 50%;
    top: 50%;
    width: min(48cqmin, 132px);
    height: min(48cqmin, 132px);
    margin: calc(min(48cqmin, 132px) / -2) 0 0 calc(min(48cqmin, 132px) / -2);
    box-sizing: border-box;
    border-radius: 50%;
    border: 3px solid transparent;
    border-top-color: var(--_accent);
    border-right-color: var(--_accent);
    animation: spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    [part~='spinner'] {
      animation-duration: 3s;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  [part~='status'] {
    position: absolute;
    top: 8px;
    inset-inline: 8px;
    padding: 4px 8px;
    border-radius: 4px;
    background: var(--_label-background);
    color: var(--_label-text);
    text-align: center;
    overflow-wrap: anywhere;
  }
  .label {
    position: absolute;
    inset-inline-start: 8px;
    bottom: 8px;
    max-width: calc(100% - 16px);
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 2px 8px;
    border-radius: 4px;
    background: var(--_label-background);
    color: var(--_label-text);
    box-sizing: border-box;
  }
  [part~='name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Someone else's tile: a menu button in the corner, seen on hover or keyboard focus. */
  [part~='menu-button'] {
    position: absolute;
    top: 8px;
    inset-inline-end: 8px;
    width: 28px;
    height: 28px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_label-background);
    color: var(--_label-text);
    font: inherit;
    line-height: 1;
    cursor: pointer;
    opacity: 0;
  }
  :host(:hover) [part~='menu-button'],
  :host(:focus-within) [part~='menu-button'],
  [part~='menu-button'][aria-expanded='true'] {
    opacity: 1;
  }
  [part~='menu'] {
    position: absolute;
    top: 42px;
    inset-inline-end: 8px;
    display: grid;
    gap: 6px;
    min-width: 180px;
    padding: 10px;
    border-radius: 8px;
    background: var(--_menu);
    color: var(--_text);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.35);
  }
  [part~='menu'] button {
    padding: 6px 8px;
    border: 0;
    border-radius: 4px;
    background: transparent;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  [part~='menu'] button:hover,
  [part~='mute-button'][aria-pressed='true'] {
    background: rgb(127 127 127 / 0.25);
  }
  .volume {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    align-items: center;
  }
  .volume > span {
    grid-column: 1 / -1;
    font-size: 12px;
    opacity: 0.8;
  }
  [part~='menu-button']:focus-visible,
  [part~='menu'] :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part~='stats'] {
    position: absolute;
    top: 8px;
    inset-inline-start: 8px;
    max-width: calc(100% - 56px);
    padding: 2px 6px;
    border-radius: 4px;
    background: var(--_label-background);
    color: var(--_label-text);
    font: 11px/1.4 ui-monospace, monospace;
  }
  @media (prefers-reduced-motion: reduce) {
    [part~='base']::after {
      transition: none;
    }
  }
  [part~='muted-icon'] {
    flex: none;
    width: 16px;
    height: 16px;
    color: var(--_muted);
  }
`,
];
