import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from './testing/fakeElectron.js';
import { FakeAutoUpdater } from './testing/fakeAutoUpdater.js';
import { shellRig } from './testing/shellRig.js';

/** The fake updater answers within a few ticks: generous for a loaded CI machine. */
const UPDATE_WAIT_MS = 5_000;
const rig = shellRig('stratus-updater-');
const scratch: string[] = [];
afterEach(() => {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An installed build: packaged, with the app-update.yml electron-builder writes from the publish block. */
function installed(updater: FakeAutoUpdater, loads: { n: number }, packaged = true) {
  return (fake: FakeElectron): void => {
    fake.app.isPackaged = packaged;
    const resources = mkdtempSync(join(tmpdir(), 'stratus-resources-'));
    scratch.push(resources);
    mkdirSync(resources, { recursive: true });
    writeFileSync(join(resources, 'app-update.yml'), 'provider: github\nowner: stratus-sim\nrepo: stratus\n');
    fake.deps.resourcesPath = resources;
    fake.deps.autoUpdater = () => {
      loads.n += 1;
      return Promise.resolve(updater);
    };
  };
}

const updateItem = (fake: FakeElectron) => fake.trays[0]?.item('check-updates');

describe('updates in the desktop shell', () => {
  it('an installed AppImage checks on request, downloads in the background and installs only on quit', async () => {
    const updater = new FakeAutoUpdater();
    updater.answer = { kind: 'update', version: '0.2.0' };
    const loads = { n: 0 };
    const { fake } = await rig.boot({ fake: { platform: 'linux', env: { APPIMAGE: '/home/pilot/Stratus.AppImage' } }, prepare: installed(updater, loads) });
    expect(updateItem(fake)).toMatchObject({ label: 'Check for updates', enabled: true });
    fake.trays[0]!.click('check-updates');
    await vi.waitFor(() => expect(updateItem(fake)?.label).toBe('Update ready — installs when you quit (0.2.0)'), { timeout: UPDATE_WAIT_MS });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, checks: 1 });
    expect(loads.n).toBe(1);
    expect(fake.notices).toEqual([{ title: 'Update ready', body: 'Stratus 0.2.0 installs when you quit.' }]);
    // Never a restart mid-flight: nothing quit the app or ran the installer.
    expect(fake.app.quitCalls).toBe(0);
    expect(updater.quitAndInstallCalls).toBe(0);
  });

  it('under `npm start` the item says why it is off and electron-updater is never loaded', async () => {
    const loads = { n: 0 };
    const { fake } = await rig.boot({ fake: { platform: 'linux', env: { APPIMAGE: '/x.AppImage' } }, prepare: installed(new FakeAutoUpdater(), loads, false) });
    expect(updateItem(fake)?.enabled).toBe(false);
    expect(updateItem(fake)?.label).toMatch(/development run/);
    expect(loads.n).toBe(0);
  });

  it('the Windows portable exe does not try to update itself', async () => {
    const loads = { n: 0 };
    const { fake } = await rig.boot({ fake: { platform: 'win32', env: { PORTABLE_EXECUTABLE_FILE: 'C:\\Users\\pilot\\Stratus.exe' } }, prepare: installed(new FakeAutoUpdater(), loads) });
    expect(updateItem(fake)?.enabled).toBe(false);
    expect(updateItem(fake)?.label).toMatch(/portable/);
    expect(loads.n).toBe(0);
  });

  it('offline: a quiet status in the tray, one notice for the check the pilot asked for, and the app keeps running', async () => {
    const updater = new FakeAutoUpdater();
    updater.answer = { kind: 'fail', error: Object.assign(new Error('net::ERR_INTERNET_DISCONNECTED'), { code: 'ERR_INTERNET_DISCONNECTED' }) };
    const loads = { n: 0 };
    const { fake, shell, logs } = await rig.boot({ fake: { platform: 'win32' }, prepare: installed(updater, loads) });
    for (let i = 0; i < 3; i++) {
      fake.trays[0]!.click('check-updates');
      await vi.waitFor(() => expect(updateItem(fake)?.label).toMatch(/last check failed: offline/), { timeout: UPDATE_WAIT_MS });
    }
    expect(updater.checks).toBe(3);
    expect(fake.notices).toEqual(Array.from({ length: 3 }, () => ({ title: 'Could not check for updates', body: 'offline or the update server is unreachable' })));
    expect(logs.filter((l) => l.startsWith('updates: check failed'))).toHaveLength(1);
    expect(updateItem(fake)?.enabled).toBe(true);
    expect(shell!.engine.state().stage).toBeDefined();
  });
});
