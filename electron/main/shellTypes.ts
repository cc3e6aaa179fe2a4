import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, Rectangle } from 'electron';

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
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'moved' | 'resized', listener: () => void): unknown;
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
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getPath(name: 'userData' | 'logs'): string;
  isPackaged: boolean;
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
}

/** The slice of Electron's safeStorage the secret store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs it; 'basic_text' means no keyring (a fixed key, obfuscation only). */
  getSelectedStorageBackend?(): string;
}
