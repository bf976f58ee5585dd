/**
 * meet-elements: classes and types, with no side effects (import `meet-elements/all.js`
 * or the script-tag bundle to register the elements).
 */
export * from './protocol/index.js';
