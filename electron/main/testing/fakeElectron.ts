import { fork, type ChildProcess } from 'node:child_process';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, Rectangle } from 'electron';
import type { IpcEventLike, IpcMainLike, IpcReply } from '../ipcHandlers.js';
import type { AppLike, DisplayLike, GlobalShortcutLike, SafeStorageLike, ShellDeps, TrayLike, UtilityProcessLike, WebContentsLike, WindowLike } from '../shellTypes.js';

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
  reloads = 0;
  reload(): void {
    this.reloads += 1;
  }
  /** Chromium's renderer process for this page died (`reason` as Electron reports it). */
  crash(reason = 'crashed', exitCode = 139): void {
    this.emit('render-process-gone', {}, { reason, exitCode });
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
  moveTopCalls = 0;
  /** Every setAlwaysOnTop call, in order (re-assertions show up here). */
  readonly alwaysOnTopCalls: { flag: boolean; level: string | undefined }[] = [];

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
    const was = this.visible;
    this.visible = true;
    if (!was) this.emit('show');
  }
  showInactive(): void {
    const was = this.visible;
    this.visible = true;
    this.showInactiveCalls += 1;
    if (!was) this.emit('show');
  }
  hide(): void {
    const was = this.visible;
    this.visible = false;
    if (was) this.emit('hide');
  }
  focus(): void {
    this.focused = true;
  }
  /** Another window (the sim) takes focus: this one loses it, as Electron reports with 'blur'. */
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }
  /** What a full-screen game does when it takes focus: it goes above the overlay. */
  coveredByGame(): void {
    this.onTop = false;
  }
  /** Whether the window is above everything (no game covered it since the last moveTop). */
  onTop = true;
  moveTop(): void {
    this.moveTopCalls += 1;
    this.onTop = true;
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
    this.alwaysOnTopCalls.push({ flag, level });
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
  loginItem: { openAtLogin: boolean; path?: string; args?: string[] } | null = null;
  /** Whether whenReady() was called: hardware acceleration can only be turned off before it. */
  ready = false;
  hardwareAcceleration: 'on' | 'disabled-before-ready' | 'disabled-too-late' = 'on';
  version = '0.0.0-test';
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
    this.ready = true;
    return Promise.resolve();
  }
  disableHardwareAcceleration(): void {
    this.hardwareAcceleration = this.ready ? 'disabled-too-late' : 'disabled-before-ready';
  }
  getVersion(): string {
    return this.version;
  }
  setLoginItemSettings(s: { openAtLogin: boolean; path?: string; args?: string[] }): void {
    this.loginItem = s;
  }
  getPath(name: string): string {
    return `/tmp/fake-${name}`;
  }
}

/**
 * utilityProcess.fork as a real Node child process (child_process.fork with an IPC channel), so a
 * test's hook process can really abort or hang. The child answers with process.send, where the
 * real utility process uses process.parentPort.postMessage (hookProcessEntry.ts handles both).
 */
export class FakeUtilityProcess extends Events implements UtilityProcessLike {
  readonly child: ChildProcess;
  exited: number | null = null;
  /** `execArgv`: e.g. ['--import', 'tsx'] to run the product's TypeScript entry itself. */
  constructor(
    readonly modulePath: string,
    execArgv: string[] = [],
  ) {
    super();
    this.child = fork(modulePath, [], { execArgv, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    this.child.on('message', (m) => this.emit('message', m));
    // Electron reports a signal death (abort) as a non-zero code too.
    this.child.on('exit', (code, signal) => {
      this.exited = code ?? (signal ? 134 : 1);
      this.emit('exit', this.exited);
    });
  }
  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }
  kill(): boolean {
    return this.child.kill('SIGKILL');
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
  /** Hook processes started through deps.forkUtility (real child processes: kill them after a test). */
  utilityProcesses: FakeUtilityProcess[];
  /** URLs the app opened with shell.openExternal. */
  opened: string[];
  /** What the app put on the clipboard, last write last. */
  clipboard: string[];
  /** System notifications the app showed. */
  notices: { title: string; body: string }[];
  /** macOS Accessibility permission: a test grants it mid-run by setting `trusted`. */
  accessibility: { trusted: boolean };
}

export function createFakeElectron(
  opts: { lockAvailable?: boolean; displays?: DisplayLike[]; platform?: NodeJS.Platform; env?: Record<string, string | undefined>; accessibilityTrusted?: boolean } = {},
): FakeElectron {
  const utilityProcesses: FakeUtilityProcess[] = [];
  const opened: string[] = [];
  const accessibility = { trusted: opts.accessibilityTrusted ?? true };
  const app = new FakeApp(opts.lockAvailable ?? true);
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const globalShortcut = new FakeGlobalShortcut();
  const safeStorage = new FakeSafeStorage();
  const clipboard: string[] = [];
  const notices: { title: string; body: string }[] = [];
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
    platform: opts.platform ?? 'linux',
    safeStorage,
    clipboard: { writeText: (text) => void clipboard.push(text) },
    notify: (title, body) => void notices.push({ title, body }),
    forkUtility: (modulePath) => {
      // A TypeScript entry (the product's own, or a fixture built on it) runs through tsx.
      const p = new FakeUtilityProcess(modulePath, modulePath.endsWith('.ts') ? ['--import', 'tsx'] : []);
      utilityProcesses.push(p);
      return p;
    },
    isTrustedAccessibilityClient: () => accessibility.trusted,
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    env: opts.env ?? { DISPLAY: ':0' },
    execPath: '/opt/Stratus/stratus',
  };
  return { deps, app, windows, trays, globalShortcut, ipc: new FakeIpcMain(), safeStorage, clipboard, notices, utilityProcesses, opened, accessibility };
}
