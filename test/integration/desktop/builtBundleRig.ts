import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * The built Electron main bundle (out/main/index.js, what ships in app.asar) started as a Node
 * child under the electron stub (test/peers/electronStub), with its own config folder in a temp
 * dir. Each test's bundle is stopped (SIGTERM, then SIGKILL) and its folder removed afterwards.
 */
export const root = join(import.meta.dirname, '..', '..', '..');
export const outMain = join(root, 'out', 'main');
export const bundle = join(outMain, 'index.js');
/** After SIGTERM the bundle gets this long before SIGKILL. */
export const BUNDLE_EXIT_TIMEOUT_MS = 5_000;

export interface BuiltBundle {
  child: ChildProcess;
  /** The temp dir of this run; STRATUS_HOME is its home/. */
  dir: string;
  home: string;
  mainLog: string;
  /** What the bundle wrote to stderr so far (for failure messages). */
  stderr: () => string;
}

/** Call at the top of a test file: registers the afterEach that stops the bundle. */
export function builtBundleRig(): { start(tempPrefix: string, env?: (dir: string) => Record<string, string>): BuiltBundle } {
  let running: ChildProcess | null = null;
  const dirs: string[] = [];
  afterEach(async () => {
    const c = running;
    running = null;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      const killer = setTimeout(() => c.kill('SIGKILL'), BUNDLE_EXIT_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    }
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    start(tempPrefix, env = () => ({})) {
      const dir = mkdtempSync(join(tmpdir(), tempPrefix));
      dirs.push(dir);
      const home = join(dir, 'home');
      mkdirSync(home, { recursive: true });
      let stderr = '';
      const child = fork(bundle, [], {
        cwd: root,
        execArgv: ['--import', join(root, 'test', 'peers', 'electronStub', 'register.mjs')],
        env: { ...process.env, STRATUS_HOME: home, STRATUS_CONFIG: join(home, 'config.json'), ...env(dir) },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      running = child;
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      return { child, dir, home, mainLog: join(home, 'logs', 'main.log'), stderr: () => stderr };
    },
  };
}
