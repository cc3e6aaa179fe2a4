import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The first automatic check waits this long after start: the engine, overlay and sim link come up first. */
export const FIRST_CHECK_DELAY_MS = 60_000;
/** Between automatic checks: releases are rare and a pilot's session is long; every few hours is plenty. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** Download progress is shown in 10 % steps: the tray menu is rebuilt only when the step changes. */
const PROGRESS_STEP_PERCENT = 10;

/** The slice of electron-updater's autoUpdater (an AppUpdater) the updater uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null;
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Whether this build can update itself (electron-updater's auto-updatable targets: NSIS, dmg+zip, AppImage, deb). */
export type UpdateSupport = { supported: true } | { supported: false; reason: string };

export type UpdateStatus =
  | { state: 'unsupported'; reason: string }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date' }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

/**
 * Where updates can apply. Not under `npm start` (bare Electron), not the Windows portable exe
 * (it has no installer to run), on Linux only the AppImage (APPIMAGE set by its runtime) or the
 * deb (electron-builder writes resources/package-type), and only when the build carries its feed
 * (resources/app-update.yml, written by electron-builder from the `publish` block).
 */
export function updateSupport(o: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  resourcesPath?: string;
  exists?: (path: string) => boolean;
}): UpdateSupport {
  const exists = o.exists ?? existsSync;
  if (!o.isPackaged) return { supported: false, reason: 'updates come with the installed app (this is a development run)' };
  if (o.platform === 'win32' && o.env.PORTABLE_EXECUTABLE_FILE) return { supported: false, reason: 'the portable exe does not update itself: download the new version' };
  if (!o.resourcesPath || !exists(join(o.resourcesPath, 'app-update.yml'))) return { supported: false, reason: 'this build has no update feed' };
  if (o.platform === 'linux') {
    if (o.env.SNAP) return { supported: false, reason: 'the snap is updated by snapd' };
    if (!o.env.APPIMAGE && !exists(join(o.resourcesPath, 'package-type'))) return { supported: false, reason: 'update this build the way it was installed' };
  }
  return { supported: true };
}

export interface UpdaterOptions {
  support: UpdateSupport;
  /** Loads electron-updater's autoUpdater: only called where updates can apply. */
  load: () => Promise<AutoUpdaterLike>;
  /** Settings → "Check for updates automatically". */
  automatic: boolean;
  log: (line: string) => void;
  notify: (title: string, body: string) => void;
  onStatus: (status: UpdateStatus) => void;
  firstCheckDelayMs?: number;
  intervalMs?: number;
}

/**
 * Checks for updates at start and every few hours (unless turned off), downloads in the
 * background and leaves the install to the next quit (autoInstallOnAppQuit): it never restarts
 * the app, so never mid-flight. Errors (offline, no release yet) are a status and one log line
 * per distinct message, never a dialog; only a check the pilot asked for gets a notification.
 */
export class Updater {
  private current: UpdateStatus;
  private loading: Promise<AutoUpdaterLike> | null = null;
  private firstTimer: ReturnType<typeof setTimeout> | null = null;
  private intervalTimer: ReturnType<typeof setInterval> | null = null;
  private lastLoggedError = '';
  private manual = false;
  private disposed = false;
  private started = false;
  private automatic: boolean;

  constructor(private readonly o: UpdaterOptions) {
    this.automatic = o.automatic;
    this.current = o.support.supported ? { state: 'idle' } : { state: 'unsupported', reason: o.support.reason };
  }

  get status(): UpdateStatus {
    return this.current;
  }

  /** Starts the automatic checks (if on and supported). */
  start(): void {
    this.started = true;
    if (!this.o.support.supported) this.o.log(`updates: ${this.o.support.reason}`);
    this.schedule();
  }

  /** Settings changed: only a change of this switch touches the timers (the next check is not postponed). */
  setAutomatic(on: boolean): void {
    if (on === this.automatic) return;
    this.automatic = on;
    if (this.started) this.schedule();
  }

