import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { pushChannels } from '../common/channels.js';
import { chooseDisplay, overlayBounds, type OverlayConfig } from './layout.js';
import type { ShellDeps, WindowLike } from './shellTypes.js';

/** After a drag/resize, wait this long for the pointer to settle before saving the new place. */
const SAVE_BOUNDS_DEBOUNCE_MS = 500;
/**
 * While visible, the overlay re-asserts top-most this often: a game that takes focus (or goes
 * borderless full screen) raises itself above it without our windows seeing any event. Two
 * cheap window-manager calls per tick; 2 s bounds how long the overlay can stay buried.
 */
export const TOPMOST_REASSERT_INTERVAL_MS = 2000;
/** The always-on-top level: 'screen-saver' is the one macOS keeps above full-screen apps (Windows has one top-most band; Linux window managers ignore levels). */
const TOPMOST_LEVEL = 'screen-saver';

export interface OverlayPaths {
  preload: string;
  rendererDir: string;
}

/** The overlay's window options: frameless, transparent, on top, never steals focus. */
export function overlayWindowOptions(bounds: Rectangle, preload: string): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    show: false,
    frame: false,
    transparent: true,
    backgroundColor: '#00000000',
    hasShadow: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    focusable: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    title: 'Stratus overlay',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      // The overlay must keep updating while the game has focus.
      backgroundThrottling: false,
      spellcheck: false,
    },
  };
}

/**
 * The in-game overlay window: click-through except in edit-layout mode (or while the pointer is
 * over one of its controls), shown without taking focus, placed by config.overlay and
 * remembering where the user dragged it.
 */
export class OverlayWindow {
  readonly win: WindowLike;
  private editing = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private movedWhileEditing = false;
  private cfg: OverlayConfig;
  private interacting = false;
  private topTimer: ReturnType<typeof setInterval> | null = null;
  private disposed = false;

  constructor(
    private readonly deps: ShellDeps,
    cfg: OverlayConfig,
    paths: OverlayPaths,
    private readonly saveBounds: (bounds: Rectangle) => void,
    private readonly startHidden: boolean,
  ) {
    this.cfg = cfg;
    const { all, primary } = deps.displays();
    const bounds = overlayBounds(cfg, chooseDisplay(all, primary, cfg.monitor), all);
    this.win = deps.createWindow(overlayWindowOptions(bounds, paths.preload));
    this.win.setAlwaysOnTop(true, TOPMOST_LEVEL);
    this.win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    this.clickThrough(true);
    this.applyLook(cfg);
    this.win.once('ready-to-show', () => {
      this.win.webContents.setZoomFactor(this.cfg.scale);
      if (!this.startHidden) this.win.showInactive();
    });
    // Back on top whenever something else may have covered it: the overlay lost focus, one of
    // our windows took it, and on a timer while visible (a game's focus reaches us as no event).
    this.win.on('blur', () => this.reassertTop());
    deps.app.on('browser-window-focus', () => this.reassertTop());
    this.win.on('show', () => {
      this.reassertTop();
      this.startTopTimer();
    });
    this.win.on('hide', () => this.stopTopTimer());
    this.win.on('moved', () => this.scheduleSave());
    this.win.on('resized', () => this.scheduleSave());
    void this.win.loadFile(`${paths.rendererDir}/index.html`);
  }

  /** Raises the overlay above whatever covered it (no-op while hidden or after dispose). */
  reassertTop(): void {
    if (this.disposed || this.win.isDestroyed() || !this.win.isVisible()) return;
    this.win.setAlwaysOnTop(true, TOPMOST_LEVEL);
    this.win.moveTop();
  }

  private startTopTimer(): void {
    if (this.topTimer || this.disposed) return;
    this.topTimer = setInterval(() => {
      if (this.win.isDestroyed() || !this.win.isVisible()) this.stopTopTimer();
      else this.reassertTop();
    }, TOPMOST_REASSERT_INTERVAL_MS);
  }

  private stopTopTimer(): void {
    if (this.topTimer) clearInterval(this.topTimer);
    this.topTimer = null;
  }

  private clickThrough(on: boolean): void {
    this.win.setIgnoreMouseEvents(on, on ? { forward: true } : undefined);
  }

  private applyLook(cfg: OverlayConfig): void {
    this.win.setOpacity(cfg.opacity);
    this.win.setContentProtection(cfg.contentProtection);
  }

  /** New overlay settings: look, zoom and (unless the user is dragging it) place. */
  applyConfig(cfg: OverlayConfig): void {
    const moved =
      cfg.position !== this.cfg.position || cfg.monitor !== this.cfg.monitor || cfg.scale !== this.cfg.scale || JSON.stringify(cfg.bounds) !== JSON.stringify(this.cfg.bounds);
    this.cfg = cfg;
    this.applyLook(cfg);
    if (!this.win.webContents.isDestroyed()) this.win.webContents.setZoomFactor(cfg.scale);
    if (moved && !this.editing) {
      const { all, primary } = this.deps.displays();
      this.win.setBounds(overlayBounds(cfg, chooseDisplay(all, primary, cfg.monitor), all));
    }
  }

  get editingLayout(): boolean {
    return this.editing;
  }

  /** Edit-layout mode: takes the mouse, can be dragged and resized; leaving it saves the place. */
  setEditLayout(on: boolean): void {
    if (on === this.editing) return;
    this.editing = on;
    this.clickThrough(!on);
    this.win.setFocusable(on);
    this.win.setResizable(on);
    this.win.setMovable(on);
    if (on) {
      this.win.show();
      this.win.focus();
    } else {
      this.flushSave();
      if (this.interacting) this.clickThrough(false);
      this.win.setFocusable(this.interacting);
    }
    this.win.webContents.send(pushChannels.editLayout, on);
  }

  /** The pointer is over a control (PTT button, text field): take clicks and keys while it is. */
  setInteractive(on: boolean): void {
    if (this.editing || this.interacting) return;
    this.clickThrough(!on);
    this.win.setFocusable(on);
  }

  get interactMode(): boolean {
    return this.interacting;
  }

  /**
   * The interact hotkey: the overlay takes the mouse (and can take keys) until pressed again. On
   * Linux there is no hover forwarding, so this is the only way to reach its controls there.
   * Returns the new mode.
   */
  toggleInteract(): boolean {
    this.interacting = !this.interacting;
    if (!this.editing) {
      this.clickThrough(!this.interacting);
      this.win.setFocusable(this.interacting);
    }
    if (this.interacting) this.reassertTop();
    if (!this.win.webContents.isDestroyed()) this.win.webContents.send(pushChannels.interact, this.interacting);
    return this.interacting;
  }

  toggleVisible(): void {
    if (this.win.isVisible()) this.win.hide();
    else this.win.showInactive();
  }

  private scheduleSave(): void {
    if (!this.editing) return;
    this.movedWhileEditing = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flushSave(), SAVE_BOUNDS_DEBOUNCE_MS);
  }

  private flushSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.movedWhileEditing || this.win.isDestroyed()) return;
    this.movedWhileEditing = false;
    this.saveBounds(this.win.getBounds());
  }

  dispose(): void {
    this.disposed = true;
    this.stopTopTimer();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.win.isDestroyed()) this.win.close();
  }
}
