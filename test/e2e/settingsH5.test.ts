/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../core/config/common/configSchema.js';
import { writeRandomWhisperModel } from '../integration/speech/randomWhisperModel.js';
import { artifact, launchChromium, openSettingsPage } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings (issue 16, H5) e2e skipped: out/renderer is missing; run `npm run build` first');

/** No sound device: the host starts with output "none", as on a machine without a sound card. */
const hostEnv = { STRATUS_AUDIO_INPUTDEVICE: 'none', STRATUS_AUDIO_OUTPUTDEVICE: 'none', STRATUS_LLM_PROVIDER: 'none' };
/** espeak-ng synthesises a preview sentence in well under this on a loaded box. */
const PREVIEW_TIMEOUT_MS = 20_000;
/** A refused loopback connection fails at once; the page must show why within this. */
const OFFLINE_ERROR_TIMEOUT_MS = 10_000;
const API_KEY = 'sk-test-h5-0123456789abcdef';

/** A loopback port nothing listens on: bound once, then closed, so a connect is refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The settings window against the headless host as shipped (bin/stratus.js headless, no sound
 * hardware): the honest voice preview and voice picker, settings that do nothing here, model
 * delete and offline failure, MSFS host/port, and the API key that never comes back to the page.
 */
describe.skipIf(!built)('settings against the headless host (issue 16: audio, models, sim, key)', () => {
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };
  const settings = () => host.get<Config>('/api/settings');

  beforeAll(async () => {
    host = await startHeadlessHost([], undefined, hostEnv);
    browser = await launchChromium();
    ({ page, consoleWatch } = await openSettingsPage(browser, host, { width: 820, height: 1000 }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('picks the voice from the installed voices and previews the edited one, saying nothing was played', async () => {
    const voice = page.locator('#speech\\.tts\\.voice');
    await expect.poll(() => voice.locator('option').allTextContents()).toContain('en-gb');
    expect(await voice.evaluate((s: HTMLSelectElement) => s.tagName)).toBe('SELECT');
    await voice.selectOption('en-gb'); // edited, not saved
    await page.getByTestId('voice-preview').click();
    const result = page.getByTestId('voice-preview-result');
    await expect.poll(() => result.textContent(), { timeout: PREVIEW_TIMEOUT_MS }).toMatch(/^no output device: nothing was played/);
    expect(await result.getAttribute('data-tone')).toBe('warn');
    // The edited voice was synthesised (checked), not the saved en-us+m3.
    expect(await page.getByTestId('voice-preview-voice').textContent()).toMatch(/en-gb/);
    expect((await settings()).speech.tts.voice).toBe('en-us+m3'); // the preview saved nothing
    await page.getByTestId('revert').click();
  });

  it('shows the push-to-talk button and the overlay window settings disabled here, with the reason', async () => {
    const ptt = page.getByTestId('host-only-ptt-binding');
    expect(await ptt.getAttribute('data-disabled')).toBe('true');
    expect(await page.getByTestId('ptt-capture').isDisabled()).toBe(true);
    expect(await page.getByTestId('host-only-ptt-binding-reason').textContent()).toMatch(/Only the desktop app listens for a push-to-talk button/);
    for (const id of ['overlay.position', 'overlay.scale', 'overlay.opacity', 'overlay.monitor']) {
      expect(await page.locator(`#${id.replace('.', '\\.')}`).isDisabled(), id).toBe(true);
    }
    expect(await page.getByTestId('host-only-overlay-window-reason').textContent()).toMatch(/Only the desktop app has an overlay window/);
    // What does apply here stays usable.
    expect(await page.locator('#overlay\\.showTextInput').isDisabled()).toBe(false);
    expect(await page.locator('#ptt\\.mode').isDisabled()).toBe(false);
    await page.getByTestId('section-overlay').screenshot({ path: artifact('settings-overlay-headless.png') });
  });

  it('an offline model download explains itself and gives the manual route', async () => {
    const port = await refusedPort();
    const url = `http://127.0.0.1:${port}/ggml-offline.bin`;
    await page.locator('#model-custom-id').fill('offline');
    await page.locator('#model-custom-url').fill(url);
    await page.getByTestId('model-custom-download').click();
    const error = page.getByTestId('model-offline-error');
    await expect.poll(() => error.textContent(), { timeout: OFFLINE_ERROR_TIMEOUT_MS }).toContain(`Could not reach 127.0.0.1:${port}`);
    const text = (await error.textContent()) ?? '';
    expect(text).toContain(`Download ${url} on another computer, then run \`stratus model use FILE\``);
    expect(text).toContain('(or pick the file here');
    expect(text).not.toContain('fetch failed');
  });

  it('deletes a model, shows disk use, and asks before deleting the one in use (then falls back)', async () => {
    const models = join(host.configDir, 'models');
    mkdirSync(models, { recursive: true });
    writeFileSync(join(models, 'ggml-tiny.en.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
    writeRandomWhisperModel(join(models, 'ggml-base.en.bin'));
    await page.reload();
    await page.locator('main[data-loaded="true"]').waitFor();
    await expect.poll(() => page.getByTestId('model-tiny.en-disk').textContent()).toBe('installed, 3.0 MB on disk');
    expect(await page.getByTestId('models-disk').textContent()).toMatch(/^Installed models use 10\.\d MB on disk\.$/);

    await page.getByTestId('model-tiny.en-delete').click();
    await expect.poll(() => page.getByTestId('models-deleted').textContent()).toBe('Deleted tiny.en: 3.0 MB freed.');
    expect(existsSync(join(models, 'ggml-tiny.en.bin'))).toBe(false);
    expect(await page.getByTestId('model-tiny.en').getAttribute('data-installed')).toBe('false');

    // base.en is the selected model: the row asks first and names the fallback.
    await page.getByTestId('model-base.en-delete').click();
    expect(await page.getByTestId('model-base.en-confirm').textContent()).toContain('recognition uses PocketSphinx');
    await page.getByTestId('model-base.en-delete-keep').click();
    expect(existsSync(join(models, 'ggml-base.en.bin'))).toBe(true);
    await page.getByTestId('model-base.en-delete').click();
    await page.getByTestId('model-base.en-delete-confirm').click();
    await expect.poll(() => page.getByTestId('models-deleted').textContent()).toMatch(/^Deleted base\.en: 7\.\d MB freed\. Recognition now uses PocketSphinx\.$/);
    expect(existsSync(join(models, 'ggml-base.en.bin'))).toBe(false);
    expect((await settings()).speech.stt.engine).toBe('pocketsphinx');
    await expect.poll(() => page.locator('#speech\\.stt\\.engine').inputValue()).toBe('pocketsphinx');
  });

  it('sets and clears the MSFS host and port', async () => {
    await page.locator('#sim\\.msfs\\.host').fill('192.168.1.20');
    await page.locator('#sim\\.msfs\\.port').fill('5111');
    await page.getByTestId('save').click();
    await expect.poll(async () => (await settings()).sim.msfs).toEqual({ host: '192.168.1.20', port: 5111 });
    await page.locator('#sim\\.msfs\\.host').fill('');
    await page.locator('#sim\\.msfs\\.port').fill('');
    await page.getByTestId('save').click();
    await expect.poll(async () => (await settings()).sim.msfs).toEqual({ host: null, port: null });
    await page.locator('#sim\\.msfs\\.host').fill('not a host!');
    expect(await page.getByTestId('error-sim.msfs.host').textContent()).toMatch(/host name or IP address/);
    await page.getByTestId('revert').click();
  });

  it('stores an API key in the secret store; the page only ever learns "set", and can clear it', async () => {
    await page.locator('#llm\\.provider').selectOption('openai');
    await page.locator('#llm\\.apiKey').fill(API_KEY);
    await page.getByTestId('llm-apikey-save').click();
    await expect.poll(async () => (await settings()).llm.apiKeySet).toBe(true);
    const secrets = join(host.configDir, 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(host.configDir, 'config.json'), 'utf8')).not.toContain(API_KEY);
    expect(JSON.stringify(await settings())).not.toContain(API_KEY);
    await page.reload();
    await page.locator('main[data-loaded="true"]').waitFor();
    await page.locator('#llm\\.provider').selectOption('openai');
    expect(await page.locator('#llm\\.apiKey').inputValue()).toBe('');
    expect(await page.content()).not.toContain(API_KEY);
    expect(await page.locator('#llm\\.apiKey-hint').textContent()).toMatch(/A key is stored/);
    await page.getByTestId('llm-apikey-remove').click();
    await expect.poll(async () => (await settings()).llm.apiKeySet).toBe(false);
    expect(consoleWatch.errors).toEqual([]);
  });
});
