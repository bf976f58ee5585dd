import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
// Generated from the elements' JSDoc by `npm run analyze`: argTypes and docs come from it.
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'centered',
    backgrounds: {
      options: {
        dark: { name: 'Dark', value: '#1e1f22' },
        light: { name: 'Light', value: '#f2f3f5' },
      },
    },
    controls: { expanded: true },
  },
  initialGlobals: { backgrounds: { value: 'dark' } },
};

export default preview;
