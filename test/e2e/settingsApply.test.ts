/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../core/api/common/contract.js';
import type { Config } from '../../core/config/common/configSchema.js';
import { XplanePeer } from '../peers/xplanePeer.js';
import { artifact, launchChromium, openSettingsPage } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings apply e2e skipped: out/renderer is missing; run `npm run build` first');

/** Switching spawns the telemetry worker and subscribes to X-Plane: seconds at most on a loaded box. */
const SWITCH_TIMEOUT_MS = 20_000;
/** A save is answered once the engine has applied it: well under a second here, seconds on a loaded CI box. */
const SAVE_TIMEOUT_MS = 10_000;

/**
 * The Save bar tells the truth: "applied" for what the running host applied (a simulator chosen
 * here reaches the engine at once), and "restart Stratus to apply" for what waits for a restart.
 */
describe.skipIf(!built)('settings take effect, or the Save bar says a restart is needed', () => {
  let host: HeadlessHost;
  let peer: XplanePeer;
  let port: number;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };

  const status = (): Promise<string | null> => page.getByTestId('save-status').textContent();

  beforeAll(async () => {
    peer = new XplanePeer();
    port = await peer.start();
    host = await startHeadlessHost();
    browser = await launchChromium();
    ({ page, consoleWatch } = await openSettingsPage(browser, host, { width: 820, height: 900 }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await peer?.dispose();
  });

  it('a simulator chosen and saved here reaches the running engine, and the bar says applied', async () => {
    expect((await host.get<EngineState>('/api/state')).sim.kind).toBe('demo');
    await page.locator('#sim\\.kind').selectOption('xplane');
    await page.locator('#sim\\.xplane\\.port').fill(String(port));
    await page.getByTestId('save').click();
    // Saving a simulator answers once the new link has started.
    await expect.poll(status, { timeout: SWITCH_TIMEOUT_MS }).toBe('Saved and applied');
    await expect
      .poll(async () => {
        const { sim, telemetry } = await host.get<EngineState>('/api/state');
        return `${sim.kind} ${sim.phase} ${telemetry.com1ActiveKhz}`;
      }, { timeout: SWITCH_TIMEOUT_MS })
      .toBe('xplane connected 118300');
    expect(peer.subscriptionCount()).toBeGreaterThan(0);
  });

  it('a setting that needs a restart is saved and named as such', async () => {
    await page.locator('#host\\.port').fill('8765');
    await page.getByTestId('save').click();
    await expect.poll(status, { timeout: SAVE_TIMEOUT_MS }).toBe('Saved — restart Stratus to apply: headless server port');
    expect((await host.get<Config>('/api/settings')).host.port).toBe(8765);
    // The page still talks to the host on its old port: nothing was rebound.
    await page.getByTestId('section-host').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('settings-restart-needed.png') });
  });

  it('keeps saying so after a later change that applied', async () => {
    // A setting that applies in the headless host (the overlay window's are desktop-only and disabled here).
    await page.locator('#ptt\\.releaseTailMs').fill('300');
    await page.getByTestId('save').click();
    await expect.poll(status, { timeout: SAVE_TIMEOUT_MS }).toBe('Saved — restart Stratus to apply: headless server port; the rest is applied');
    await page.getByTestId('save-status').screenshot({ path: artifact('settings-savebar-restart.png') });
  });

  it('stops asking once the setting is back at what the host started with', async () => {
    await page.locator('#host\\.port').fill('0');
    await page.getByTestId('save').click();
    await expect.poll(status, { timeout: SAVE_TIMEOUT_MS }).toBe('Saved and applied');
  });

  it('a change made elsewhere shows up in the open window without losing an unsaved edit', async () => {
    await page.locator('#ptt\\.releaseTailMs').fill('350');
    const res = await fetch(`${host.origin}/api/settings`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ speech: { tts: { rateWpm: 190 } }, ptt: { releaseTailMs: 400 } }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => page.locator('#speech\\.tts\\.rateWpm').inputValue()).toBe('190');
    expect(await page.locator('#ptt\\.releaseTailMs').inputValue()).toBe('350'); // the user's edit wins
    expect(await status()).toBe('Unsaved changes');
    await page.getByTestId('revert').click();
    expect(await page.locator('#ptt\\.releaseTailMs').inputValue()).toBe('400');
  });

  it('logged no console errors', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
