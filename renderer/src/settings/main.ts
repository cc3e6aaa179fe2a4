import '../../lib/zodSetup.js';
import { mount } from 'svelte';
import { createBridge } from '../../lib/bridge.js';
import '../theme.css';
import Settings from './Settings.svelte';

const bridge = createBridge();
const target = document.getElementById('app');
if (!target) throw new Error('settings: #app missing');
mount(Settings, { target, props: { bridge } });
window.addEventListener('pagehide', () => bridge.dispose());
