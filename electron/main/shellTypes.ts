import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, Rectangle } from 'electron';
import type { AutoUpdaterLike } from './updater.js';

/**
 * The slice of Electron the shell uses. index.ts passes the real modules; tests pass
 * testing/fakeElectron.ts. Types are erased at run time, so nothing here loads Electron.
 */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  setZoomFactor(factor: number): void;
  isDestroyed(): boolean;
  /** The page's process crashed or the contents were destroyed: whatever it held must be let go. */
  on(event: 'render-process-gone' | 'destroyed', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
  /** Loads the page again (after its renderer process crashed). */
  reload(): void;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  loadFile(path: string, options?: { query?: Record<string, string> }): Promise<void>;
  show(): void;
  showInactive(): void;
  hide(): void;
  focus(): void;
  close(): void;
  isDestroyed(): boolean;
  isVisible(): boolean;
  isMinimized(): boolean;
  restore(): void;
  setIgnoreMouseEvents(ignore: boolean, options?: { forward?: boolean }): void;
  setFocusable(focusable: boolean): void;
  setResizable(resizable: boolean): void;
  setMovable(movable: boolean): void;
  setAlwaysOnTop(flag: boolean, level?: 'normal' | 'floating' | 'torn-off-menu' | 'modal-panel' | 'main-menu' | 'status' | 'pop-up-menu' | 'screen-saver'): void;
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }): void;
  setOpacity(opacity: number): void;
  setContentProtection(enable: boolean): void;
  setBounds(bounds: Partial<Rectangle>): void;
  getBounds(): Rectangle;
  /** Raises the window to the top of the z-order (its always-on-top group). */
  moveTop(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'moved' | 'resized' | 'blur' | 'show' | 'hide', listener: () => void): unknown;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface DisplayLike {
  id: number;
  workArea: Rectangle;
}

export interface TrayLike {
  setImage(image: string): void;
  setToolTip(text: string): void;
  setContextMenu(menu: MenuItemConstructorOptions[]): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code?: number): void;
  whenReady(): Promise<unknown>;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  /** One of our windows took focus (the overlay re-asserts top-most then). */
  on(event: 'browser-window-focus', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getPath(name: 'userData' | 'logs'): string;
  /** Must be called before ready: Chromium draws on the CPU (fixes black transparent windows on some GPUs). */
  disableHardwareAcceleration(): void;
  getVersion(): string;
  isPackaged: boolean;
}

/** Electron's UtilityProcess as the input-hook host uses it (utilityProcess.fork). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  unregisterAll(): void;
}

/** Everything the shell needs from Electron, injected. */
export interface ShellDeps {
  app: AppLike;
  createWindow(options: BrowserWindowConstructorOptions): WindowLike;
  /** Tray with the image at this path; the menu is given as a template (built into a Menu by index.ts). */
  createTray(imagePath: string): TrayLike;
  displays(): { all: DisplayLike[]; primary: DisplayLike };
  globalShortcut: GlobalShortcutLike;
  platform: NodeJS.Platform;
  /** Electron's safeStorage (the OS keychain): encrypts the API key kept in the user's config folder. */
  safeStorage: SafeStorageLike;
  /** The system clipboard (text only): "Copy diagnostics" writes there. */
  clipboard: { writeText(text: string): void };
  /** A tray balloon / system notification (the renderer crashed for good). */
  notify(title: string, body: string): void;
  /** Electron's utilityProcess.fork: the global input hook runs there (its abort or hang cannot end the app). */
  forkUtility?(modulePath: string): UtilityProcessLike;
  /** macOS: Electron's systemPreferences.isTrustedAccessibilityClient (uiohook needs Accessibility). */
  isTrustedAccessibilityClient?(prompt: boolean): boolean;
  /** Electron's shell.openExternal: "grant Accessibility" opens System Settings. */
  openExternal?(url: string): Promise<void>;
  /** process.env (DISPLAY/WAYLAND_DISPLAY for the hook, PORTABLE_EXECUTABLE_FILE for autostart). */
  env?: Readonly<Record<string, string | undefined>>;
  /** process.execPath: the executable registered to start with the system. */
  execPath?: string;
  /** Loads electron-updater's autoUpdater (updater.ts); absent: this build has no updater. */
  autoUpdater?(): Promise<AutoUpdaterLike>;
  /** process.resourcesPath: app-update.yml and package-type sit there in an installed build. */
  resourcesPath?: string;
}

/** The slice of Electron's safeStorage the secret store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs it; 'basic_text' means no keyring (a fixed key, obfuscation only). */
  getSelectedStorageBackend?(): string;
}
