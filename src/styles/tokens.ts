import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * The palette every element falls back to when a `--meet-*` custom property is not set:
 * one value per colour, written once. Each styles file uses these as the fallback of its
 * custom properties, so a theme set on `<meet-room>` reaches tiles and controls alike.
 */
const colour = (value: string): CSSResult => unsafeCSS(value);

/** Dark theme (the default) and light theme surfaces and text. */
export const dark = {
  room: colour('#313338'),
  surface: colour('#2b2d31'),
  hover: colour('#3f4147'),
  text: colour('#f2f3f5'),
  /** Menus and panels over the room (the device menu, the pre-join card). */
  menu: colour('#111214'),
};
/** The light theme's counterparts of {@link dark}. */
export const light = {
  room: colour('#f2f3f5'),
  surface: colour('#e3e5e8'),
  hover: colour('#d4d7dc'),
  text: colour('#313338'),
  menu: colour('#fff'),
};
/** Colours that are the same in both themes. */
export const tone = {
  accent: colour('#5865f2'),
  accentStrong: colour('#4752c4'),
  speaking: colour('#23a55a'),
  danger: colour('#da373c'),
  dangerHover: colour('#a12828'),
  /** Text on an accent, danger or label background. */
  onColour: colour('#fff'),
  labelBackground: colour('rgb(0 0 0 / 0.6)'),
};

/** Every themable token set from one palette: what `theme="dark|light"` on `<meet-room>` applies. */
export function themeTokens(palette: typeof dark): CSSResult {
  return css`
    --meet-room-background: ${palette.room};
    --meet-tile-background: ${palette.surface};
    --meet-color-text: ${palette.text};
    --meet-control-background: ${palette.surface};
    --meet-control-background-hover: ${palette.hover};
    --meet-control-color: ${palette.text};
    --meet-menu-background: ${palette.menu};
  `;
}

/** Styles every element shares: `hidden` hides it, whatever `display` its own styles give the host. */
export const hostStyles = css`
  :host([hidden]) {
    display: none !important;
  }
`;
