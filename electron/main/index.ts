import { app, BrowserWindow, clipboard, globalShortcut, Menu, Notification, safeStorage, screen, shell, systemPreferences, Tray, utilityProcess } from 'electron';
import { join } from 'node:path';
import { defaultConfigPath, userConfigDir } from '../../core/config/node/configStore.js';
import { createHostLog, defaultLogDir, hostCrashLog } from '../../core/config/node/hostLog.js';
import { installCrashHandlers } from '../../core/config/node/processGuard.js';
import { StartGuard } from '../../core/config/node/startGuard.js';
import { createEngine } from '../../core/engine.js';
import { startShell } from './app.js';
import { applyEarlySettings } from './earlySettings.js';
import { bindIpc } from './ipc.js';
import { appSecretStore } from './secrets.js';
import type { ShellDeps } from './shellTypes.js';

/**
 * Electron main entry (out/main/index.js). The only module besides ipc.ts that touches the
 * electron module: it builds ShellDeps from the real APIs and hands over to startShell.
 */
const here = import.meta.dirname;
/** The app root: the repo in development, app.asar when packaged (assets/ ships inside it). */
const appRoot = join(here, '../..');

// Transparent windows on Linux need the compositor's ARGB visuals.
if (process.platform === 'linux') app.commandLine.appendSwitch('enable-transparent-visuals');

/** Our windows show only our pages: no pop-ups, no navigating away (the preload stays ours). */
function hardened(win: BrowserWindow): BrowserWindow {
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  return win;
}

const deps: ShellDeps = {
  app,
  createWindow: (options) => hardened(new BrowserWindow(options)),
  createTray: (image) => {
    const tray = new Tray(image);
    return {
      setImage: (p) => tray.setImage(p),
      setToolTip: (t) => tray.setToolTip(t),
      setContextMenu: (template) => tray.setContextMenu(Menu.buildFromTemplate(template)),
      on: (event, listener) => tray.on(event, listener),
      destroy: () => tray.destroy(),
    };
  },
  displays: () => ({ all: screen.getAllDisplays(), primary: screen.getPrimaryDisplay() }),
  globalShortcut,
  platform: process.platform,
  safeStorage,
  // The input hook (uiohook-napi) runs in a utility process: its abort or hang ends only that process.
  forkUtility: (modulePath) => utilityProcess.fork(modulePath, [], { serviceName: 'Stratus input hook' }),
  isTrustedAccessibilityClient: (prompt) => systemPreferences.isTrustedAccessibilityClient(prompt),
  openExternal: (url) => shell.openExternal(url),
  env: process.env,
  execPath: process.execPath,
  // Loaded only where updates can apply (updater.ts updateSupport): npm start never loads it.
  autoUpdater: async () => {
    const m = await import('electron-updater');
    return m.autoUpdater ?? m.default.autoUpdater;
  },
  resourcesPath: process.resourcesPath,
  clipboard: { writeText: (text) => clipboard.writeText(text) },
  notify: (title, body) => {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  },
};

/** Every main-process line: redacted, to the rotating main.log and to stdout, in the one log folder (beside crash.log). */
const log = createHostLog({ dir: defaultLogDir(), name: 'main', echo: (line) => void process.stdout.write(`[stratus] ${line}\n`) });

// Before ready, or Chromium has already chosen the GPU: the fix for a black transparent overlay.
applyEarlySettings(app, defaultConfigPath(), log);

// The last line of defence (crash log, crash-loop guard's verdict), and the guard itself.
const startGuard = new StartGuard(defaultConfigPath());
installCrashHandlers({ crashLog: hostCrashLog(), guard: startGuard, log, exit: (code) => app.exit(code) });

startShell({
  deps,
  startGuard,
  // safeStorage works only once the app is ready: the engine is created after whenReady().
  createEngine: (extra) => createEngine({ log, secrets: appSecretStore(safeStorage, userConfigDir()), ...extra }),
  registerIpc: bindIpc,
  paths: {
    preload: join(here, '../preload/index.cjs'),
    rendererDir: join(here, '../renderer'),
    iconDir: join(appRoot, 'assets/icons'),
    hookEntry: join(here, 'hookProcess.js'),
    hidEntry: join(here, 'hidProcess.js'),
  },
  argv: process.argv,
  log,
  logTail: (n) => log.tail(n),
  logFile: log.file,
  logDir: defaultLogDir(),
  now: () => performance.now(),
}).catch((e: unknown) => {
  log(`failed to start: ${(e as Error).stack ?? String(e)}`);
  app.exit(1);
});
