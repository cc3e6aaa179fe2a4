import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Shell } from './app.js';
import { MACOS_ACCESSIBILITY_URL } from './hookAvailability.js';
import type { HookStatus } from './hookProcess.js';
import type { FakeElectron, FakeUtilityProcess } from './testing/fakeElectron.js';
import { nextState, shellRig, type BootedShell, type BootOptions } from './testing/shellRig.js';

/**
 * The shell with the input hook in a real child process (the fake utilityProcess), and the login
 * item. The hook fixtures really abort (SIGABRT) or work; the shell must survive and fall back.
 */
const fixtures = join(import.meta.dirname, 'testing/hookFixtures');
const rig = shellRig('stratus-shell-hook-');

type FakeOpts = BootOptions['fake'];

async function boot(fakeOpts: FakeOpts, hookScript: string | null, prepare?: (fake: FakeElectron) => void, mode: 'hold' | 'toggle' = 'toggle'): Promise<BootedShell & { shell: Shell }> {
  const booted = await rig.boot({
    fake: fakeOpts,
    ...(prepare ? { prepare } : {}),
    engineSetup: async (engine) => {
      await engine.updateSettings({ ptt: { mode, binding: { kind: 'key', code: '91', label: 'F13' } } });
    },
    shell: { paths: hookScript ? { hookEntry: join(fixtures, hookScript) } : {} },
  });
  return { ...booted, shell: booted.shell! };
}

/** Why the push-to-talk key is unavailable ('' while it works or starts). */
function reasonOf(s: HookStatus): string {
  return s.state === 'unavailable' ? s.reason : '';
}

function exited(p: FakeUtilityProcess): Promise<void> {
  return new Promise((resolve) => (p.exited !== null ? resolve() : p.child.once('exit', () => resolve())));
}

describe('global push-to-talk hook cannot take the app down', () => {
  it('the hook process aborts: the app keeps running, says why, and F13 works as a toggle shortcut (hold mode)', async () => {
    const { fake, shell, logs } = await boot({}, 'abort.mjs', undefined, 'hold');
    expect(fake.utilityProcesses).toHaveLength(1);
    await exited(fake.utilityProcesses[0]!);
    expect(fake.utilityProcesses[0]!.child.signalCode).toBe('SIGABRT');
    expect(reasonOf(shell.ptt.hookStatus)).toMatch(/^push-to-talk key unavailable: the input hook process ended/);
    expect(logs.some((l) => /restarting the hook in \d+ ms/.test(l))).toBe(true);
    // The app is alive and push-to-talk still works through the fallback.
    fake.globalShortcut.registered.get('F13')!();
    await nextState(shell, (s) => s.ptt.pressed);
    fake.globalShortcut.registered.get('F13')!();
    await nextState(shell, (s) => !s.ptt.pressed);
  });

  it('a working hook process drives push-to-talk with real key-down/up, and the fallback shortcut goes away', async () => {
    const { fake, shell } = await boot({}, 'working.mjs');
    await new Promise<void>((resolve) => fake.utilityProcesses[0]!.child.once('message', () => resolve()));
    expect(shell.ptt.usesHook).toBe(true);
    expect(fake.globalShortcut.registered.has('F13')).toBe(false);
    fake.utilityProcesses[0]!.postMessage({ type: 'input', kind: 'key', code: 91, pressed: true });
    await nextState(shell, (s) => s.ptt.pressed);
    // Quit stops the hook process.
    await shell.quit();
    await exited(fake.utilityProcesses[0]!);
  });

  it('macOS without Accessibility: no hook process, the status says so, and its action opens System Settings', async () => {
    const { fake, shell } = await boot({ platform: 'darwin', accessibilityTrusted: false }, 'abort.mjs');
    expect(fake.utilityProcesses).toHaveLength(0);
    expect(shell.ptt.hookStatus).toEqual({
      state: 'unavailable',
      reason: 'push-to-talk key unavailable: grant Accessibility to Stratus',
      action: { label: 'Open Accessibility settings', url: MACOS_ACCESSIBILITY_URL },
    });
    expect(fake.globalShortcut.registered.has('F13')).toBe(true);
    // What the Settings window sees and its button does, through the real IPC handlers.
    const id = fake.windows[0]!.webContents.id;
    const status = await fake.ipc.invoke(id, 'shell:status');
    expect(status.result).toEqual({
      pttKey: { state: 'unavailable', reason: 'push-to-talk key unavailable: grant Accessibility to Stratus', action: { label: 'Open Accessibility settings', url: MACOS_ACCESSIBILITY_URL } },
      autostart: { supported: false, reason: 'start with the system works only in the installed app' },
      hotas: { state: 'unavailable', reason: 'HOTAS input unavailable: no HID process in this build' },
    });
    expect((await fake.ipc.invoke(id, 'input:openPttAction')).ok).toBe(true);
    expect(fake.opened).toEqual([MACOS_ACCESSIBILITY_URL]);
  });

  it('Linux Wayland-only session: no hook process, the reason, and the shortcut fallback', async () => {
    const { fake, shell } = await boot({ env: { WAYLAND_DISPLAY: 'wayland-0' } }, 'abort.mjs');
    expect(fake.utilityProcesses).toHaveLength(0);
    expect(reasonOf(shell.ptt.hookStatus)).toMatch(/^push-to-talk key unavailable: Wayland-only/);
    expect(fake.globalShortcut.registered.has('F13')).toBe(true);
  });
});

describe('start with the system', () => {
  it('under npm start (not packaged) bare Electron is never registered, and the status says why', async () => {
    const { fake, shell } = await boot({}, null);
    await shell.engine.updateSettings({ app: { startWithSystem: true } });
    expect(fake.app.loginItem).toBeNull();
    expect(shell.autostart()).toEqual({ supported: false, reason: 'start with the system works only in the installed app' });
  });

  it('an installed build registers its own executable', async () => {
    const { fake, shell } = await boot({}, null, (f) => (f.app.isPackaged = true));
    expect(shell.autostart()).toEqual({ supported: true });
    await shell.engine.updateSettings({ app: { startWithSystem: true, startMinimised: true } });
    expect(fake.app.loginItem).toEqual({ openAtLogin: true, path: '/opt/Stratus/stratus', args: ['--minimised'] });
  });

  it('the Windows portable exe registers the portable file, not its temporary unpack folder', async () => {
    const portable = 'D:\\Tools\\Stratus 1.0.0.exe';
    const { fake, shell } = await boot({ platform: 'win32', env: { PORTABLE_EXECUTABLE_FILE: portable } }, null, (f) => (f.app.isPackaged = true));
    await shell.engine.updateSettings({ app: { startWithSystem: true } });
    expect(fake.app.loginItem).toEqual({ openAtLogin: true, path: portable, args: [] });
  });
});
