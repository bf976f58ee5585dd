import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
  // Autodocs pages (tag `autodocs` in preview.ts) read custom-elements.json.
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true },
};

export default config;
