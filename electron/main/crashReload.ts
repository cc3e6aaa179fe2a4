import { RestartBackoff } from '../../core/base/common/restartBackoff.js';
import type { WindowLike } from './shellTypes.js';

/** First reload after a renderer crash: soon, most are one-off (a GPU reset, a driver hiccup). */
export const RENDERER_RELOAD_BASE_MS = 1000;
/** Reloads back off to this: a page that keeps crashing must not spin a core. */
export const RENDERER_RELOAD_MAX_MS = 15_000;
/** This many crashes inside RENDERER_CRASH_WINDOW_MS and the page stays down (it is not a one-off). */
export const RENDERER_CRASH_LIMIT = 3;
/** The window the crash count covers; a page that ran this long since its last crash starts afresh. */
export const RENDERER_CRASH_WINDOW_MS = 2 * 60_000;

export interface CrashReloadOptions {
  /** For the log and the notice: "overlay", "settings". */
  name: string;
  log: (line: string) => void;
  /** Shown once when it gives up (a system notification from the tray app). */
  notify: (title: string, body: string) => void;
  now: () => number;
}

/**
 * Reloads a window's page after its renderer process died, with backoff; after
 * RENDERER_CRASH_LIMIT crashes in RENDERER_CRASH_WINDOW_MS it gives up and says so. A clean exit
 * (the window closing) is not a crash.
 */
export class CrashReloader {
  private readonly backoff = new RestartBackoff({ baseMs: RENDERER_RELOAD_BASE_MS, maxMs: RENDERER_RELOAD_MAX_MS, healthyRunMs: RENDERER_CRASH_WINDOW_MS });
  private crashes: number[] = [];
  private loadedAt: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  gaveUp = false;

  constructor(
    private readonly win: WindowLike,
    private readonly o: CrashReloadOptions,
  ) {
    this.loadedAt = o.now();
    win.webContents.on('render-process-gone', (_e: unknown, details: { reason: string; exitCode: number }) => this.gone(details));
    win.webContents.on('destroyed', () => this.dispose());
  }

  private gone(details: { reason: string; exitCode: number } | undefined): void {
    const reason = details?.reason ?? 'unknown';
    if (this.disposed || reason === 'clean-exit') return;
    const now = this.o.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RENDERER_CRASH_WINDOW_MS), now];
    if (this.crashes.length >= RENDERER_CRASH_LIMIT) {
      this.gaveUp = true;
      this.o.log(`${this.o.name}: page crashed ${this.crashes.length} times in ${RENDERER_CRASH_WINDOW_MS / 1000} s (${reason}, exit ${details?.exitCode ?? '?'}): not reloading it again`);
      this.o.notify('Stratus', `The ${this.o.name} keeps crashing and was stopped. Use "Copy diagnostics" in the tray menu and restart Stratus.`);
      return;
    }
    const delayMs = this.backoff.next(now - this.loadedAt);
    this.o.log(`${this.o.name}: page crashed (${reason}, exit ${details?.exitCode ?? '?'}); reloading in ${delayMs} ms`);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.disposed || this.win.isDestroyed() || this.win.webContents.isDestroyed()) return;
      this.loadedAt = this.o.now();
      this.win.webContents.reload();
    }, delayMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
