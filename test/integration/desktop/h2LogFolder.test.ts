import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BUNDLE_EXIT_TIMEOUT_MS, builtBundleRig, bundle } from './builtBundleRig.js';

/**
 * The built Electron main bundle (out/main/index.js, what ships in app.asar) under the electron
 * stub: where does it write its log? One folder for main.log and crash.log — the config folder's
 * logs/ (core/config/node/hostLog.ts defaultLogDir) — not Electron's app.getPath('logs'), which
 * the stub puts elsewhere as a real machine does.
 */
/** Starting the bundle (engine, demo sim) on a busy 2-core machine. */
const BUNDLE_LOG_TIMEOUT_MS = 30_000;

const built = existsSync(bundle);
if (!built) console.warn('[desktop] skipping the log-folder check on the built bundle: no out/main (run `npx electron-vite build`)');

const rig = builtBundleRig();

describe.skipIf(!built)('desktop app logs (built main bundle)', () => {
  it('writes main.log to the same folder as the crash log, not to Electron’s log folder', async () => {
    const { home, mainLog, stderr, dir } = rig.start('stratus-h2-logs-', (d) => ({ STRATUS_STUB_ELECTRON_LOGS: join(d, 'electron-logs') }));
    const electronLogs = join(dir, 'electron-logs');
    await vi.waitFor(() => expect(existsSync(mainLog), `main.log in ${home}/logs (stderr: ${stderr().slice(-500)})`).toBe(true), { timeout: BUNDLE_LOG_TIMEOUT_MS, interval: 100 });
    expect(readFileSync(mainLog, 'utf8')).toMatch(/--- main started \(pid \d+\)/);
    expect(existsSync(electronLogs) ? readdirSync(electronLogs) : []).toEqual([]);
    // The updater is wired into the shipped bundle, and a development run (not packaged) says it
    // does not update itself instead of asking GitHub.
    await vi.waitFor(() => expect(readFileSync(mainLog, 'utf8')).toContain('updates: updates come with the installed app (this is a development run)'), { timeout: BUNDLE_LOG_TIMEOUT_MS, interval: 100 });
  }, 2 * BUNDLE_LOG_TIMEOUT_MS + BUNDLE_EXIT_TIMEOUT_MS);
});
