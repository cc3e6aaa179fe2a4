/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../core/api/common/contract.js';
import { artifact, launchChromium, openSettingsPage, watchConsole } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('microphone status e2e skipped: out/renderer is missing; run `npm run build` first');

/** The audio worker looks for hardware once at start; on a loaded box that can take a while. */
const AUDIO_VERDICT_TIMEOUT_MS = 20_000;
/** A mic test records up to 5 s, then judges and perhaps plays back. */
const MIC_TEST_TIMEOUT_MS = 15_000;

/**
 * The microphone as a pilot sees it, through the product as shipped: the built CLI's headless host
 * on a machine without sound hardware (the build machine), so the engine's own microphone fails.
 */
describe.skipIf(!built)('microphone status against the headless host (no sound hardware)', () => {
  let host: HeadlessHost;
  let browser: Browser;
  let overlay: Page;
  let overlayWatch: { errors: string[] };

  beforeAll(async () => {
    host = await startHeadlessHost();
    browser = await launchChromium();
    overlay = await browser.newPage({ viewport: { width: 400, height: 560 } });
    overlayWatch = watchConsole(overlay);
    await overlay.goto(host.overlayUrl);
    await overlay.locator('main.overlay[data-link="connected"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('the overlay shows the microphone problem ahead of the speech-model hint', async () => {
    await expect.poll(async () => (await host.get<EngineState>('/api/state')).engines.audio.state, { timeout: AUDIO_VERDICT_TIMEOUT_MS }).toBe('error');
    const audio = (await host.get<EngineState>('/api/state')).engines.audio;
    await expect.poll(() => overlay.getByTestId('engine-problem').textContent()).toBe(audio.detail);
    expect(audio.detail).toMatch(/^microphone unavailable/);
    expect(await overlay.getByTestId('mic-fix-advice').textContent()).toMatch(/Settings → Audio\.$/);
    // A fresh config folder has no whisper model: its download offer comes after the microphone.
    const mic = (await overlay.getByTestId('mic-fix').boundingBox())!;
    const model = (await overlay.getByTestId('model-fix').boundingBox())!;
    expect(mic.y).toBeLessThan(model.y);
    await overlay.locator('main.overlay').screenshot({ path: artifact('overlay-mic-unavailable.png'), omitBackground: true });
  });

  it('"Open settings" opens the settings page on its Audio section with the same status', async () => {
    const [settings] = await Promise.all([overlay.waitForEvent('popup'), overlay.getByTestId('mic-fix-settings').click()]);
    const watch = watchConsole(settings);
    await settings.locator('main[data-loaded="true"]').waitFor();
    expect(new URL(settings.url()).hash).toBe('#audio');
    await expect.poll(() => settings.getByTestId('mic-status').getAttribute('data-state')).toBe('error');
    expect(await settings.getByTestId('mic-status-text').textContent()).toMatch(/^Microphone: microphone unavailable.* \(error\)$/);
    expect(watch.errors).toEqual([]);
    await settings.close();
  });

  it('settings lists what the engine sees (here: why there is nothing) and System default', async () => {
    const { page, consoleWatch } = await openSettingsPage(browser, host, { width: 820, height: 900 });
    const problem = page.getByTestId('audio-devices-problem');
    await problem.waitFor();
    expect((await problem.textContent())?.length).toBeGreaterThan(0);
    const input = page.locator('#audio\\.inputDevice');
    expect(await input.locator('option').allTextContents()).toEqual(['System default', 'None (microphone off)']);
    expect(await input.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('System default');
    expect(await page.locator('#audio\\.outputDevice option').first().textContent()).toBe('System default');

    await page.getByTestId('mic-test-run').click();
    const result = page.getByTestId('mic-test-result');
    await result.waitFor({ timeout: MIC_TEST_TIMEOUT_MS });
    expect(await result.getAttribute('data-verdict')).toBe('unavailable');
    expect((await page.getByTestId('mic-test-message').textContent())?.length).toBeGreaterThan(0);
    expect(await page.getByTestId('mic-test-details').textContent()).toMatch(/Not played back\.$/);
    await page.getByTestId('section-audio').screenshot({ path: artifact('settings-audio-no-hardware.png') });
    expect(consoleWatch.errors).toEqual([]);
    await page.close();
  });

  it('logged no console errors on the overlay', () => {
    expect(overlayWatch.errors).toEqual([]);
  });
});
