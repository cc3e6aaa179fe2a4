// Runs after `npm install` in this folder. npm 11 blocks dependency install scripts unless
// package.json allows them, and Electron's would fail the whole install where its runtime
// cannot be downloaded (build machines, CI). So its download is tried here instead: on a pilot's
// PC it fetches the runtime and `npm start` opens the desktop app; where it cannot, one line
// says so and `npm start` runs the headless overlay.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000; // ~100 MB on a slow line

function electronInstalled() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || electronInstalled()) process.exit(0);
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  process.exit(0); // production install without dev dependencies
}
const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: DOWNLOAD_TIMEOUT_MS, encoding: 'utf8' });
if (r.status !== 0 || !electronInstalled()) {
  const why = (r.stderr ?? '').split('\n').find((l) => /Error|ENOTFOUND|ECONN|EAI_AGAIN/.test(l))?.trim() ?? (r.error ? r.error.message : `exit ${r.status}`);
  console.log(`Stratus: the Electron runtime could not be downloaded (${why}); \`npm start\` will run the headless overlay instead.`);
}
