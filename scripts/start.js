// `npm start`: builds what is missing, then launches the Electron app; where the Electron runtime
// is not installed (CI, build machines) it says so in one line and runs `stratus headless`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const stamp = join(root, 'out', 'renderer', 'index.html');
const cliStamp = join(root, 'dist', '.build-stamp');
const sources = Math.max(...['core', 'renderer', 'electron'].map((d) => newestMtime(join(root, d))));
const built = Math.min(existsSync(stamp) ? statSync(stamp).mtimeMs : 0, existsSync(cliStamp) ? statSync(cliStamp).mtimeMs : 0);
if (built < sources) {
  console.log('Building Stratus…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

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
