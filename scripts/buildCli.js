// Compiles core/ to dist/ with tsc (structure kept, so worker files sit beside their callers),
// then writes dist/.build-stamp: tsc's incremental build leaves unchanged outputs untouched, so
// their times cannot tell whether the build is current.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (r.status === 0) {
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/.build-stamp', `${new Date().toISOString()}\n`);
}
process.exit(r.status ?? 1);
