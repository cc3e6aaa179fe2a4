import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAutoUpdater } from './testing/fakeAutoUpdater.js';
import { FIRST_CHECK_DELAY_MS, UPDATE_CHECK_INTERVAL_MS, Updater, updateErrorText, updateMenuLine, updateSupport, type UpdateStatus } from './updater.js';

const withFeed = (p: string): boolean => p.endsWith('app-update.yml');
const withDeb = (p: string): boolean => withFeed(p) || p.endsWith('package-type');

describe('where updates can apply (electron-updater: NSIS, dmg+zip, AppImage, deb)', () => {
  it.each([
    ['npm start', { isPackaged: false, platform: 'win32', env: {} }, /development run/],
    ['Windows portable exe', { isPackaged: true, platform: 'win32', env: { PORTABLE_EXECUTABLE_FILE: 'C:\\S.exe' } }, /portable/],
    ['a build without a feed', { isPackaged: true, platform: 'darwin', env: {}, exists: () => false }, /no update feed/],
    ['Linux unpacked (neither AppImage nor deb)', { isPackaged: true, platform: 'linux', env: {}, exists: withFeed }, /the way it was installed/],
    ['snap', { isPackaged: true, platform: 'linux', env: { SNAP: '/snap/x', APPIMAGE: '/a' }, exists: withFeed }, /snapd/],
  ] as const)('%s: no', (_name, o, reason) => {
    const s = updateSupport({ resourcesPath: '/res', exists: withFeed, ...o });
    expect(s.supported).toBe(false);
    expect(s.supported ? '' : s.reason).toMatch(reason);
  });

  it.each([
    ['Windows NSIS install', { platform: 'win32', env: {} }, withFeed],
    ['macOS app', { platform: 'darwin', env: {} }, withFeed],
    ['AppImage', { platform: 'linux', env: { APPIMAGE: '/home/p/S.AppImage' } }, withFeed],
    ['deb', { platform: 'linux', env: {} }, withDeb],
  ] as const)('%s: yes', (_name, o, exists) => {
    expect(updateSupport({ isPackaged: true, resourcesPath: '/res', exists, ...o })).toEqual({ supported: true });
  });
});

describe('automatic checks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function make(automatic: boolean) {
    const fake = new FakeAutoUpdater();
    const statuses: UpdateStatus[] = [];
    const notices: string[] = [];
    const logs: string[] = [];
    const u = new Updater({ support: { supported: true }, load: () => Promise.resolve(fake), automatic, log: (l) => logs.push(l), notify: (t) => notices.push(t), onStatus: (s) => statuses.push(s) });
    return { fake, u, statuses, notices, logs };
  }

  it('checks once after start-up, then every few hours; turning it off stops them, on starts them again', async () => {
    vi.useFakeTimers();
    const { fake, u } = make(true);
    u.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS - 1);
    expect(fake.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(UPDATE_CHECK_INTERVAL_MS);
    expect(fake.checks).toBe(2);
    u.setAutomatic(false);
    await vi.advanceTimersByTimeAsync(3 * UPDATE_CHECK_INTERVAL_MS);
    expect(fake.checks).toBe(2);
    u.setAutomatic(true);
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
    expect(fake.checks).toBe(3);
    u.dispose();
    await vi.advanceTimersByTimeAsync(3 * UPDATE_CHECK_INTERVAL_MS);
    expect(fake.checks).toBe(3);
  });

  it('with automatic checks off nothing is checked or loaded until the pilot asks', async () => {
    vi.useFakeTimers();
    const load = vi.fn(() => Promise.resolve(new FakeAutoUpdater()));
    const u = new Updater({ support: { supported: true }, load, automatic: false, log: () => {}, notify: () => {}, onStatus: () => {} });
    u.start();
    // Another setting changed: the same switch value must not schedule anything.
    u.setAutomatic(false);
    await vi.advanceTimersByTimeAsync(2 * UPDATE_CHECK_INTERVAL_MS);
    expect(load).not.toHaveBeenCalled();
    await u.checkNow();
    expect(load).toHaveBeenCalledTimes(1);
    u.dispose();
  });

  it('offline every few hours: a status and one log line, no notification', async () => {
    vi.useFakeTimers();
    const { fake, u, notices, logs, statuses } = make(true);
    fake.answer = { kind: 'fail', error: Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' }) };
    u.start();
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS + 5 * UPDATE_CHECK_INTERVAL_MS);
    expect(fake.checks).toBe(6);
    expect(u.status).toEqual({ state: 'error', message: 'offline or the update server is unreachable' });
    expect(notices).toEqual([]);
    expect(logs).toEqual(['updates: check failed: offline or the update server is unreachable']);
    expect(statuses.filter((s) => s.state === 'error')).toHaveLength(6);
    u.dispose();
  });

  it('a failed download rejects its promise without an unhandled rejection and leaves a status', async () => {
    const { fake, u } = make(false);
    const failing = Promise.reject(new Error('sha512 checksum mismatch'));
    fake.checkForUpdates = () => {
      fake.emit('update-available', { version: '0.3.0' });
      setImmediate(() => fake.emit('error', new Error('sha512 checksum mismatch')));
      return Promise.resolve({ downloadPromise: failing });
    };
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    await u.checkNow();
    await vi.waitFor(() => expect(u.status).toEqual({ state: 'error', message: 'sha512 checksum mismatch' }));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
    u.dispose();
  });
});

