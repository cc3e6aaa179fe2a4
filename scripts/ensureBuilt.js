// Builds Stratus (`npm run build`) when dist/ or out/ is missing or older than the sources, so
// `npm start` and `npm run bench` run (and measure) the code as it is now, compiled as shipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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

/** Returns false when a needed build failed (its output is already on the console). */
export function ensureBuilt() {
  const rendererStamp = join(root, 'out', 'renderer', 'index.html');
  const cliStamp = join(root, 'dist', '.build-stamp');
  const sources = Math.max(...['core', 'renderer', 'electron'].map((d) => newestMtime(join(root, d))));
  const built = Math.min(...[rendererStamp, cliStamp].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (built >= sources) return true;
  console.log('Building Stratus…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === 0;
}
