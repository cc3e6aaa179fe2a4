import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Updater, type AutoUpdaterLike, type UpdateStatus } from './updater.js';

/** Checking, downloading and verifying a few bytes over loopback. */
const REAL_UPDATE_TIMEOUT_MS = 20_000;

/**
 * The real electron-updater (AppImage updater, generic provider, as electron-builder's
 * app-update.yml configures it) driven by Updater against a feed on 127.0.0.1. Electron's
 * net module is the one part replaced: its HTTP goes through Node's http here.
 */
class NodeHttp extends HttpExecutor<ReturnType<typeof request>> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ReturnType<typeof request> {
    return request(options, callback);
  }
  /** What ElectronHttpExecutor.download does, over Node's http. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (e) => (e ? reject(e) : resolve(destination)), responseHandler: null }, 0);
    });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'stratus-update-feed-'));
/** The "new release": a script standing in for the AppImage, run by the installer with APPIMAGE_EXIT_AFTER_INSTALL. */
const newRelease = Buffer.from('#!/bin/sh\nexit 0\n# Stratus 0.2.0\n');
const sha512 = createHash('sha512').update(newRelease).digest('base64');
let server: Server;
let feedUrl = '';
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url?.startsWith('/latest-linux.yml')) {
      res.end(`version: 0.2.0\nfiles:\n  - url: Stratus-0.2.0.AppImage\n    sha512: ${sha512}\n    size: ${newRelease.length}\npath: Stratus-0.2.0.AppImage\nsha512: ${sha512}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`);
    } else if (req.url === '/Stratus-0.2.0.AppImage') {
      res.setHeader('content-length', newRelease.length);
      res.end(newRelease);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

if (process.platform !== 'linux') console.warn('[updater] skipping the real AppImage updater test: it installs an AppImage, Linux only');
describe.runIf(process.platform === 'linux')('the real electron-updater behind Updater (linux: the AppImage updater)', () => {
  it('finds 0.2.0 in latest-linux.yml, downloads and verifies it, reports ready, and installs only when the app quits', async () => {
    const appImage = join(dir, 'Stratus.AppImage');
    writeFileSync(appImage, '#!/bin/sh\n# Stratus 0.1.0\n', { mode: 0o755 });
    const configPath = join(dir, 'app-update.yml');
    writeFileSync(configPath, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: stratus-updater\n`);
    const quitHandlers: ((code: number) => void)[] = [];
    let quits = 0;
    const app: AppAdapter = {
      version: '0.1.0',
      name: 'Stratus',
      isPackaged: true,
      appUpdateConfigPath: configPath,
      userDataPath: join(dir, 'userData'),
      baseCachePath: join(dir, 'cache'),
      whenReady: () => Promise.resolve(),
      relaunch: () => undefined,
      quit: () => void (quits += 1),
      onQuit: (h) => void quitHandlers.push(h),
    };
    const previous = process.env.APPIMAGE;
    process.env.APPIMAGE = appImage;
    try {
      const real = new AppImageUpdater(null, app);
      (real as unknown as { httpExecutor: NodeHttp }).httpExecutor = new NodeHttp();
      const ready = new Promise<UpdateStatus>((resolve) => {
        const statuses: UpdateStatus[] = [];
        const updater = new Updater({
          support: { supported: true },
          load: () => Promise.resolve(real satisfies AutoUpdaterLike),
          automatic: false,
          log: () => undefined,
          notify: () => undefined,
          onStatus: (s) => {
            statuses.push(s);
            if (s.state === 'ready' || s.state === 'error') resolve(s);
          },
        });
        void updater.checkNow();
      });
      expect(await ready).toEqual({ state: 'ready', version: '0.2.0' });
      expect(served).toEqual(expect.arrayContaining([expect.stringMatching(/^\/latest-linux\.yml/), '/Stratus-0.2.0.AppImage']));
      // Downloaded, verified, waiting: the running app is untouched and nobody quit it.
      expect(readFileSync(appImage, 'utf8')).toContain('0.1.0');
      expect(quits).toBe(0);
      expect(existsSync(join(dir, 'cache', 'stratus-updater', 'pending'))).toBe(true);
      // The pilot quits: electron-updater's quit handler puts 0.2.0 in place.
      expect(quitHandlers).toHaveLength(1);
      quitHandlers[0]!(0);
      expect(readFileSync(appImage)).toEqual(newRelease);
    } finally {
      if (previous === undefined) delete process.env.APPIMAGE;
      else process.env.APPIMAGE = previous;
    }
  }, REAL_UPDATE_TIMEOUT_MS);
});