describe('failures that are not the feed', () => {
  it('electron-updater that cannot be loaded is a status, and the next check tries again', async () => {
    let attempts = 0;
    const fake = new FakeAutoUpdater();
    const u = new Updater({
      support: { supported: true },
      load: () => (++attempts === 1 ? Promise.reject(new Error("Cannot find module 'electron-updater'")) : Promise.resolve(fake)),
      automatic: false,
      log: () => {},
      notify: () => {},
      onStatus: () => {},
    });
    await u.checkNow();
    expect(u.status).toEqual({ state: 'error', message: "Cannot find module 'electron-updater'" });
    await u.checkNow();
    expect(u.status).toEqual({ state: 'up-to-date' });
    expect(attempts).toBe(2);
    u.dispose();
  });

  it('a cancelled download (no error event) does not leave it "downloading" for ever', async () => {
    const fake = new FakeAutoUpdater();
    const u = new Updater({ support: { supported: true }, load: () => Promise.resolve(fake), automatic: false, log: () => {}, notify: () => {}, onStatus: () => {} });
    fake.checkForUpdates = () => {
      fake.emit('update-available', { version: '0.3.0' });
      return Promise.resolve({ downloadPromise: Promise.reject(new Error('cancelled')) });
    };
    await u.checkNow();
    await vi.waitFor(() => expect(u.status).toEqual({ state: 'error', message: 'cancelled' }));
    u.dispose();
  });
});

describe('after quit', () => {
  it('a late error from electron-updater is ignored, not thrown (an emitter with no error listener throws)', async () => {
    const fake = new FakeAutoUpdater();
    const statuses: UpdateStatus[] = [];
    const u = new Updater({ support: { supported: true }, load: () => Promise.resolve(fake), automatic: false, log: () => {}, notify: () => {}, onStatus: (st) => statuses.push(st) });
    await u.checkNow();
    u.dispose();
    const seen = statuses.length;
    expect(() => fake.emit('error', new Error('late'))).not.toThrow();
    expect(statuses).toHaveLength(seen);
  });
});

describe('tray line and error text', () => {
  it('says what is happening, and only a finished download is "ready"', () => {
    expect(updateMenuLine({ state: 'downloading', version: '1.2.0', percent: 40 })).toEqual({ label: 'Downloading update 1.2.0 (40 %)', enabled: false, ready: false });
    expect(updateMenuLine({ state: 'ready', version: '1.2.0' }).ready).toBe(true);
    expect(updateMenuLine({ state: 'unsupported', reason: 'x' }).enabled).toBe(false);
    expect(updateErrorText(new Error(`HttpError: 404\n${'x'.repeat(400)}`))).toBe('HttpError: 404');
    expect(updateErrorText(new Error('a'.repeat(400))).length).toBeLessThanOrEqual(160);
  });
});
