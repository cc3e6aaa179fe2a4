import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { EngineState } from '../../../core/api/common/contract.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import type { ShellStatus } from '../../../renderer/lib/preloadApi.js';
import { pushChannels } from '../../common/channels.js';
import { startShell, type Shell, type ShellOptions } from '../app.js';
import { registerIpcHandlers } from '../ipcHandlers.js';
import { createFakeElectron, type FakeElectron, type FakeWindow } from './fakeElectron.js';

/** Where the fake shell says its bundle lives: nothing is read from there. */
export const FAKE_PATHS = { preload: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer', iconDir: '/app/assets/icons' };

export interface BootOptions {
  fake?: Parameters<typeof createFakeElectron>[0];
  /** Runs on the fake before the shell starts (a platform quirk, a missing permission). */
  prepare?: (fake: FakeElectron) => void;
  /** Runs on the engine once it is ready, before the shell uses it (settings a test needs). */
  engineSetup?: (engine: Engine) => Promise<void>;
  /** ShellOptions beyond the defaults (paths are merged with FAKE_PATHS). */
  shell?: Partial<Omit<ShellOptions, 'paths'>> & { paths?: Partial<ShellOptions['paths']> };
}

export interface BootedShell {
  fake: FakeElectron;
  shell: Shell | null;
  logs: string[];
  /** The temp folder holding this shell's config.json. */
  dir: string;
}

/**
 * The desktop shell against the fake Electron and the real engine (demo sim, no audio), in a temp
 * folder; every shell booted is quit, its utility processes killed and its folder removed after
 * each test. Call once at the top of a test file.
 */
export function shellRig(prefix = 'stratus-shell-'): { boot(o?: BootOptions): Promise<BootedShell>; forget(shell: Shell): void } {
  const dirs: string[] = [];
  const shells: Shell[] = [];
  const fakes: FakeElectron[] = [];
  afterEach(async () => {
    for (const s of shells.splice(0)) await s.quit();
    for (const f of fakes.splice(0)) for (const p of f.utilityProcesses) p.kill();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    /** A test that quit this shell itself: not quit again after it. */
    forget(shell) {
      const i = shells.indexOf(shell);
      if (i >= 0) shells.splice(i, 1);
    },
    async boot(o = {}) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      const fake = createFakeElectron(o.fake);
      fakes.push(fake);
      o.prepare?.(fake);
      const logs: string[] = [];
      const shell = await startShell({
        deps: fake.deps,
        createEngine: async () => {
          const engine = await createEngine({ configPath: join(dir, 'config.json'), sim: 'demo', speech: false, env: {} });
          await engine.ready();
          await o.engineSetup?.(engine);
          return engine;
        },
        registerIpc: (d) => registerIpcHandlers(fake.ipc, d),
        argv: [],
        log: (l) => logs.push(l),
        logTail: () => [...logs],
        logFile: join(dir, 'logs', 'main.log'),
        now: () => performance.now(),
        ...o.shell,
        paths: { ...FAKE_PATHS, ...o.shell?.paths },
      });
      if (shell) shells.push(shell);
      return { fake, shell, logs, dir };
    },
  };
}

/** Waits for the engine to publish a state matching `pred` (real engine, real events). */
export function nextState(shell: Shell, pred: (s: EngineState) => boolean): Promise<EngineState> {
  return new Promise((resolve) => {
    if (pred(shell.engine.state())) return resolve(shell.engine.state());
    const off = shell.engine.onState((s) => {
      if (pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}

/** How often pollUntil looks again: what the fake records (sent IPC, processes) has no events to wait on. */
const POLL_MS = 20;

/** Polls until `pred` holds; fails after `waitMs` naming `what`. */
export function pollUntil(pred: () => boolean, what: string, waitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (pred()) return resolve();
      if (Date.now() - started > waitMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, POLL_MS);
    };
    tick();
  });
}

/** The shell statuses pushed to a window (Settings), oldest first. */
export function statusPushes(win: FakeWindow): ShellStatus[] {
  return win.webContents.sent.filter((m) => m.channel === pushChannels.shellStatus).map((m) => m.args[0] as ShellStatus);
}
