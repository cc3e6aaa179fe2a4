// `npm start`: builds what is missing, then launches the Electron app; where the Electron runtime
// is not installed (CI, build machines) it says so in one line and runs `stratus headless`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensureBuilt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

if (!ensureBuilt()) process.exit(1);

let electronBinary;
try {
  electronBinary = require('electron');
  if (typeof electronBinary !== 'string' || !existsSync(electronBinary)) electronBinary = undefined;
} catch {
  electronBinary = undefined;
}

const extra = process.argv.slice(2);
const child = electronBinary
  ? spawn(electronBinary, [root, ...extra], { stdio: 'inherit' })
  : (console.log('Electron runtime not installed here: running `stratus headless` instead (open the Overlay URL below in a browser).'),
    spawn(process.execPath, [join(root, 'bin', 'stratus.js'), 'headless', ...extra], { stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
