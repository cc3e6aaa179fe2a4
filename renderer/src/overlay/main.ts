import '../../lib/zodSetup.js';
import { mount } from 'svelte';
import { createBridge } from '../../lib/bridge.js';
import '../theme.css';
import Overlay from './Overlay.svelte';

const bridge = createBridge();
const target = document.getElementById('app');
if (!target) throw new Error('overlay: #app missing');
mount(Overlay, { target, props: { bridge } });
window.addEventListener('pagehide', () => bridge.dispose());
