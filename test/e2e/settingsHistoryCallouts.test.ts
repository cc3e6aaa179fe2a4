/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../core/config/common/configSchema.js';
import type { EngineState } from '../../core/api/common/contract.js';
import { calloutIds } from '../../core/copilot/common/calloutRules.js';
import { artifact, launchChromium, openSettingsPage } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings history/callouts e2e skipped: out/renderer is missing; run `npm run build` first');

/** An entry reaches an open page within this after its command's answer (a WebSocket event on loopback). */
const LIVE_TIMEOUT_MS = 10_000;

describe.skipIf(!built)('Settings: transcript history and per-callout switches in Chromium against the headless host', () => {
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };

  beforeAll(async () => {
    host = await startHeadlessHost();
    browser = await launchChromium();
    ({ page, consoleWatch } = await openSettingsPage(browser, host, { width: 820, height: 900 }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  async function command(text: string): Promise<string> {
    const res = await fetch(`${host.origin}/api/command`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    return ((await res.json()) as { turnId: string }).turnId;
  }
  const apHeading = async (): Promise<number> => (await host.get<EngineState>('/api/state')).telemetry.apHeadingDegMag;
  const row = (turnId: string) => page.locator(`[data-testid="history-entry"][data-turn="${turnId}"]`);

  it('shows commands as they happen, with what was done; undo from the list is refused over a later change and flies otherwise', async () => {
    await page.getByTestId('history-empty').waitFor();
    const start = await apHeading();
    const first = await command('heading two seven zero');
    await row(first).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await row(first).getByTestId('history-result').textContent()).toBe('applied');
    expect(await row(first).getByTestId('history-change').textContent()).toMatch(/heading bug \d{3} → 270/);
    const second = await command('heading one eight zero');
    await row(second).waitFor({ timeout: LIVE_TIMEOUT_MS });
    // Newest first.
    expect(await page.getByTestId('history-entry').first().getAttribute('data-turn')).toBe(second);

    // The older entry: two clicks (the second names what it puts back), then refused with the reason; nothing moves.
    await row(first).getByTestId('history-undo').click();
    expect(await row(first).getByTestId('history-undo-confirm').textContent()).toContain('heading bug back to');
    await row(first).getByTestId('history-undo-confirm').click();
    await expect.poll(() => row(first).getByTestId('history-note').textContent(), { timeout: LIVE_TIMEOUT_MS }).toContain('Not undone: the heading bug was changed again afterwards');
    expect(await apHeading()).toBe(180);
    await page.screenshot({ path: artifact('settings-history.png') });

    await row(second).getByTestId('history-undo').click();
    await row(second).getByTestId('history-undo-confirm').click();
    await expect.poll(() => row(second).getByTestId('history-note').textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe('Undone.');
    expect(await apHeading()).toBe(270);
    await row(first).getByTestId('history-undo').click();
    await row(first).getByTestId('history-undo-confirm').click();
    await expect.poll(() => row(first).getByTestId('history-note').textContent(), { timeout: LIVE_TIMEOUT_MS }).toBe('Undone.');
    expect(await apHeading()).toBe(start);
    // The entry itself says it was undone (live event), and offers no second undo.
    await expect.poll(() => row(first).getByTestId('history-undo').count(), { timeout: LIVE_TIMEOUT_MS }).toBe(0);
    expect(await row(first).textContent()).toMatch(/Undone at \d\d:\d\d:\d\d/);
  });

  it('lists every callout with its description and a switch; a saved switch reaches the engine', async () => {
    const section = page.getByTestId('section-callouts');
    for (const id of calloutIds) {
      const sw = section.getByTestId(`callout-switch-${id}`);
      expect(await sw.isChecked(), id).toBe(true);
      const desc = await page.locator(`[id="callouts.rules.${id}-desc"]`).textContent();
      expect(desc?.length, id).toBeGreaterThan(10);
    }
    await section.getByTestId('callout-switch-rotate').uncheck();
    expect(await section.getByTestId('callouts-off-count').textContent()).toBe(`1 of ${calloutIds.length} off`);
    await page.keyboard.press('ControlOrMeta+S');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Saved');
    let cfg = await host.get<Config>('/api/settings');
    expect(cfg.callouts.rules['rotate']).toBe(false);
    await section.screenshot({ path: artifact('settings-callouts.png') });

    // Reopened, the page shows the saved switch; switched on again and saved, the engine has it on.
    await page.reload();
    await page.locator('main[data-loaded="true"]').waitFor();
    expect(await section.getByTestId('callout-switch-rotate').isChecked()).toBe(false);
    await section.getByTestId('callout-switch-rotate').check();
    await page.keyboard.press('ControlOrMeta+S');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toContain('Saved');
    cfg = await host.get<Config>('/api/settings');
    expect(cfg.callouts.rules['rotate']).toBe(true);
    expect(consoleWatch.errors).toEqual([]);
  });
});
