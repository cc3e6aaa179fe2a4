import type { MenuItemConstructorOptions } from 'electron';
import type { EngineState } from '../../core/api/common/contract.js';

export type TrayStatus = 'idle' | 'listening' | 'speaking' | 'busy' | 'disconnected';

/** The tray icon's state: the sim link first (nothing works without it), then the pipeline. */
export function trayStatusOf(state: EngineState): TrayStatus {
  if (state.sim.phase !== 'connected' && state.sim.phase !== 'stale') return 'disconnected';
  switch (state.stage) {
    case 'listening':
      return 'listening';
    case 'speaking':
      return 'speaking';
    case 'transcribing':
    case 'thinking':
    case 'acting':
      return 'busy';
    default:
      return 'idle';
  }
}

const statusText: Record<TrayStatus, string> = {
  idle: 'Ready',
  listening: 'Listening',
  speaking: 'Speaking',
  busy: 'Working',
  disconnected: 'Sim disconnected',
};

export interface TrayView {
  status: TrayStatus;
  simLine: string;
  overlayVisible: boolean;
  editingLayout: boolean;
  pttMode: EngineState['ptt']['mode'];
  calloutsMuted: boolean;
  /** The update item (electron/main/updater.ts updateMenuLine); absent: no update item. */
  update?: { label: string; enabled: boolean; ready: boolean };
}

export interface TrayActions {
  toggleOverlay: () => void;
  toggleEditLayout: () => void;
  setPttMode: (mode: EngineState['ptt']['mode']) => void;
  setCalloutsMuted: (muted: boolean) => void;
  openSettings: () => void;
  /** Versions, OS, engine status and the log's tail (redacted) to the clipboard, for a bug report. */
  copyDiagnostics: () => void;
  /** Checks for an update now (the result is notified once). */
  checkForUpdates?: () => void;
  quit: () => void;
}

export function trayTooltip(view: TrayView): string {
  return `Stratus: ${statusText[view.status]} · ${view.simLine}`;
}

/** The tray menu for one state. Pure: the same view always gives the same menu. */
export function trayMenuTemplate(view: TrayView, act: TrayActions): MenuItemConstructorOptions[] {
  const modes: { mode: TrayView['pttMode']; label: string }[] = [
    { mode: 'hold', label: 'Hold to talk' },
    { mode: 'toggle', label: 'Press to talk / press to stop' },
    { mode: 'voice', label: 'Voice activated' },
  ];
  return [
    { id: 'status', label: `${statusText[view.status]} · ${view.simLine}`, enabled: false },
    { type: 'separator' },
    { id: 'overlay', label: view.overlayVisible ? 'Hide overlay' : 'Show overlay', click: () => act.toggleOverlay() },
    { id: 'edit-layout', label: 'Edit overlay layout', type: 'checkbox', checked: view.editingLayout, click: () => act.toggleEditLayout() },
    {
      id: 'ptt-mode',
      label: 'Push-to-talk mode',
      submenu: modes.map((m) => ({ id: `ptt-${m.mode}`, label: m.label, type: 'radio' as const, checked: view.pttMode === m.mode, click: () => act.setPttMode(m.mode) })),
    },
    { id: 'mute-callouts', label: 'Mute callouts', type: 'checkbox', checked: view.calloutsMuted, click: () => act.setCalloutsMuted(!view.calloutsMuted) },
    { type: 'separator' },
    { id: 'settings', label: 'Settings…', click: () => act.openSettings() },
    { id: 'copy-diagnostics', label: 'Copy diagnostics', click: () => act.copyDiagnostics() },
    ...(view.update ? [{ id: 'check-updates', label: view.update.label, enabled: view.update.enabled, click: () => act.checkForUpdates?.() }] : []),
    { id: 'quit', label: 'Quit Stratus', click: () => act.quit() },
  ];
}
