#!/usr/bin/env node
// The `stratus` command: runs the compiled CLI from dist/, or the TypeScript source through tsx
// when the build is missing or older than the source (a checkout being worked on).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/core/cli.js', import.meta.url);
const sourceDir = fileURLToPath(new URL('../core', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const builtPath = fileURLToPath(built);
const stamp = fileURLToPath(new URL('../dist/.build-stamp', import.meta.url));
const useBuild =
  existsSync(builtPath) && (!existsSync(sourceDir) || (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(sourceDir)));
let main;
if (useBuild) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../core/cli.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
