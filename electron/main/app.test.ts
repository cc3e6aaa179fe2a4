import { describe, expect, it } from 'vitest';
import type { EngineState } from '../../core/api/common/contract.js';
import type { FakeWindow } from './testing/fakeElectron.js';
import { nextState, shellRig, type BootedShell } from './testing/shellRig.js';

const rig = shellRig();

function boot(opts: { lockAvailable?: boolean; argv?: string[] } = {}): Promise<BootedShell> {
  return rig.boot({ fake: { lockAvailable: opts.lockAvailable ?? true }, shell: { argv: opts.argv ?? [] } });
}

describe('desktop shell against the fake Electron and the real engine', () => {
  it('a second instance does not start: it quits and leaves the first one alone', async () => {
    const { fake, shell } = await boot({ lockAvailable: false });
    expect(shell).toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.windows).toHaveLength(0);
  });

  it('a second launch shows the overlay and focuses the settings window of the first', async () => {
    const { fake } = await boot();
    fake.app.emit('second-instance');
    const settings = fake.windows[1] as FakeWindow;
    expect(settings.loaded).toBe('/app/out/renderer/settings.html');
    settings.emit('ready-to-show');
    expect(settings.visible).toBe(true);
    fake.app.emit('second-instance');
    expect(fake.windows).toHaveLength(2);
    expect(settings.focused).toBe(true);
  });

  it('closing the overlay hides it and keeps running in the tray', async () => {
    const { fake, shell } = await boot();
    const overlay = fake.windows[0] as FakeWindow;
    overlay.emit('ready-to-show');
    overlay.close();
    expect(overlay.destroyed).toBe(false);
    expect(overlay.visible).toBe(false);
    expect(fake.app.quitCalls).toBe(0);
    expect(shell?.tray).toBeTruthy();
  });

  it('starts minimised when asked (no overlay shown); unpackaged, it never touches the login item', async () => {
    const { fake } = await boot({ argv: ['--minimised'] });
    (fake.windows[0] as FakeWindow).emit('ready-to-show');
    expect((fake.windows[0] as FakeWindow).visible).toBe(false);
    expect(fake.app.loginItem).toBeNull();
  });

  it('tray menu reflects the state and its items act on the engine', async () => {
    const { fake, shell } = await boot();
    const tray = fake.trays[0]!;
    const overlay = fake.windows[0] as FakeWindow;
    overlay.emit('ready-to-show');
    expect(tray.item('status')?.label).toMatch(/^Ready · Demo sim connected/);
    expect(tray.image).toBe('/app/assets/icons/tray-idle-22.png'); // Linux panels draw 22 px
    tray.click('mute-callouts');
    await nextState(shell!, (s) => s.ui.calloutsMuted);
    expect((shell!.engine.settings() as { callouts: { muted: boolean } }).callouts.muted).toBe(true);
    tray.click('ptt-toggle');
    await nextState(shell!, (s) => s.ptt.mode === 'toggle');
    tray.click('overlay');
    expect(overlay.visible).toBe(false);
    expect(tray.item('overlay')?.label).toBe('Show overlay');
    tray.click('settings');
    expect(fake.windows[1]?.loaded).toBe('/app/out/renderer/settings.html');
    tray.click('edit-layout');
    expect(overlay.ignoreMouse.ignore).toBe(false);
    expect(tray.item('edit-layout')?.checked).toBe(true);
  });

  it('pushes engine state (throttled) and events to its windows', async () => {
    const { fake, shell } = await boot();
    const overlay = fake.windows[0] as FakeWindow;
    // The broadcaster subscribed before this listener, so once a state arrives here it has been pushed.
    await nextState(shell!, () => overlay.webContents.sent.some((m) => m.channel === 'engine:state'));
    await fake.ipc.invoke(overlay.webContents.id, 'engine:execute', { type: 'text', text: 'heading two seven zero' });
    const events = overlay.webContents.sent.filter((m) => m.channel === 'engine:event').map((m) => (m.args[0] as { type: string }).type);
    expect(events).toContain('turnStarted');
    expect(events).toContain('turnEnded');
    expect(overlay.webContents.sent.some((m) => m.channel === 'engine:state')).toBe(true);
  });

  it('IPC: answers the overlay, refuses malformed payloads and strangers, and never passes them on', async () => {
    const { fake, shell, logs } = await boot();
    const id = (fake.windows[0] as FakeWindow).webContents.id;
    const hello = await fake.ipc.invoke(id, 'engine:hello');
    expect((hello.result as { state: EngineState }).state.sim.kind).toBe('demo');
    const bad = await fake.ipc.invoke(id, 'engine:execute', { type: 'pttDown', source: 'telepathy' });
    expect(bad.ok).toBe(false);
    expect(shell!.engine.state().ptt.pressed).toBe(false);
    expect((await fake.ipc.invoke(id + 1000, 'engine:execute', { type: 'pttDown' })).ok).toBe(false);
    expect(shell!.engine.state().ptt.pressed).toBe(false);
    expect(logs.filter((l) => l.startsWith('ipc: refused'))).toHaveLength(2);
    const badSettings = await fake.ipc.invoke(id, 'settings:update', { overlay: { opacity: 7 } });
    expect(badSettings.ok).toBe(false);
    expect(badSettings.error).toMatch(/opacity/);
  });

  it('settings changed anywhere reach the shell once, and every window hears settingsChanged', async () => {
    const { fake, shell } = await boot();
    const overlay = fake.windows[0] as FakeWindow;
    // Through the settings window's command path...
    const reply = await fake.ipc.invoke(overlay.webContents.id, 'engine:execute', { type: 'settingsUpdate', patch: { overlay: { opacity: 0.5 } } });
    expect(reply.result).toMatchObject({ changed: ['overlay.opacity'], restartNeeded: [] });
    expect(overlay.opacity).toBe(0.5);
    // ...and from inside the engine (a voice command, a model download), which no IPC call wraps.
    await shell!.engine.updateSettings({ app: { startWithSystem: true }, overlay: { opacity: 0.6 } });
    expect(overlay.opacity).toBe(0.6);
    // Not an installed build (the fake is unpackaged): bare Electron is never registered (app.hook.test.ts).
    expect(fake.app.loginItem).toBeNull();
    const changes = overlay.webContents.sent.filter((m) => m.channel === 'engine:event' && (m.args[0] as { type: string }).type === 'settingsChanged');
    expect(changes.map((m) => (m.args[0] as { sections: string[] }).sections)).toEqual([['overlay'], ['overlay', 'app']]);
  });

  it('joystick PTT: a captured binding then drives pttDown/pttUp', async () => {
    const { fake, shell } = await boot();
    const id = (fake.windows[0] as FakeWindow).webContents.id;
    const capture = fake.ipc.invoke(id, 'input:captureBinding');
    await fake.ipc.invoke(id, 'input:gamepadButton', { gamepadIndex: 0, button: 4, pressed: true });
    const binding = (await capture).result;
    expect(binding).toEqual({ kind: 'joystick', code: '0:4', label: 'Joystick 1 button 5' });
    expect((await fake.ipc.invoke(id, 'settings:update', { ptt: { binding } })).ok).toBe(true);
    await fake.ipc.invoke(id, 'input:gamepadButton', { gamepadIndex: 0, button: 4, pressed: false });
    await fake.ipc.invoke(id, 'input:gamepadButton', { gamepadIndex: 0, button: 4, pressed: true });
    await nextState(shell!, (s) => s.ptt.pressed);
    await fake.ipc.invoke(id, 'input:gamepadButton', { gamepadIndex: 0, button: 4, pressed: false });
    await nextState(shell!, (s) => !s.ptt.pressed);
  });

  it('quit disposes windows, tray and IPC and quits the app', async () => {
    const { fake, shell } = await boot();
    await shell!.quit();
    rig.forget(shell!);
    expect((fake.windows[0] as FakeWindow).destroyed).toBe(true);
    expect(fake.trays[0]?.destroyed).toBe(true);
    expect(fake.ipc.handlers.size).toBe(0);
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.app.quitted).toBe(true);
  });

  it('a quit from outside (OS logout) first disposes the engine, then quits', async () => {
    const { fake, shell } = await boot();
    const engineStopped = new Promise<void>((resolve) => {
      const dispose = shell!.engine.dispose.bind(shell!.engine);
      shell!.engine.dispose = async () => {
        await dispose();
        resolve();
      };
    });
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await engineStopped;
    await expect.poll(() => fake.app.quitted).toBe(true);
    expect((fake.windows[0] as FakeWindow).destroyed).toBe(true);
    rig.forget(shell!);
  });
});
