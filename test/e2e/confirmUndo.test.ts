import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../core/audio/common/wav.js';
import type { CommandResult, EngineState } from '../../core/api/common/contract.js';
import { PocketsphinxEngine } from '../../core/speech/node/pocketsphinxEngine.js';
import { concat, espeakAvailable, silence, speak } from '../integration/speech/espeakFixtures.js';
import { artifact, launchChromium, openSettingsPage, watchConsole } from './helpers/browser.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('confirmation/undo e2e skipped: out/renderer is missing; run `npm run build` first');
const canSpeak = espeakAvailable() && PocketsphinxEngine.isInstalled();

/**
 * "Never fly a wrong command" as the pilot sees it: the shipped headless host (built CLI, demo
 * sim, pocketsphinx on spoken WAVs) and the built overlay in Chromium. A typed
 * command flies at once and offers undo; a spoken risky one is asked back with a countdown and
 * flies on "affirm".
 */
describe.skipIf(!built)('confirmation and undo in the overlay, against the headless host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-e2e-trust-'));
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };

  async function type(text: string): Promise<void> {
    const input = page.getByTestId('text-input');
    await input.fill(text);
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
  }
  const gearDown = async (): Promise<boolean> => (await host.get<EngineState>('/api/state')).telemetry.gearDown;

  async function sayWav(text: string): Promise<CommandResult> {
    const pcm = concat(silence(300), speak(join(dir, 'wav'), text, 'en-us+f2', 140), silence(300));
    const res = await fetch(`${host.origin}/api/utterance`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'audio/wav' },
      body: Buffer.from(encodeWav16(pcm, 16000)),
    });
    if (!res.ok) throw new Error(`POST /api/utterance: ${res.status} ${await res.text()}`);
    return (await res.json()) as CommandResult;
  }

  beforeAll(async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ audio: { inputDevice: 'none', outputDevice: 'none' }, speech: { stt: { engine: 'pocketsphinx' }, strictness: 0 } }));
    host = await startHeadlessHost([], dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 620 } });
    consoleWatch = watchConsole(page);
    await page.goto(host.overlayUrl);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a typed command flies at once and offers undo; "undo" takes it back', async () => {
    expect(await gearDown()).toBe(false);
    await type('gear down');
    await expect.poll(gearDown, { timeout: 15_000 }).toBe(true);
    const chance = page.getByTestId('undo-chance');
    await chance.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('undo-what').textContent()).toBe('Gear down');
    expect(await chance.textContent()).toMatch(/say undo to take back/);
    expect(await page.getByTestId('confirmation').count()).toBe(0); // typed: never asked
    await page.locator('main.overlay').screenshot({ path: artifact('overlay-undo-chance.png'), omitBackground: true });
    await type('undo');
    await expect.poll(gearDown, { timeout: 15_000 }).toBe(false);
    await chance.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.getByTestId('reply').textContent(), { timeout: 10_000 }).toBe('gear up');
  });

  it.skipIf(!canSpeak)('a spoken "gear up" is asked back with a countdown; "affirm" flies it and offers undo', async (ctx) => {
    await type('gear down');
    await expect.poll(gearDown, { timeout: 15_000 }).toBe(true);
    let asked = await sayWav('gear up');
    if (asked.outcome.status === 'applied') {
      // Heard surely enough for relaxed checking (confidence >= its confirmBelow): strict checking,
      // applied live, asks about every spoken risky command short of certainty.
      await type('gear down');
      await expect.poll(gearDown, { timeout: 15_000 }).toBe(true);
      const patched = await fetch(`${host.origin}/api/settings`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ speech: { strictness: 1 } }),
      });
      expect(patched.ok).toBe(true);
      asked = await sayWav('gear up');
    }
    if (asked.outcome.status === 'not-understood' && /low confidence/.test(asked.outcome.reason ?? '')) {
      // The recogniser scored the clip below the rejection threshold: "Say again." is the right
      // answer then, and there is no question to see.
      console.warn(`spoken confirmation not checked against the real engine: pocketsphinx heard "${asked.transcript}" with ${asked.outcome.reason}`);
      expect(asked.reply).toBe('Say again.');
      expect(await gearDown()).toBe(true);
      ctx.skip();
      return;
    }
    expect(asked.transcript).toBe('gear up');
    expect(asked.outcome.status).toBe('confirming');
    const card = page.getByTestId('confirmation');
    await card.waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('confirmation-question').textContent()).toBe('Confirm gear up?');
    expect(await card.textContent()).toMatch(/say affirm or negative/);
    expect(await page.getByTestId('confirmation-countdown').textContent()).toMatch(/^[1-5] s$/);
    expect(await gearDown()).toBe(true); // nothing flown yet
    await page.locator('main.overlay').screenshot({ path: artifact('overlay-confirmation.png'), omitBackground: true });

    await type('affirm');
    await expect.poll(gearDown, { timeout: 15_000 }).toBe(false);
    await card.waitFor({ state: 'detached', timeout: 5_000 });
    // The "gear down" typed to set the scene may still be offering its undo: wait for this one's.
    await expect.poll(() => page.getByTestId('undo-what').textContent(), { timeout: 5_000 }).toBe('Gear up');
  }, 60_000);

  it('the Strict ↔ Relaxed slider in Settings sets speech.strictness, applied live', async () => {
    const settings = await openSettingsPage(browser, host, { width: 900, height: 900 });
    const slider = settings.page.locator('#speech\\.strictness');
    // To the other end from where an earlier test may have left it: left is Strict (1), right Relaxed (0).
    const before = (await host.get<{ speech: { strictness: number } }>('/api/settings')).speech.strictness;
    const target = before === 1 ? 0 : 1;
    await slider.fill(String(1 - target));
    await settings.page.getByTestId('save').click();
    await expect.poll(() => settings.page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('Saved and applied');
    expect((await host.get<{ speech: { strictness: number } }>('/api/settings')).speech.strictness).toBe(target);
    await slider.locator('xpath=ancestor::div[contains(@class, "field")][1]').screenshot({ path: artifact('settings-strictness.png') });
    expect(settings.consoleWatch.errors).toEqual([]);
    await settings.page.close();
  });

  it('logged no console errors', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});

