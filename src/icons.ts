import { svg, type SVGTemplateResult } from 'lit';

/** Inline 24x24 icons drawn in currentColor, shared by the tiles and the controls. */

const slash = svg`<path d="M4 3.5 20.5 20" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" fill="none" />`;

const camera = svg`<path d="M4 6h10a2 2 0 0 1 2 2v2.2l4.2-2.9a.5.5 0 0 1 .8.4v8.6a.5.5 0 0 1-.8.4L16 13.8V16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" />`;

const mic = svg`<path d="M12 14.5a3.5 3.5 0 0 0 3.5-3.5V5.5a3.5 3.5 0 0 0-7 0V11a3.5 3.5 0 0 0 3.5 3.5z" /><path d="M18.5 11a6.5 6.5 0 0 1-13 0M12 17.5V21" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" />`;

/** The camera on. */
export const cameraIcon: SVGTemplateResult = camera;
/** The camera off (struck through). */
export const cameraOffIcon: SVGTemplateResult = svg`${camera}${slash}`;
/** The microphone on. */
export const micIcon: SVGTemplateResult = mic;
/** The microphone off (struck through). */
export const micOffIcon: SVGTemplateResult = svg`${mic}${slash}`;
/** Hang up. */
export const leaveIcon: SVGTemplateResult = svg`<path d="M12 8.5c-3.3 0-6.4.9-8.8 2.5-.5.3-.7.9-.7 1.5v2.4c0 .8.7 1.3 1.5 1.1l3.4-.9c.6-.2 1-.7 1-1.3v-1.9c1.1-.4 2.3-.6 3.6-.6s2.5.2 3.6.6v1.9c0 .6.4 1.1 1 1.3l3.4.9c.8.2 1.5-.3 1.5-1.1v-2.4c0-.6-.2-1.2-.7-1.5-2.4-1.6-5.5-2.5-8.8-2.5z" />`;
/** A screen (share it). */
export const screenIcon: SVGTemplateResult = svg`<path d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-6v2h3v1.5H7V19h3v-2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 2v9h16V6H4z" /><path d="M12 7.5 15 10.5h-2V13h-2v-2.5H9z" />`;
/** Settings (sliders): the device menu. */
export const settingsIcon: SVGTemplateResult = svg`<path d="M3 7h9m4 0h5M3 17h5m4 0h9" stroke="currentColor" stroke-width="2" stroke-linecap="round" fill="none" /><circle cx="14" cy="7" r="2.6" /><circle cx="10" cy="17" r="2.6" />`;
