import type { EngineCommand, EngineState } from '../../core/api/common/contract.js';
import type { EngineApi } from '../../core/api/common/engineApi.js';
import { LatestThrottle } from '../../core/api/common/throttle.js';
import type { Config, SettingsPatch } from '../../core/config/common/configSchema.js';
import type { ConfigWarning } from '../../core/config/node/configStore.js';
import type { StartGuard } from '../../core/config/node/startGuard.js';
import { arch, release } from 'node:os';
import { pushChannels } from '../common/channels.js';
import { CrashReloader } from './crashReload.js';
import { diagnosticsText } from './diagnostics.js';
import { InteractHotkey } from './interactHotkey.js';
import { applyAutostart, type AutostartSupport } from './autostart.js';
import { GlobalPtt } from './globalPtt.js';
import { hookAvailability } from './hookAvailability.js';
import type { KeyPresser } from '../../core/custom/common/customRunner.js';
import { HookProcessHost } from './hookProcess.js';
import { HotasPtt } from './hidPtt.js';
import { windowClient, type IpcDeps, type registerIpcHandlers } from './ipcHandlers.js';
import { keycodeForBinding } from './keyNames.js';
import { OverlayWindow } from './overlayWindow.js';
import { PttInputRouter } from './pttInput.js';
import { SettingsWindow } from './settingsWindow.js';
import type { ShellDeps, WindowLike } from './shellTypes.js';
import type { ShellStatus } from '../../renderer/lib/preloadApi.js';
import { TrayController } from './trayController.js';
import { trayIconFileFor } from './trayIcons.js';
import type { TrayStatus } from './trayMenu.js';
import { shellUpdater, updateMenuLine } from './updater.js';

/** The UI gets engine state at most this often (the overlay's budget is < 2 % of a core). */
export const UI_STATE_INTERVAL_MS = 100;

export interface ShellOptions {
  deps: ShellDeps;
  /** `startWarnings`: the crash-loop guard's safe-mode warning, for the engine to show with its own. */
  /** `keys`: presses keys for the pilot's own commands through the input hook (started after the engine). */
  createEngine(extra: { startWarnings?: ConfigWarning[]; keys?: KeyPresser }): Promise<EngineApi>;
  /** The crash-loop guard on the settings file (core/config/node/startGuard.ts); absent in tests that do not need it. */
  startGuard?: StartGuard;
  /** Binds the IPC handlers (ipc.ts in the app, a fake ipcMain in tests). */
  registerIpc(deps: IpcDeps): ReturnType<typeof registerIpcHandlers>;
  /**
   * hookEntry: the input-hook utility process (out/main/hookProcess.js); absent: keys use the shortcut fallback.
   * hidEntry: the HID utility process (out/main/hidProcess.js); absent: joysticks only through the overlay's Gamepad API.
   */
  paths: { preload: string; rendererDir: string; iconDir: string; hookEntry?: string; hidEntry?: string };
  argv: string[];
  log: (line: string) => void;
  /** The log's last lines and its file (electron/main/mainLog.ts), for "Copy diagnostics". */
  logTail?: (n?: number) => string[];
  logFile?: string;
  /** The one log folder (core/config/node/hostLog.ts defaultLogDir): main.log and crash.log. */
  logDir?: string;
  now: () => number;
}

export interface Shell {
  readonly engine: EngineApi;
  readonly overlay: OverlayWindow;
  readonly settings: SettingsWindow;
  readonly tray: TrayController;
  readonly ptt: GlobalPtt;
  /** Push-to-talk from a HOTAS button read natively (node-hid in its own process). */
  readonly hotas: HotasPtt;
  /** Whether "Start with the system" can work in this build (only the installed app). */
  readonly autostart: () => AutostartSupport;
  /** Opens the system page the push-to-talk status points at (macOS Accessibility), if any. */
  openPttAction(): void;
  readonly ipc: ReturnType<typeof registerIpcHandlers>;
  quit(): Promise<void>;
}