/**
 * The same cards from a scripted engine (contract peer): a question waiting with its countdown,
 * then the undo chance fading out at the end of its window; and both back after a reconnect.
 */
describe.skipIf(!built)('confirmation and undo cards (contract peer)', () => {
  let peer: ContractPeer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 620 } });
    await page.goto(peer.url);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  it('counts the question down and drops it when it expires', async () => {
    const expiresAt = Date.now() + 2_500;
    peer.setState((s) => ({ ...s, trust: { confirmation: { turnId: 't1', notation: 'set ap.master off', question: 'Confirm autopilot disconnected?', expiresAt }, undo: null } }));
    await page.getByTestId('confirmation').waitFor();
    expect(await page.getByTestId('confirmation-question').textContent()).toBe('Confirm autopilot disconnected?');
    await expect.poll(() => page.getByTestId('confirmation-countdown').textContent()).toBe('2 s');
    await expect.poll(() => page.getByTestId('confirmation-countdown').textContent(), { timeout: 3_000 }).toBe('1 s');
    await page.getByTestId('confirmation').waitFor({ state: 'detached', timeout: 3_000 });
  });

  it('shows the undo chance and fades it out at the end of its window', async () => {
    peer.setState((s) => ({ ...s, trust: { confirmation: null, undo: { turnId: 't2', notation: 'set gear up', readback: 'gear up', until: Date.now() + 3_000 } } }));
    const chance = page.getByTestId('undo-chance');
    await chance.waitFor();
    await expect.poll(async () => Number(await chance.evaluate((el) => getComputedStyle(el).opacity)), { timeout: 3_000 }).toBeLessThan(1);
    await chance.waitFor({ state: 'detached', timeout: 3_000 });
  });
});
