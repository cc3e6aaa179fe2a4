import { describe, expect, it } from 'vitest';
import { contractVersion, type EngineCommand, type EngineState, type ResultOf } from '../../core/api/common/contract.js';
import { defaultConfig } from '../../core/config/common/configSchema.js';
import { invokeChannels } from '../common/channels.js';
import { registerIpcHandlers, type IpcDeps } from './ipcHandlers.js';
import { FakeIpcMain } from './testing/fakeElectron.js';

const TRUSTED = 7;

function setup() {
  const executed: EngineCommand[] = [];
  const patches: unknown[] = [];
  const logs: string[] = [];
  const gamepad: unknown[] = [];
  const ipc = new FakeIpcMain();
  const deps: IpcDeps = {
    engine: {
      state: () => ({ contractVersion }) as EngineState,
      execute: async <C extends EngineCommand>(c: C) => {
        executed.push(c);
        return null as unknown as ResultOf<C>;
      },
      settings: () => defaultConfig(),
      updateSettings: async (p) => {
        patches.push(p);
        if (p.overlay?.opacity === 5) throw new Error('overlay.opacity: Too big');
        return { ...defaultConfig(), overlay: { ...defaultConfig().overlay, opacity: p.overlay?.opacity ?? 0.92 } };
      },
    },
    isTrustedSender: (id) => id === TRUSTED,
    openSettings: () => {},
    setEditLayout: () => {},
    setInteractive: () => {},
    gamepadButton: (e) => gamepad.push(e),
    captureBinding: async () => null,
    log: (l) => logs.push(l),
  };
  const reg = registerIpcHandlers(ipc, deps);
  return { ipc, reg, executed, patches, logs, gamepad };
}

describe('IPC handlers validate every payload', () => {
  it('passes a valid command to the engine (with contract defaults applied)', async () => {
    const { ipc, executed } = setup();
    const reply = await ipc.invoke(TRUSTED, 'engine:execute', { type: 'pttDown' });
    expect(reply.ok).toBe(true);
    expect(executed).toEqual([{ type: 'pttDown', source: 'api' }]);
  });

  it.each([
    ['unknown type', [{ type: 'format-disk' }]],
    ['extra field', [{ type: 'text', text: 'hi', admin: true }]],
    ['empty text', [{ type: 'text', text: '' }]],
    ['not an object', ['pttDown']],
    ['no payload', []],
    ['two payloads', [{ type: 'cancel' }, { type: 'cancel' }]],
  ])('refuses a malformed command (%s) without reaching the engine', async (_name, args) => {
    const { ipc, executed, logs, reg } = setup();
    const reply = await ipc.invoke(TRUSTED, 'engine:execute', ...args);
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^engine:execute: invalid payload/);
    expect(executed).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(reg.rejected()).toBe(1);
  });

  it('refuses calls from a window that is not ours', async () => {
    const { ipc, executed } = setup();
    const reply = await ipc.invoke(99, 'engine:execute', { type: 'cancel' });
    expect(reply).toEqual({ ok: false, error: 'engine:execute: sender is not a Stratus window' });
    expect(executed).toEqual([]);
  });

  it('validates gamepad edges and setting patches, and reports engine refusals as errors', async () => {
    const { ipc, gamepad, patches } = setup();
    expect((await ipc.invoke(TRUSTED, 'input:gamepadButton', { gamepadIndex: 0, button: 3, pressed: true })).ok).toBe(true);
    expect((await ipc.invoke(TRUSTED, 'input:gamepadButton', { gamepadIndex: -1, button: 3, pressed: true })).ok).toBe(false);
    expect((await ipc.invoke(TRUSTED, 'input:gamepadButton', { gamepadIndex: 0, button: 3, pressed: 'yes' })).ok).toBe(false);
    expect(gamepad).toHaveLength(1);
    expect((await ipc.invoke(TRUSTED, 'settings:update', 'opacity=5')).ok).toBe(false);
    expect(patches).toEqual([]);
    const refused = await ipc.invoke(TRUSTED, 'settings:update', { overlay: { opacity: 5 } });
    expect(refused).toEqual({ ok: false, error: 'overlay.opacity: Too big' });
    expect(await ipc.invoke(TRUSTED, 'settings:update', { overlay: { opacity: 0.5 } })).toMatchObject({ ok: true, result: { overlay: { opacity: 0.5 } } });
    expect((await ipc.invoke(TRUSTED, 'settings:update', ['opacity'])).error).toMatch(/expected an object of settings/);
    expect((await ipc.invoke(TRUSTED, 'overlay:setEditLayout', 'on')).ok).toBe(false);
  });

  it('removes its handlers on dispose', () => {
    const { ipc, reg } = setup();
    expect(ipc.handlers.size).toBe(Object.keys(invokeChannels).length);
    reg.dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});