  private schedule(): void {
    this.stopTimers();
    if (!this.automatic || !this.o.support.supported || this.disposed) return;
    this.firstTimer = setTimeout(() => void this.check(false), this.o.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
    this.intervalTimer = setInterval(() => void this.check(false), this.o.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
  }

  /** The tray's "Check for updates": the result is notified once. */
  checkNow(): Promise<void> {
    return this.check(true);
  }

  private async check(manual: boolean): Promise<void> {
    if (!this.o.support.supported || this.disposed) return;
    const s = this.current.state;
    if (s === 'ready') {
      if (manual) this.o.notify('Update ready', this.readyText());
      return;
    }
    if (s === 'checking' || s === 'downloading') return;
    this.manual = manual;
    this.set({ state: 'checking' });
    try {
      const u = await this.load();
      const result = await u.checkForUpdates();
      // A failed download is reported by the 'error' event (a cancelled one by nothing): its promise
      // must not go unhandled, and the status must not stay "downloading".
      result?.downloadPromise?.catch((e: unknown) => {
        if (this.stateNow() === 'downloading') this.failed(e);
      });
      // null: electron-updater skipped the check (it thinks this is no installed build).
      // (read again: the events above may have moved it on while we awaited)
      if (this.stateNow() === 'checking') this.set(result ? { state: 'up-to-date' } : { state: 'idle' });
    } catch (e) {
      this.failed(e);
    }
  }

  private stateNow(): UpdateStatus['state'] {
    return this.current.state;
  }

  private load(): Promise<AutoUpdaterLike> {
    this.loading ??= this.o.load().then((u) => {
      u.autoDownload = true;
      u.autoInstallOnAppQuit = true;
      u.logger = { info: () => undefined, warn: (m) => this.o.log(`updates: ${String(m)}`), error: () => undefined };
      u.on('update-available', (info) => this.set({ state: 'downloading', version: info.version, percent: 0 }));
      u.on('update-not-available', () => this.set({ state: 'up-to-date' }));
      u.on('download-progress', (p) => {
        if (this.current.state !== 'downloading') return;
        const percent = Math.floor(p.percent / PROGRESS_STEP_PERCENT) * PROGRESS_STEP_PERCENT;
        if (percent !== this.current.percent) this.set({ ...this.current, percent });
      });
      u.on('update-downloaded', (info) => {
        this.set({ state: 'ready', version: info.version });
        this.o.log(`updates: ${info.version} downloaded; it installs when Stratus quits`);
        this.o.notify('Update ready', this.readyText());
      });
      u.on('error', (e) => this.failed(e));
      return u;
    });
    // electron-updater could not be loaded: a status now, another try at the next check.
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  private readyText(): string {
    return this.current.state === 'ready' ? `Stratus ${this.current.version} installs when you quit.` : '';
  }

  private failed(e: unknown): void {
    if (this.disposed || this.current.state === 'ready') return;
    const message = updateErrorText(e);
    // electron-updater reports one failure twice (event and rejection): one status, one line.
    if (this.current.state === 'error' && this.current.message === message) return;
    this.set({ state: 'error', message });
    if (message !== this.lastLoggedError) this.o.log(`updates: check failed: ${message}`);
    this.lastLoggedError = message;
  }

  private set(status: UpdateStatus): void {
    if (this.disposed) return;
    this.current = status;
    if (status.state === 'up-to-date' || status.state === 'ready') this.lastLoggedError = '';
    this.o.onStatus(status);
    // A check the pilot asked for answers once; a found update answers with "Update ready" later.
    if (!this.manual || status.state === 'checking') return;
    this.manual = false;
    if (status.state === 'up-to-date') this.o.notify('Stratus is up to date', 'No newer version was found.');
    else if (status.state === 'error') this.o.notify('Could not check for updates', status.message);
  }

  private stopTimers(): void {
    if (this.firstTimer) clearTimeout(this.firstTimer);
    if (this.intervalTimer) clearInterval(this.intervalTimer);
    this.firstTimer = this.intervalTimer = null;
  }

  /**
   * Stops the checks; events that still arrive are ignored. The listeners stay on the autoUpdater
   * (it lives until the process ends): an 'error' emitted with no listener at all would throw.
   */
  dispose(): void {
    this.disposed = true;
    this.stopTimers();
  }
}

/** A short, pilot-readable reason (network errors by their code: offline is the usual one). */
export function updateErrorText(e: unknown): string {
  const err = e instanceof Error ? (e as Error & { code?: string }) : null;
  const code = err?.code ?? '';
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED/.test(`${code} ${err?.message ?? ''}`)) return 'offline or the update server is unreachable';
  const first = (err?.message ?? String(e)).split('\n')[0] ?? '';
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

/** The tray's update item(s) for a status. */
export function updateMenuLine(status: UpdateStatus): { label: string; enabled: boolean; ready: boolean } {
  switch (status.state) {
    case 'unsupported':
      return { label: `Updates: ${status.reason}`, enabled: false, ready: false };
    case 'checking':
      return { label: 'Checking for updates…', enabled: false, ready: false };
    case 'downloading':
      return { label: `Downloading update ${status.version} (${status.percent} %)`, enabled: false, ready: false };
    case 'ready':
      return { label: `Update ready — installs when you quit (${status.version})`, enabled: false, ready: true };
    case 'up-to-date':
      return { label: 'Check for updates (up to date)', enabled: true, ready: false };
    case 'error':
      return { label: `Check for updates (last check failed: ${status.message})`, enabled: true, ready: false };
    default:
      return { label: 'Check for updates', enabled: true, ready: false };
  }
}

/** The shell's updater, from what ShellDeps offer (no autoUpdater: unsupported, nothing loaded). */
export function shellUpdater(
  deps: { app: { isPackaged: boolean }; platform: NodeJS.Platform; env?: Readonly<Record<string, string | undefined>>; resourcesPath?: string; autoUpdater?: () => Promise<AutoUpdaterLike>; notify(title: string, body: string): void },
  o: { automatic: boolean; log: (line: string) => void; onStatus: (status: UpdateStatus) => void },
): Updater {
  const load = deps.autoUpdater;
  const support: UpdateSupport = load
    ? updateSupport({ isPackaged: deps.app.isPackaged, platform: deps.platform, env: deps.env ?? {}, ...(deps.resourcesPath ? { resourcesPath: deps.resourcesPath } : {}) })
    : { supported: false, reason: 'this build has no updater' };
  return new Updater({ support, load: load ?? (() => Promise.reject(new Error('no updater'))), automatic: o.automatic, log: o.log, notify: (t, b) => deps.notify(t, b), onStatus: o.onStatus });
}
