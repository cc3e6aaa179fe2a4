import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding Stratus' package.json, from source (core/) or the build (dist/core/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'stratus') {
      cachedRoot = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the Stratus package root');
}

/** `…/app.asar/` as a whole path segment, either separator (not `app.asar.unpacked`, not `myapp.asar`). */
const ASAR_SEGMENT = /(^|[\\/])app\.asar([\\/])/;

/**
 * The path native code must open for a shipped file. In a packaged Electron app the JS lives in
 * resources/app.asar, which only Electron's patched fs can read; onnxruntime, dlopen and PortAudio
 * open files with the OS, so electron-builder.yml's asarUnpack copies those files to
 * resources/app.asar.unpacked and this maps a resolved path there. Elsewhere (the repo, dist/,
 * the headless host) it returns the path unchanged. Every path handed to native code goes through here.
 */
export function unpackedPath(path: string): string {
  return path.replace(ASAR_SEGMENT, '$1app.asar.unpacked$2');
}

/** Shipped data files (profiles, checklists, protocols): read by our own JS, so inside app.asar is fine. */
export function assetsDir(): string {
  return join(packageRoot(), 'assets');
}

/** The built renderer served by the headless host (electron-vite's output). */
export function rendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