/** Engine client ids of the two push-to-talk inputs the main process forwards. */
const GAMEPAD_CLIENT = 'gamepad';
const HOOK_CLIENT = 'hook';
/** HOTAS buttons read natively: their own client, so the overlay going away does not release them. */
const HOTAS_CLIENT = 'hotas';

function inputClient(command: EngineCommand): string {
  return 'source' in command && command.source === 'joystick' ? GAMEPAD_CLIENT : HOOK_CLIENT;
}

/**
 * The desktop shell: single instance, engine, overlay, settings window, tray, global PTT and
 * the IPC bridge. Returns null when another instance already runs (that one is focused instead).
 * Closing windows keeps it in the tray; only Quit ends it.
 */
export async function startShell(o: ShellOptions): Promise<Shell | null> {
  const { deps } = o;
  if (!deps.app.requestSingleInstanceLock()) {
    o.log('another Stratus is running; handing over to it');
    deps.app.quit();
    return null;
  }
  await deps.app.whenReady();
  // Two quick failed starts with these settings: this one starts in safe mode, and says so.
  const safeMode = o.startGuard?.begin();
  if (safeMode) o.log(`warning: ${safeMode.warning.message}`);
  o.startGuard?.breadcrumb('engine');
  // The hook starts after the engine: key presses reach it through this late-bound presser.
  let hookForKeys: HookProcessHost | null = null;
  const keys: KeyPresser = { press: (key, modifiers) => (hookForKeys ? hookForKeys.keyTap(key, modifiers) : Promise.resolve('key presses need the input hook, which is not available')) };
  const engine = await o.createEngine(safeMode ? { startWarnings: [safeMode.warning], keys } : { keys });
  o.startGuard?.running();
  let cfg = engine.settings();
  let quitting = false;

  const startHidden = cfg.app.startMinimised || o.argv.includes('--minimised');
  const saveBounds = (bounds: { x: number; y: number; width: number; height: number }): void => {
    engine.updateSettings({ overlay: { position: 'custom', bounds } }).catch((e: unknown) => o.log(`overlay: could not save its place: ${String(e)}`));
  };
  const overlay = new OverlayWindow(deps, cfg.overlay, o.paths, saveBounds, startHidden);
  const windows = new Set<WindowLike>();
  const reloaders = new Set<CrashReloader>();
  /** A window whose page crashed or closed lets go of the push-to-talk it held. */
  const track = (win: WindowLike): void => {
    windows.add(win);
    const gone = (): void => {
      engine.releaseClient(windowClient(win.webContents.id));
      if (win === overlay.win) engine.releaseClient(GAMEPAD_CLIENT);
    };
    win.webContents.on('render-process-gone', gone);
    win.webContents.on('destroyed', gone);
    // A crashed page is reloaded with backoff; one that keeps crashing stays down with a notice.
    const name = win === overlay.win ? 'overlay' : 'settings window';
    const reloader = new CrashReloader(win, { name, log: o.log, notify: (title, body) => deps.notify(title, body), now: o.now });
    reloaders.add(reloader);
    win.webContents.on('destroyed', () => reloaders.delete(reloader));
  };
  track(overlay.win);
  const settings = new SettingsWindow(deps, o.paths.preload, o.paths.rendererDir, (win) => {
    for (const w of windows) if (w !== overlay.win) windows.delete(w);
    if (win) track(win);
  });
  // Toggles the overlay's click-through on every OS (Linux has no hover forwarding to do it).
  const interactKey = new InteractHotkey(deps.globalShortcut, () => void overlay.toggleInteract(), o.log);
  overlay.win.on('close', (e) => {
    if (quitting) return;
    e.preventDefault();
    overlay.win.hide();
  });

  // Global keys/mouse (the hook) and joystick buttons (read in the overlay) are separate clients:
  // the overlay's renderer going away releases a joystick press it reported.
  const router: PttInputRouter = new PttInputRouter(
    (command) => void engine.execute(command, { client: inputClient(command) }).catch((e: unknown) => o.log(`ptt: ${String(e)}`)),
    (b) => (b.kind === 'key' ? keycodeForBinding(b.code, ptt.keyTable) : b.code),
  );
  const ptt: GlobalPtt = new GlobalPtt(router, deps.globalShortcut, o.now, o.log);
  const env = deps.env ?? {};
  const { hookEntry } = o.paths;
  const hookHost =
    hookEntry && deps.forkUtility
      ? new HookProcessHost({
          fork: () => deps.forkUtility!(hookEntry),
          availability: () => hookAvailability({ platform: deps.platform, env, ...(deps.isTrustedAccessibilityClient ? { isTrustedAccessibilityClient: (p: boolean) => deps.isTrustedAccessibilityClient!(p) } : {}) }),
          onInput: (e) => ptt.hookInput(e),
          onStatus: (s, keys) => {
            ptt.setHookStatus(s, keys);
            pushShellStatus();
          },
          log: o.log,
          now: o.now,
        })
      : null;
  hookForKeys = hookHost;
  if (!hookHost) ptt.setHookStatus({ state: 'unavailable', reason: 'push-to-talk key unavailable: no input hook in this build' }, {});
  // Status changes reach open windows live; set once the windows' broadcast exists (below).
  let pushShellStatus = (): void => {};
  const { hidEntry } = o.paths;
  const hotas = new HotasPtt({
    ...(hidEntry && deps.forkUtility ? { fork: () => deps.forkUtility!(hidEntry) } : {}),
    send: (command) => void engine.execute(command, { client: HOTAS_CLIENT }).catch((e: unknown) => o.log(`ptt: ${String(e)}`)),
    onStatus: () => pushShellStatus(),
    log: o.log,
    now: o.now,
  });
  let autostart: AutostartSupport = { supported: false, reason: 'start with the system works only in the installed app' };

  // Installed builds only: checks at start and every few hours, installs on quit (never a restart).
  const updater = shellUpdater(deps, { automatic: cfg.app.autoUpdate, log: o.log, onStatus: () => tray.refresh(engine.state()) });
  const trayIcon = (status: TrayStatus): string => `${o.paths.iconDir}/${trayIconFileFor(status, deps.platform)}`;
  const tray = new TrayController(deps.createTray(trayIcon('idle')), trayIcon, {
    toggleOverlay: () => {
      overlay.toggleVisible();
      tray.refresh(engine.state());
    },
    toggleEditLayout: () => {
      overlay.setEditLayout(!overlay.editingLayout);
      tray.refresh(engine.state());
    },
    setPttMode: (mode) => updateSettings({ ptt: { mode } }),
    setCalloutsMuted: (muted) => updateSettings({ callouts: { muted } }),
    openSettings: () => settings.open(),
    copyDiagnostics: () => {
      deps.clipboard.writeText(
        diagnosticsText({
          appVersion: deps.app.getVersion(),
          platform: deps.platform,
          arch: arch(),
          osRelease: release(),
          versions: process.versions,
          state: engine.state(),
          logFile: o.logFile ?? '(stdout only)',
          ...(o.logDir ? { logDir: o.logDir } : {}),
          logTail: o.logTail?.() ?? [],
          extra: { 'Hardware acceleration': cfg.app.disableHardwareAcceleration ? 'disabled' : 'on', 'Overlay interact mode': overlay.interactMode ? 'on' : 'off' },
        }),
      );
      o.log('diagnostics copied to the clipboard');
    },
    checkForUpdates: () => void updater.checkNow(),
    quit: () => void shell.quit(),
  }, () => ({ overlayVisible: overlay.win.isVisible(), editingLayout: overlay.editingLayout, update: updateMenuLine(updater.status) }));

  /** The shell's share of the settings: overlay look and place, push-to-talk binding, login item. */
  function applySettings(next: Config): void {
    cfg = next;
    overlay.applyConfig(cfg.overlay);
    interactKey.set(cfg.overlay.interactHotkey);
    updater.setAutomatic(cfg.app.autoUpdate);
    ptt.setBinding(cfg.ptt.binding, cfg.ptt.mode);
    hotas.setBinding(cfg.ptt.hotas);
    autostart = applyAutostart(deps.app, { enabled: cfg.app.startWithSystem, minimised: cfg.app.startMinimised, execPath: deps.execPath, env });
    if (!autostart.supported && cfg.app.startWithSystem) o.log(`settings: ${autostart.reason}`);
  }
  /** Tray changes; whoever changes settings, the engine's settingsChanged brings them to the shell. */
  function updateSettings(patch: SettingsPatch): void {
    engine.updateSettings(patch).catch((e: unknown) => o.log(`settings: ${String(e)}`));
  }
  applySettings(cfg);
  // After the binding is known: the fallback shortcut is registered until the hook says ready.
  hookHost?.start();
  hotas.start();
  updater.start();

  const broadcast = (channel: string, payload: unknown): void => {
    for (const w of windows) if (!w.isDestroyed() && !w.webContents.isDestroyed()) w.webContents.send(channel, payload);
  };
  const stateOut = new LatestThrottle<EngineState>(UI_STATE_INTERVAL_MS, (s) => {
    broadcast(pushChannels.state, s);
    tray.update(s);
  });
  const unsubs = [
    engine.onState((s) => stateOut.push(s)),
    engine.onEvent((e) => {
      if (e.type === 'settingsChanged') applySettings(e.settings);
      broadcast(pushChannels.event, e);
    }),
  ];
  tray.update(engine.state());

  const ipc = o.registerIpc({
    engine,
    isTrustedSender: (id) => [...windows].some((w) => !w.isDestroyed() && w.webContents.id === id),
    openSettings: () => void settings.open(),
    setEditLayout: (on) => {
      overlay.setEditLayout(on);
      tray.refresh(engine.state());
    },
    setInteractive: (on) => overlay.setInteractive(on),
    gamepadButton: (e) => {
      ptt.gamepadButton(e);
      hotas.gamepadFallback(e);
    },
    captureBinding: () => ptt.capture(),
    shellStatus: () => shellStatus(),
    bindHotas: () => hotas.bind(),
    openPttAction: () => shell.openPttAction(),
    log: o.log,
  });

  const shellStatus = (): ShellStatus => ({ pttKey: ptt.hookStatus, autostart, hotas: hotas.status });
  pushShellStatus = () => broadcast(pushChannels.shellStatus, shellStatus());
  // Back from System Settings (Accessibility granted): start the hook now, no restart needed.
  deps.app.on('browser-window-focus', () => {
    hookHost?.recheck();
  });

  deps.app.on('second-instance', () => {
    overlay.win.showInactive();
    settings.open();
  });
  deps.app.on('window-all-closed', () => {
    // Stay in the tray: only Quit ends Stratus.
  });
  let disposed = false;
  deps.app.on('before-quit', (e) => {
    quitting = true;
    // Quit from anywhere (OS logout, Cmd+Q): release the engine first, then quit for real.
    if (disposed) return;
    e.preventDefault();
    void shell.quit();
  });

  const shell: Shell = {
    engine,
    overlay,
    settings,
    tray,
    ptt,
    hotas,
    autostart: () => autostart,
    openPttAction() {
      const s = ptt.hookStatus;
      if (s.state === 'unavailable' && s.action && deps.openExternal) deps.openExternal(s.action.url).catch((e: unknown) => o.log(`ptt: could not open ${s.action?.url}: ${String(e)}`));
    },
    ipc,
    async quit() {
      if (disposed) return;
      disposed = true;
      quitting = true;
      o.startGuard?.cleanExit();
      for (const u of unsubs) u();
      stateOut.dispose();
      ipc.dispose();
      hookHost?.dispose();
      hotas.dispose();
      updater.dispose();
      ptt.dispose();
      interactKey.dispose();
      for (const r of reloaders) r.dispose();
      reloaders.clear();
      tray.dispose();
      settings.dispose();
      overlay.dispose();
      windows.clear();
      await engine.dispose();
      deps.app.quit();
    },
  };
  return shell;
}
