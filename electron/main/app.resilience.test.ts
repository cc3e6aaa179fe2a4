import { describe, expect, it, vi } from 'vitest';
import type { Shell } from './app.js';
import { RENDERER_RELOAD_BASE_MS } from './crashReload.js';
import type { FakeWindow } from './testing/fakeElectron.js';
import { shellRig, type BootedShell } from './testing/shellRig.js';

/** Waiting for the shell to react (a reload after its backoff, a settings round trip): the backoff plus slack for a busy CI core. */
const REACT_TIMEOUT_MS = RENDERER_RELOAD_BASE_MS + 4000;

const rig = shellRig('stratus-resilience-');

async function boot(): Promise<BootedShell & { shell: Shell }> {
  const booted = await rig.boot();
  if (!booted.shell) throw new Error('the shell did not start');
  return { ...booted, shell: booted.shell };
}

describe('desktop shell survives a pilot PC (fake Electron, real engine)', () => {
  it('the interact hotkey toggles the overlay click-through, and follows its setting', async () => {
    const { fake, shell } = await boot();
    const overlay = fake.windows[0] as FakeWindow;
    const press = fake.globalShortcut.registered.get('CommandOrControl+Shift+Space');
    expect(press).toBeDefined();
    press!();
    expect(overlay.ignoreMouse.ignore).toBe(false);
    press!();
    expect(overlay.ignoreMouse).toEqual({ ignore: true, forward: true });
    await shell.engine.updateSettings({ overlay: { interactHotkey: 'CommandOrControl+Alt+F10' } });
    await vi.waitFor(() => expect(fake.globalShortcut.registered.has('CommandOrControl+Alt+F10')).toBe(true), { timeout: REACT_TIMEOUT_MS });
    expect(fake.globalShortcut.registered.has('CommandOrControl+Shift+Space')).toBe(false);
    await shell.quit();
    expect(fake.globalShortcut.registered.has('CommandOrControl+Alt+F10')).toBe(false);
  });

  it('an overlay whose renderer crashed is reloaded', async () => {
    const { fake, logs } = await boot();
    const overlay = fake.windows[0] as FakeWindow;
    overlay.webContents.crash('crashed', 139);
    await vi.waitFor(() => expect(overlay.webContents.reloads).toBe(1), { timeout: REACT_TIMEOUT_MS, interval: 50 });
    expect(logs.some((l) => l.startsWith('overlay: page crashed (crashed, exit 139)'))).toBe(true);
  });

  it('"Copy diagnostics" puts versions, OS, engine status and the redacted log tail on the clipboard', async () => {
    const { fake, logs } = await boot();
    logs.push('llm: request to https://pilot:hunter22@llm.example.com failed');
    fake.trays[0]!.click('copy-diagnostics');
    const text = fake.clipboard.at(-1) ?? '';
    expect(text).toContain('Stratus 0.0.0-test diagnostics');
    expect(text).toMatch(/OS: linux /);
    expect(text).toContain(`Node ${process.versions.node}`);
    expect(text).toMatch(/Engine audio: \w+/);
    expect(text).toMatch(/Sim: demo /);
    expect(text).toContain('llm: request to https://***@llm.example.com failed');
    expect(text).not.toContain('hunter22');
  });
});
