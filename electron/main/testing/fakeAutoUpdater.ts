import { EventEmitter } from 'node:events';
import type { AutoUpdaterLike } from '../updater.js';

/** What the next checkForUpdates finds: nothing new, a version (downloaded in the background), or a failure. */
export type FakeUpdateAnswer = { kind: 'none' } | { kind: 'update'; version: string } | { kind: 'fail'; error: Error };

/**
 * electron-updater's autoUpdater as the updater uses it, in memory: events in the order the real
 * one emits them (update-available, download-progress, update-downloaded, or error, which is also
 * the rejection). Records what a restart mid-flight would need (quitAndInstall) so tests can
 * check it never happens. Never used by the product.
 */
export class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: AutoUpdaterLike['logger'] = null;
  answer: FakeUpdateAnswer = { kind: 'none' };
  checks = 0;
  quitAndInstallCalls = 0;

  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null> {
    this.checks += 1;
    const a = this.answer;
    if (a.kind === 'fail') {
      this.emit('error', a.error);
      return Promise.reject(a.error);
    }
    if (a.kind === 'none') {
      this.emit('update-not-available', { version: '0.0.0-test' });
      return Promise.resolve({ downloadPromise: null });
    }
    this.emit('update-available', { version: a.version });
    const downloadPromise = new Promise<unknown>((resolve) => {
      setImmediate(() => {
        this.emit('download-progress', { percent: 47.5 });
        setImmediate(() => {
          this.emit('update-downloaded', { version: a.version });
          resolve([]);
        });
      });
    });
    return Promise.resolve({ downloadPromise });
  }

  /** The real one quits the app and runs the installer: the updater must never call it. */
  quitAndInstall(): void {
    this.quitAndInstallCalls += 1;
  }
}
