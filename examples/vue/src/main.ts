import { createApp } from 'vue';
// Registers <meet-room>, <meet-tile> and <meet-controls> (once, before the app renders them).
import 'meet-elements/all.js';
import App from './App.vue';

createApp(App).mount('#app');
