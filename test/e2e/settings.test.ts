/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../core/config/common/configSchema.js';
import { artifact, launchChromium, openSettingsPage, watchConsole } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings e2e skipped: out/renderer is missing; run `npm run build` first');

/** Tab presses allowed to reach a field: the form is long but not this long. */
const MAX_TABS = 80;

describe.skipIf(!built)('settings window in Chromium against the headless host', () => {
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };

  /** Keyboard only: Tab until the field with this id has focus. */
  async function tabTo(id: string): Promise<void> {
    for (let i = 0; i < MAX_TABS; i++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach #${id} with Tab`);
  }

  beforeAll(async () => {
    host = await startHeadlessHost();
    browser = await launchChromium();
    ({ page, consoleWatch } = await openSettingsPage(browser, host, { width: 820, height: 900 }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('loads the effective settings from the engine', async () => {
    const cfg = await host.get<Config>('/api/settings');
    expect(await page.locator('#overlay\\.opacity').inputValue()).toBe(String(cfg.overlay.opacity));
    expect(await page.locator('#ptt\\.mode').inputValue()).toBe(cfg.ptt.mode);
    await page.screenshot({ path: artifact('settings.png'), fullPage: true });
  });

  it('shows an inline error for an invalid value and will not save it', async () => {
    await page.locator('#sim\\.xplane\\.port').fill('70000');
    await page.getByTestId('error-sim.xplane.port').waitFor();
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    expect(await page.locator('#sim\\.xplane\\.port').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: artifact('settings-invalid.png') });
    await page.locator('#sim\\.xplane\\.port').fill('49000');
    await expect.poll(() => page.getByTestId('error-sim.xplane.port').count()).toBe(0);
  });

  it('keyboard only: change a value, save with the keyboard, and the engine has it', async () => {
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // A setting that applies in the headless host (the overlay window's are desktop-only and disabled here).
    await tabTo('speech.tts.rateWpm');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('190');
    await tabTo('overlay.showTextInput');
    await page.keyboard.press('Space');
    // Keyboard-only save through the button: Tab to it and press Enter.
    for (let i = 0; i < MAX_TABS && (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'save'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Saved');
    const cfg = await host.get<Config>('/api/settings');
    expect(cfg.speech.tts.rateWpm).toBe(190);
    expect(cfg.overlay.showTextInput).toBe(false);
  });

  it('a saved setting reaches the overlay through the engine', async () => {
    const overlay = await browser.newPage({ viewport: { width: 400, height: 400 } });
    const overlayWatch = watchConsole(overlay);
    await overlay.goto(host.overlayUrl);
    await overlay.locator('main.overlay[data-link="connected"]').waitFor();
    expect(await overlay.getByTestId('text-input').count()).toBe(0);
    await page.locator('#overlay\\.showTextInput').check();
    await page.keyboard.press('ControlOrMeta+S');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Saved');
    await overlay.getByTestId('text-input').waitFor();
    expect(overlayWatch.errors).toEqual([]);
    await overlay.close();
  });

  it('"test connection" applies the sim settings and reports what the engine says', async () => {
    await page.getByTestId('sim-test').click();
    await expect.poll(() => page.getByTestId('sim-test-result').textContent(), { timeout: 15_000 }).toMatch(/^Connected: Demo sim/);
  });

  it('offers the downloadable whisper models with their size', async () => {
    const options = await page.locator('#speech\\.stt\\.whisperModel option').allTextContents();
    expect(options).toContain('base.en (142 MB download)');
  });

  it('reset to defaults asks once more, then restores every default', async () => {
    await page.getByTestId('reset').click();
    expect(await page.getByTestId('reset').textContent()).toContain('Press again');
    await page.getByTestId('reset').click();
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Defaults restored');
    const cfg = await host.get<Config>('/api/settings');
    expect(cfg.speech.tts.rateWpm).toBe(175);
    expect(await page.locator('#speech\\.tts\\.rateWpm').inputValue()).toBe('175');
  });

  it('logged no console errors', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
