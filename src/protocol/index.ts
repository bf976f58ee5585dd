export * from './frame.js';
export * from './messages.js';
export * from './errors.js';
export * from './devices.js';
