#!/usr/bin/env node
// The `stratus` command: runs the compiled CLI from dist/, or the TypeScript source through tsx
// when the build is missing (a checkout before `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/core/api/node/cli.js', import.meta.url);
let main;
if (existsSync(fileURLToPath(built))) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../core/api/node/cli.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
