/**
 * Which browser runs the test, for the few assertions that must differ per browser. Every use
 * says why next to it; the suite runs in Chromium and Firefox (web-test-runner.config.mjs).
 */
export const isFirefox = navigator.userAgent.includes('Firefox');
