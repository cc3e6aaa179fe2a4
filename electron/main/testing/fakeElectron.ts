import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, Rectangle } from 'electron';
import type { IpcEventLike, IpcMainLike, IpcReply } from '../ipcHandlers.js';
import type { AppLike, DisplayLike, GlobalShortcutLike, SafeStorageLike, ShellDeps, TrayLike, WebContentsLike, WindowLike } from '../shellTypes.js';

/**
 * A small in-memory stand-in for the Electron APIs the shell uses, for tests in plain Node.
 * It records what the shell asked for (window options, mouse pass-through, tray menus, IPC
 * handlers) and lets tests fire the events Electron would. Never used by the product.
 */
type Listener = (...args: unknown[]) => void;

class Events {
  private readonly map = new Map<string, Listener[]>();
  on(event: string, listener: (...args: never[]) => void): this {
    this.map.set(event, [...(this.map.get(event) ?? []), listener as Listener]);
    return this;
  }
  once(event: string, listener: (...args: never[]) => void): this {
    const wrapped: Listener = (...a) => {
      this.map.set(event, (this.map.get(event) ?? []).filter((x) => x !== wrapped));
      (listener as Listener)(...a);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.map.get(event) ?? [])]) l(...args);
  }
  count(event: string): number {
    return this.map.get(event)?.length ?? 0;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Events implements WebContentsLike {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  zoomFactor = 1;
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setZoomFactor(f: number): void {
    this.zoomFactor = f;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeWindow extends Events implements WindowLike {
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  ignoreMouse: { ignore: boolean; forward: boolean } = { ignore: false, forward: false };
  alwaysOnTop: { flag: boolean; level: string | undefined } = { flag: false, level: undefined };
  focusable: boolean;
  resizable: boolean;
  movable: boolean;
  opacity = 1;
  contentProtection = false;
  allWorkspaces = false;
  bounds: Rectangle;
  showInactiveCalls = 0;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.focusable = options.focusable ?? true;
    this.resizable = options.resizable ?? true;
    this.movable = options.movable ?? true;
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
  }
  loadFile(path: string): Promise<void> {
    this.loaded = path;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  showInactive(): void {
    this.visible = true;
    this.showInactiveCalls += 1;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  setIgnoreMouseEvents(ignore: boolean, options?: { forward?: boolean }): void {
    this.ignoreMouse = { ignore, forward: options?.forward ?? false };
  }
  setFocusable(f: boolean): void {
    this.focusable = f;
  }
  setResizable(r: boolean): void {
    this.resizable = r;
  }
  setMovable(m: boolean): void {
    this.movable = m;
  }
  setAlwaysOnTop(flag: boolean, level?: string): void {
    this.alwaysOnTop = { flag, level };
  }
  setVisibleOnAllWorkspaces(v: boolean): void {
    this.allWorkspaces = v;
  }
  setOpacity(o: number): void {
    this.opacity = o;
  }
  setContentProtection(on: boolean): void {
    this.contentProtection = on;
  }
  setBounds(b: Partial<Rectangle>): void {
    this.bounds = { ...this.bounds, ...b };
  }
  getBounds(): Rectangle {
    return { ...this.bounds };
  }
  /** What the user does in edit-layout mode: drags the window. */
  userMoves(to: Partial<Rectangle>): void {
    this.bounds = { ...this.bounds, ...to };
    this.emit('moved');
  }
}

export class FakeTray extends Events implements TrayLike {
  image: string;
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  menuBuilds = 0;
  destroyed = false;
  constructor(image: string) {
    super();
    this.image = image;
  }
  setImage(image: string): void {
    this.image = image;
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setContextMenu(menu: MenuItemConstructorOptions[]): void {
    this.menu = menu;
    this.menuBuilds += 1;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Finds a menu item by id (searching submenus) and clicks it as Electron would. */
  click(id: string): void {
    const item = findItem(this.menu, id);
    if (!item?.click) throw new Error(`no clickable tray item ${id}`);
    (item.click as () => void)();
  }
  item(id: string): MenuItemConstructorOptions | undefined {
    return findItem(this.menu, id);
  }
}

function findItem(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.id === id) return i;
    if (Array.isArray(i.submenu)) {
      const found = findItem(i.submenu, id);
      if (found) return found;
    }
  }
  return undefined;
}

export class FakeApp extends Events implements AppLike {
  isPackaged = false;
  quitCalls = 0;
  /** Set once a quit went through (no before-quit listener prevented it). */
  quitted = false;
  loginItem: { openAtLogin: boolean; args?: string[] } | null = null;
  constructor(private readonly lockAvailable: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  quit(): void {
    this.quitCalls += 1;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quitted = true;
  }
  exit(): void {
    this.quitCalls += 1;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  setLoginItemSettings(s: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = s;
  }
  getPath(name: string): string {
    return `/tmp/fake-${name}`;
  }
}

export class FakeGlobalShortcut implements GlobalShortcutLike {
  readonly registered = new Map<string, () => void>();
  taken = new Set<string>();
  register(accel: string, cb: () => void): boolean {
    if (this.taken.has(accel)) return false;
    this.registered.set(accel, cb);
    return true;
  }
  unregister(accel: string): void {
    this.registered.delete(accel);
  }
  unregisterAll(): void {
    this.registered.clear();
  }
}

/**
 * safeStorage as the secret store sees it: a reversible transform that is visibly not the plain
 * text (so tests can tell the file holds ciphertext), and a switch for "no keychain on this machine".
 */
export class FakeSafeStorage implements SafeStorageLike {
  available = true;
  /** Linux's keyring backend; 'basic_text' is Electron's fixed-key fallback when there is no keyring. */
  backend = 'gnome_libsecret';
  encryptions = 0;
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plain: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    this.encryptions += 1;
    return Buffer.from(`fake-keychain:${Buffer.from(plain, 'utf8').toString('hex').split('').reverse().join('')}`, 'utf8');
  }
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString('utf8');
    if (!text.startsWith('fake-keychain:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('fake-keychain:'.length).split('').reverse().join(''), 'hex').toString('utf8');
  }
}

/** ipcMain as the handlers see it, plus `invoke` to call a channel the way a renderer would. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<IpcReply> | IpcReply>();
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<IpcReply> | IpcReply): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(senderId: number, channel: string, ...args: unknown[]): Promise<IpcReply> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ sender: { id: senderId } }, ...args);
  }
}

export interface FakeElectron {
  deps: ShellDeps;
  app: FakeApp;
  windows: FakeWindow[];
  trays: FakeTray[];
  globalShortcut: FakeGlobalShortcut;
  ipc: FakeIpcMain;
  safeStorage: FakeSafeStorage;
}

export function createFakeElectron(opts: { lockAvailable?: boolean; displays?: DisplayLike[] } = {}): FakeElectron {
  const app = new FakeApp(opts.lockAvailable ?? true);
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const globalShortcut = new FakeGlobalShortcut();
  const safeStorage = new FakeSafeStorage();
  const displays = opts.displays ?? [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  const deps: ShellDeps = {
    app,
    createWindow: (options) => {
      const w = new FakeWindow(options);
      windows.push(w);
      return w;
    },
    createTray: (image) => {
      const t = new FakeTray(image);
      trays.push(t);
      return t;
    },
    displays: () => ({ all: displays, primary: displays[0]! }),
    globalShortcut,
    platform: 'linux',
    safeStorage,
  };
  return { deps, app, windows, trays, globalShortcut, ipc: new FakeIpcMain(), safeStorage };
}
