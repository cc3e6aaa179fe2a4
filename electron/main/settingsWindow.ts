import type { BrowserWindowConstructorOptions } from 'electron';
import type { ShellDeps, WindowLike } from './shellTypes.js';

export function settingsWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 820,
    height: 760,
    minWidth: 560,
    minHeight: 400,
    show: false,
    title: 'Stratus settings',
    backgroundColor: '#12171c',
    autoHideMenuBar: true,
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, spellcheck: false },
  };
}

/** The settings window: created on demand, focused if already open, gone when closed. */
export class SettingsWindow {
  private win: WindowLike | null = null;

  constructor(
    private readonly deps: ShellDeps,
    private readonly preload: string,
    private readonly rendererDir: string,
    private readonly onOpenChange: (win: WindowLike | null) => void,
  ) {}

  open(): WindowLike {
    if (this.win && !this.win.isDestroyed()) {
      if (this.win.isMinimized()) this.win.restore();
      this.win.show();
      this.win.focus();
      return this.win;
    }
    const win = this.deps.createWindow(settingsWindowOptions(this.preload));
    this.win = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      this.win = null;
      this.onOpenChange(null);
    });
    void win.loadFile(`${this.rendererDir}/settings.html`);
    this.onOpenChange(win);
    return win;
  }

  get current(): WindowLike | null {
    return this.win;
  }

  dispose(): void {
    if (this.win && !this.win.isDestroyed()) this.win.close();
    this.win = null;
  }
}
