/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../core/config/common/configSchema.js';
import { WHISPER_MODELS } from '../../core/speech/common/whisperModels.js';
import { writeRandomWhisperModel } from '../integration/speech/randomWhisperModel.js';
import { artifact, launchChromium, openSettingsPage, watchConsole } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';
import { startModelServer, type ModelServer } from './helpers/modelServer.js';

const built = rendererBuilt();
if (!built) console.warn('settings models e2e skipped: out/renderer is missing; run `npm run build` first');

const hostEnv = { STRATUS_AUDIO_INPUTDEVICE: 'none', STRATUS_AUDIO_OUTPUTDEVICE: 'none', STRATUS_LLM_PROVIDER: 'none' };

describe.skipIf(!built)('settings: whisper models and voice preview against the headless host', () => {
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  let server: ModelServer;
  let fileDir: string;
  let fileBytes: number;
  let consoleWatch: { errors: string[] };

  async function customDownload(id: string, path: string): Promise<void> {
    await page.locator('#model-custom-id').fill(id);
    await page.locator('#model-custom-url').fill(`${server.origin}${path}`);
    await page.getByTestId('model-custom-download').click();
  }

  beforeAll(async () => {
    fileDir = mkdtempSync(join(tmpdir(), 'stratus-e2e-model-'));
    const file = join(fileDir, 'model.bin');
    writeRandomWhisperModel(file);
    const data = readFileSync(file);
    fileBytes = data.length;
    server = await startModelServer(data);
    host = await startHeadlessHost([], undefined, hostEnv);
    browser = await launchChromium();
    ({ page, consoleWatch } = await openSettingsPage(browser, host, { width: 820, height: 1000 }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await server?.dispose();
    if (fileDir) rmSync(fileDir, { recursive: true, force: true });
  });

  it('lists the three known models with size, not installed, and no disk use', async () => {
    for (const w of WHISPER_MODELS) {
      const row = page.getByTestId(`model-${w.id}`);
      await row.waitFor();
      expect(await row.textContent()).toContain(`${w.sizeMb} MB`);
      expect(await row.getAttribute('data-installed')).toBe('false');
      expect(await page.getByTestId(`model-${w.id}-download`).isEnabled()).toBe(true);
    }
    expect(await page.getByTestId('models-disk').textContent()).toContain('0.0 MB');
    await page.getByTestId('models').screenshot({ path: artifact('settings-models.png') });
  });

  it('the overlay offers the missing model on its status line; a failed download says why', async () => {
    const overlay = await browser.newPage({ viewport: { width: 400, height: 500 } });
    const overlayWatch = watchConsole(overlay);
    await overlay.goto(host.overlayUrl);
    const button = overlay.getByTestId('model-fix-download');
    await button.waitFor();
    const cfg = await host.get<Config>('/api/settings');
    expect(await button.textContent()).toBe(`Download ${cfg.speech.stt.whisperModel}`);
    // No internet here: the real download of the known model fails, and the overlay says so.
    await button.click();
    await overlay.getByTestId('model-fix-error').waitFor({ timeout: 45_000 });
    expect((await overlay.getByTestId('model-fix-error').textContent())?.length).toBeGreaterThan(0);
    await overlay.getByTestId('model-fix').screenshot({ path: artifact('overlay-model-fix.png') });
    expect(overlayWatch.errors).toEqual([]);
    await overlay.close();
  });

  it('a failed download shows an inline error and leaves the model not installed', async () => {
    await customDownload('e2e-missing', '/nothing-here.bin');
    await page.getByTestId('model-e2e-missing-error').waitFor();
    expect(await page.getByTestId('model-e2e-missing-error').textContent()).toMatch(/HTTP 404/);
    expect(await page.getByTestId('model-e2e-missing').getAttribute('data-installed')).toBe('false');
  });

  it('downloads a custom model with progress, shows it installed with its SHA-256, and selects it only when the pilot says so', async () => {
    await customDownload('e2e-tiny', '/model.bin');
    const bar = page.getByTestId('model-e2e-tiny-progress');
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toMatch(/^\d+$/);
    expect(await page.getByTestId('model-e2e-tiny-figures').textContent()).toContain(`/ ${(fileBytes / 1048576).toFixed(1)} MB`);
    expect(await page.getByTestId('model-e2e-tiny-cancel').isVisible()).toBe(true);
    server.release();
    const row = page.getByTestId('model-e2e-tiny');
    await expect.poll(() => row.getAttribute('data-installed'), { timeout: 20_000 }).toBe('true');
    expect(await row.getAttribute('data-selected')).toBe('false');
    const sha = createHash('sha256').update(readFileSync(join(fileDir, 'model.bin'))).digest('hex');
    expect(await page.getByTestId('model-e2e-tiny-sha256').textContent()).toContain(sha);
    await page.getByTestId('model-e2e-tiny-use').click();
    await expect.poll(() => row.getAttribute('data-selected'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('model-e2e-tiny-disk').textContent()).toContain(`${(fileBytes / 1048576).toFixed(1)} MB on disk`);
    expect(await page.getByTestId('models-disk').textContent()).toContain(`${(fileBytes / 1048576).toFixed(1)} MB`);
    expect(await bar.count()).toBe(0);
    expect((await host.get<Config>('/api/settings')).speech.stt.whisperModel).toBe('e2e-tiny');
    // The form took the engine's choice, so saving it later would not undo the selection.
    expect(await page.locator('#speech\\.stt\\.whisperModel').inputValue()).toBe('e2e-tiny');
  });

  it('cancel stops a stalled download and says so', async () => {
    await customDownload('e2e-stall', '/stall.bin');
    const bar = page.getByTestId('model-e2e-stall-progress');
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toMatch(/^\d+$/);
    await page.getByTestId('models').screenshot({ path: artifact('settings-model-downloading.png') });
    await page.getByTestId('model-e2e-stall-cancel').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('model-e2e-stall-error').waitFor();
    expect(await page.getByTestId('model-e2e-stall-error').textContent()).toContain('Cancelled');
    expect(await bar.count()).toBe(0);
    expect(await page.getByTestId('model-e2e-stall').getAttribute('data-installed')).toBe('false');
    expect((await host.get<Config>('/api/settings')).speech.stt.whisperModel).toBe('e2e-tiny');
  });

  it('preview voice goes through the engine and says honestly that nothing was played (no output device)', async () => {
    const button = page.getByTestId('voice-preview');
    // Meanwhile the button is disabled, so a second press cannot stack samples: watched as it happens
    // (with no output device the voice is only synthesised, which can be quicker than a poll).
    await button.evaluate((b: HTMLButtonElement) => {
      new MutationObserver(() => {
        if (b.disabled && b.textContent === 'Speaking…' && !b.dataset.wasBusy) b.dataset.wasBusy = 'true';
      }).observe(b, { attributeFilter: ['disabled'], childList: true, subtree: true, characterData: true });
    });
    await button.click();
    await expect.poll(() => page.getByTestId('voice-preview-result').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('voice-preview-result').textContent()).toBe('no output device: nothing was played (no output device chosen)');
    expect(await button.getAttribute('data-was-busy')).toBe('true');
    expect(await button.isEnabled()).toBe(true);
  });

  it('logged no console errors', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
