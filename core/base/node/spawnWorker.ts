import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from a module URL next to the caller. Built output is plain .js and starts
 * directly. From TypeScript sources (tests, `npx tsx`) a tiny data: URL bootstrap registers tsx's
 * loader inside the worker first: `execArgv: ['--import', 'tsx']` is not honoured by Node 20
 * worker threads for the entry module.
 */
export function spawnWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)};\nregister();\nawait import(${JSON.stringify(moduleUrl.href)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}

/**
 * The entry file of a worker's child process (processHost), beside this module: in the sources,
 * in the CLI build (dist/ keeps the folders) and in the Electron bundle, where
 * electron.vite.config.ts builds it as an entry of its own beside the chunk holding this code.
 */
export function hostEntryUrl(): URL {
  return siblingUrl(import.meta.url, 'processHost');
}

/** Node options of a worker's child process: tsx's loader when it runs from TypeScript sources. */
export function processExecArgv(entry: URL): string[] {
  if (!entry.pathname.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href.replace(/\.cjs$/, '.mjs')];
}

/** The sibling module of `from` named `name` (.ts when `from` is .ts, else .js). */
export function siblingUrl(from: string, name: string): URL {
  const ext = from.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, from);
}
