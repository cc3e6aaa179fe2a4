// A stand-in for the `electron` module, for running the built main bundle (out/main/index.js)
// under Node in tests. It implements the slice of the API the shell uses. When the process has
// an IPC channel (spawned with 'ipc' in stdio), the test drives it:
//   { invoke: channel, args, senderId, id }  -> the registered ipcMain handler, answered with
//   { reply: id, value }
//   { destroyWindow: webContentsId }        -> that window's webContents emits 'destroyed'
// and what the main process sends to windows comes back as { send: channel, payload, webContentsId }.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

const send = (msg) => {
  if (process.send && process.connected) process.send(msg);
};

let nextContentsId = 1;
const contents = new Map();

class WebContents extends EventEmitter {
  id = nextContentsId++;
  destroyed = false;
  constructor() {
    super();
    contents.set(this.id, this);
  }
  send(channel, payload) {
    send({ send: channel, payload, webContentsId: this.id });
  }
  setZoomFactor() {}
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler() {}
}

export class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.visible = options.show !== false;
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.destroyed = false;
    send({ windowCreated: this.webContents.id });
  }
  async loadFile(path, options) {
    this.loaded = { path, options };
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() { this.visible = true; this.emit('show'); }
  showInactive() { this.visible = true; this.emit('show'); }
  hide() { this.visible = false; this.emit('hide'); }
  moveTop() {}
  focus() {}
  close() {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.emit('closed');
  }
  isDestroyed() { return this.destroyed; }
  isVisible() { return this.visible; }
  isMinimized() { return false; }
  restore() {}
  setIgnoreMouseEvents() {}
  setFocusable() {}
  setResizable() {}
  setMovable() {}
  setAlwaysOnTop() {}
  setVisibleOnAllWorkspaces() {}
  setOpacity() {}
  setContentProtection() {}
  setBounds(b) { this.bounds = { ...this.bounds, ...b }; }
  getBounds() { return { ...this.bounds }; }
}

class App extends EventEmitter {
  isPackaged = false;
  commandLine = { appendSwitch() {} };
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  setLoginItemSettings() {}
  disableHardwareAcceleration() { this.hardwareAccelerationDisabled = true; }
  getVersion() { return process.env.npm_package_version ?? '0.0.0'; }
  getPath(name) {
    const home = process.env.STRATUS_HOME ?? process.cwd();
    // Electron's own log folder does not follow STRATUS_HOME (~/.config/Stratus/logs,
    // ~/Library/Logs/Stratus): STRATUS_STUB_ELECTRON_LOGS puts it elsewhere, as on a real machine.
    if (name === 'logs') return process.env.STRATUS_STUB_ELECTRON_LOGS ?? `${home}/logs`;
    return home;
  }
  quit() {
    send({ quit: true });
    setImmediate(() => process.exit(0));
  }
  exit(code = 0) { process.exit(code); }
}
export const app = new App();

export class Tray extends EventEmitter {
  setImage() {}
  setToolTip() {}
  setContextMenu() {}
  destroy() {}
}

export const Menu = { buildFromTemplate: (t) => t };
const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 };
export const screen = { getAllDisplays: () => [display], getPrimaryDisplay: () => display };
export const globalShortcut = { register: () => true, unregister() {}, unregisterAll() {} };
export const clipboard = { text: '', writeText(t) { this.text = t; }, readText() { return this.text; } };
export const shell = { openExternal: async (url) => { send({ openExternal: url }); } };
export const systemPreferences = { isTrustedAccessibilityClient: () => false };
export class Notification extends EventEmitter {
  static isSupported() { return false; }
  constructor(o) { super(); this.o = o; }
  show() { send({ notification: this.o }); }
}
// Electron's utility process is a Node child process with a message port: close enough for the shell's use.
export const utilityProcess = {
  fork(modulePath, args = [], _options = {}) {
    const child = fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const proc = new EventEmitter();
    proc.pid = child.pid;
    proc.postMessage = (m) => { if (child.connected) child.send(m); };
    proc.kill = () => child.kill('SIGKILL');
    child.on('spawn', () => proc.emit('spawn'));
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code) => proc.emit('exit', code ?? 1));
    return proc;
  },
};
// A machine without a keyring, as Linux CI is: the app keeps keys in its 0600 file and says so.
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString() { throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.'); },
  decryptString() { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.'); },
};

const handlers = new Map();
export const ipcMain = {
  handle(channel, fn) { handlers.set(channel, fn); },
  removeHandler(channel) { handlers.delete(channel); },
};

process.on('message', (msg) => {
  if (msg && typeof msg.invoke === 'string') {
    const fn = handlers.get(msg.invoke);
    if (!fn) return send({ reply: msg.id, value: { ok: false, error: `no handler for ${msg.invoke}` } });
    Promise.resolve(fn({ sender: { id: msg.senderId } }, ...(msg.args ?? []))).then(
      (value) => send({ reply: msg.id, value }),
      (e) => send({ reply: msg.id, value: { ok: false, error: String(e) } }),
    );
  } else if (msg && typeof msg.destroyWindow === 'number') {
    const wc = contents.get(msg.destroyWindow);
    if (wc) {
      wc.destroyed = true;
      wc.emit('destroyed');
    }
  }
});
send({ stubReady: true });

export default { app, BrowserWindow, Tray, Menu, screen, globalShortcut, ipcMain, safeStorage, clipboard, shell, systemPreferences, Notification, utilityProcess };
