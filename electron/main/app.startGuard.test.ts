import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StartGuard } from '../../core/config/node/startGuard.js';
import { createEngine } from '../../core/engine.js';
import { startShell, type Shell } from './app.js';
import { registerIpcHandlers } from './ipcHandlers.js';
import { createFakeElectron } from './testing/fakeElectron.js';

let dir: string;
let shell: Shell | null = null;
afterEach(async () => {
  await shell?.quit();
  shell = null;
  rmSync(dir, { recursive: true, force: true });
});

/** A start that died: begun and never marked healthy or ended cleanly. */
function failedStart(configPath: string, at: number): void {
  const g = new StartGuard(configPath, () => at);
  g.begin();
  g.breadcrumb('sim');
}

describe('the desktop shell runs the crash-loop guard', () => {
  it('after two failed starts with the same settings, starts in safe mode and shows the warning', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-shell-guard-'));
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ sim: { kind: 'xplane' }, overlay: { opacity: 0.5 } }));
    failedStart(configPath, 1_000);
    failedStart(configPath, 2_000);
    const fake = createFakeElectron();
    shell = await startShell({
      deps: fake.deps,
      startGuard: new StartGuard(configPath),
      createEngine: async (extra) => {
        const engine = await createEngine({ configPath, sim: 'demo', speech: false, env: { STRATUS_HOME: dir }, ...extra });
        await engine.ready();
        return engine;
      },
      registerIpc: (d) => registerIpcHandlers(fake.ipc, d),
      paths: { preload: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer', iconDir: '/app/assets/icons' },
      argv: [],
      log: () => {},
      now: () => performance.now(),
    });
    const warning = shell!.engine.state().warnings.find((w) => w.id === 'safe-mode');
    expect(warning?.message).toMatch(/^Started in safe mode: the simulator settings made the last 2 starts fail/);
    expect(shell!.engine.settings().sim.kind).toBe('auto');
    expect(shell!.engine.settings().overlay.opacity).toBe(0.5);
    await shell!.quit();
    shell = null;
    // Quit is an orderly end: the start is not counted as failed.
    const starts = (JSON.parse(readFileSync(`${configPath}.starts.json`, 'utf8')) as { starts: { ok: boolean }[] }).starts;
    expect(starts.at(-1)?.ok).toBe(true);
  });
});
