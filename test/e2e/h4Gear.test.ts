import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchConsole } from './helpers/browser.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings gear e2e skipped: out/renderer is missing; run `npm run build` first');

/**
 * The gear on the overlay's status line. In a browser tab it is a link to the host's settings page
 * under the page's token; in the desktop app (a preload API, faked here as Electron's would be
 * exposed) it asks main over IPC to open the settings window, with no token in any URL.
 */
describe.skipIf(!built)('the settings gear', () => {
  let peer: ContractPeer;
  let browser: Browser;

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  it('in a browser tab: a keyboard-reachable link to settings.html with the page token', async () => {
    const page = await browser.newPage({ viewport: { width: 380, height: 460 } });
    await page.goto(peer.url);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
    await page.keyboard.press('Tab');
    const gear = page.getByRole('link', { name: 'Open settings' });
    expect(await gear.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await gear.getAttribute('href')).toBe(`settings.html?token=${peer.token}`);
    await page.close();
  });

  it('in the desktop app: a button that opens the settings window over IPC', async () => {
    const page = await browser.newPage({ viewport: { width: 380, height: 460 } });
    const watch = watchConsole(page);
    await page.addInitScript((state) => {
      const none = () => () => undefined;
      const ok = () => Promise.resolve({ ok: true });
      const w = window as unknown as { stratus: unknown; settingsOpened: number };
      w.settingsOpened = 0;
      w.stratus = {
        engine: { hello: () => Promise.resolve({ contractVersion: state.contractVersion, state }), onState: none, onEvent: none, execute: ok },
        speech: { pttDown: ok, pttUp: ok, text: ok, cancel: ok },
        sim: { onTelemetry: none },
        settings: { get: () => Promise.resolve({}), update: ok, open: () => Promise.resolve(void (w.settingsOpened += 1)) },
        overlay: { onEditLayout: none, onInteract: none, setEditLayout: () => Promise.resolve(), setInteractive: () => Promise.resolve() },
        input: { gamepadButton: () => Promise.resolve(), captureBinding: ok, status: () => Promise.resolve({}), openPttAction: () => Promise.resolve() },
      };
    }, peer.state);
    await page.goto(peer.url);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
    await page.keyboard.press('Tab');
    const gear = page.getByRole('button', { name: 'Open settings' });
    expect(await gear.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (window as unknown as { settingsOpened: number }).settingsOpened)).toBe(1);
    expect(await page.locator('a[href*="token="]').count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
