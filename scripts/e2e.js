// `npm run test:e2e`: builds, then runs the Playwright tests against the headless host.
import { spawnSync } from 'node:child_process';
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
const npm = process.env.npm_execpath;
let status = npm ? run([npm, 'run', '-s', 'build']) : 0;
if (status === 0) status = run(['node_modules/vitest/vitest.mjs', 'run', '-c', 'vitest.e2e.config.ts']);
process.exit(status);
