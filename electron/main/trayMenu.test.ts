import { describe, expect, it, vi } from 'vitest';
import { contractVersion, type EngineState } from '../../core/api/common/contract.js';
import { trayMenuTemplate, trayStatusOf, type TrayActions, type TrayView } from './trayMenu.js';

function state(over: Partial<EngineState> & { phase?: EngineState['sim']['phase'] }): EngineState {
  const { phase = 'connected', ...rest } = over;
  return {
    contractVersion,
    version: 't',
    sim: { kind: 'xplane', phase, detail: 'X-Plane 12', aircraft: 'C172', packets: { received: 0, dropped: 0 } },
    telemetry: {} as EngineState['telemetry'],
    ptt: { mode: 'hold', pressed: false },
    stage: 'idle',
    levelDb: -100,
    engines: {} as EngineState['engines'],
    warnings: [],
    ui: { showTextInput: true, calloutsMuted: false },
    ...rest,
  };
}

describe('tray status', () => {
  it('follows the pipeline, with sim loss taking precedence', () => {
    expect(trayStatusOf(state({}))).toBe('idle');
    expect(trayStatusOf(state({ stage: 'listening' }))).toBe('listening');
    expect(trayStatusOf(state({ stage: 'speaking' }))).toBe('speaking');
    expect(trayStatusOf(state({ stage: 'thinking' }))).toBe('busy');
    expect(trayStatusOf(state({ stage: 'listening', phase: 'lost' }))).toBe('disconnected');
    expect(trayStatusOf(state({ phase: 'searching' }))).toBe('disconnected');
    expect(trayStatusOf(state({ phase: 'stale' }))).toBe('idle');
  });
});

describe('tray menu', () => {
  const view: TrayView = { status: 'idle', simLine: 'X-Plane 12 connected', overlayVisible: true, editingLayout: false, pttMode: 'toggle', calloutsMuted: false };
  const actions = (): TrayActions => ({
    toggleOverlay: vi.fn(),
    toggleEditLayout: vi.fn(),
    setPttMode: vi.fn(),
    setCalloutsMuted: vi.fn(),
    openSettings: vi.fn(),
    copyDiagnostics: vi.fn(),
    quit: vi.fn(),
  });

  it('has show/hide, PTT mode, mute, settings and quit, reflecting the view', () => {
    const menu = trayMenuTemplate(view, actions());
    const ids = menu.map((i) => i.id).filter(Boolean);
    expect(ids).toEqual(['status', 'overlay', 'edit-layout', 'ptt-mode', 'mute-callouts', 'settings', 'copy-diagnostics', 'quit']);
    expect(menu.find((i) => i.id === 'overlay')?.label).toBe('Hide overlay');
    expect(trayMenuTemplate({ ...view, overlayVisible: false }, actions()).find((i) => i.id === 'overlay')?.label).toBe('Show overlay');
    const modes = menu.find((i) => i.id === 'ptt-mode')?.submenu as { id: string; checked: boolean }[];
    expect(modes.filter((m) => m.checked).map((m) => m.id)).toEqual(['ptt-toggle']);
    expect(menu[0]?.label).toContain('X-Plane 12 connected');
  });

  it('wires each item to its action', () => {
    const a = actions();
    const menu = trayMenuTemplate(view, a);
    const click = (id: string): void => (menu.find((i) => i.id === id)?.click as () => void)();
    click('mute-callouts');
    click('quit');
    click('copy-diagnostics');
    (((menu.find((i) => i.id === 'ptt-mode')?.submenu as { id: string; click: () => void }[]) ?? []).find((m) => m.id === 'ptt-voice')!).click();
    expect(a.setCalloutsMuted).toHaveBeenCalledWith(true);
    expect(a.quit).toHaveBeenCalledOnce();
    expect(a.copyDiagnostics).toHaveBeenCalledOnce();
    expect(a.setPttMode).toHaveBeenCalledWith('voice');
  });

  it('shows the update item after "Copy diagnostics": a check action, or the "installs when you quit" notice', () => {
    const a = { ...actions(), checkForUpdates: vi.fn() };
    const menu = trayMenuTemplate({ ...view, update: { label: 'Check for updates', enabled: true, ready: false } }, a);
    expect(menu.map((i) => i.id).filter(Boolean).slice(-3)).toEqual(['copy-diagnostics', 'check-updates', 'quit']);
    (menu.find((i) => i.id === 'check-updates')?.click as () => void)();
    expect(a.checkForUpdates).toHaveBeenCalledOnce();
    const ready = trayMenuTemplate({ ...view, update: { label: 'Update ready — installs when you quit (0.2.0)', enabled: false, ready: true } }, a).find((i) => i.id === 'check-updates');
    expect(ready).toMatchObject({ label: 'Update ready — installs when you quit (0.2.0)', enabled: false });
  });
});
