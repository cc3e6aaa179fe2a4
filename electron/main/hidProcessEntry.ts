/**
 * The HID utility process (out/main/hidProcess.js), started by HidProcessHost through Electron's
 * utilityProcess.fork: node-hid reads joystick/HOTAS buttons here, in the background while the sim
 * has focus. A native crash or hang ends only this process; main restarts it with backoff.
 */
import { NodeHidSource } from '../../core/input/node/nodeHidSource.js';
import { runHidProcess } from '../../core/input/node/hidProcessMain.js';

void runHidProcess(() => NodeHidSource.load());
