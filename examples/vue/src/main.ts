import { createApp } from 'vue';
// Registers <meet-room>, <meet-tile> and <meet-controls> (once, before the app renders them),
// and types the tags in templates.
import 'meet-elements/vue';
import App from './App.vue';

createApp(App).mount('#app');
