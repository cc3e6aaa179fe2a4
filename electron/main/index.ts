import { app, BrowserWindow, globalShortcut, Menu, safeStorage, screen, Tray } from 'electron';
import { join } from 'node:path';
import { CrashLog } from '../../core/base/node/crashLog.js';
import { defaultConfigPath, userConfigDir } from '../../core/config/node/configStore.js';
import { installCrashHandlers } from '../../core/config/node/processGuard.js';
import { StartGuard } from '../../core/config/node/startGuard.js';
import { createEngine } from '../../core/engine.js';
import { startShell } from './app.js';
import type { UiohookModule } from './globalPtt.js';
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
};

function log(line: string): void {
  process.stdout.write(`[stratus] ${line}\n`);
}

async function loadInputHook(): Promise<UiohookModule | null> {
  // uiohook's start() blocks the main thread (or aborts) where there is no X display to hook:
  // never try it there; global shortcuts (toggle mode) still work.
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    log('no X display: the global push-to-talk hook is off; push-to-talk falls back to global shortcuts');
    return null;
  }
  try {
    const mod = (await import('uiohook-napi')) as unknown as UiohookModule;
    return mod;
  } catch (e) {
    log(`uiohook-napi not available (${(e as Error).message}); push-to-talk falls back to global shortcuts`);
    return null;
  }
}

// The last line of defence (crash log, crash-loop guard's verdict), and the guard itself.
const startGuard = new StartGuard(defaultConfigPath());
installCrashHandlers({ crashLog: new CrashLog(userConfigDir()), guard: startGuard, log, exit: (code) => app.exit(code) });

startShell({
  deps,
  startGuard,
  // safeStorage works only once the app is ready: the engine is created after whenReady().
  createEngine: (extra) => createEngine({ log, secrets: appSecretStore(safeStorage, userConfigDir()), ...extra }),
  registerIpc: bindIpc,
  loadInputHook,
  paths: {
    preload: join(here, '../preload/index.cjs'),
    rendererDir: join(here, '../renderer'),
    iconDir: join(appRoot, 'assets/icons'),
  },
  argv: process.argv,
  log,
  now: () => performance.now(),
}).catch((e: unknown) => {
  log(`failed to start: ${(e as Error).stack ?? String(e)}`);
  app.exit(1);
});
