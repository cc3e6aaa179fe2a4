/// <reference lib="dom" />
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../core/api/common/contract.js';
import { artifact, launchChromium, openSettingsPage } from './helpers/browser.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('custom commands e2e skipped: out/renderer is missing; run `npm run build` first');

/** The engine answers a save or a typed command within this (loopback, demo sim). */
const ANSWER_TIMEOUT_MS = 15_000;

const COLLIDING = `id: strobe-switch
phrase: gear down
actions:
  demo:
    - { demo: strobeLights, value: true }
`;
const GOOD = `id: strobe-switch
phrase: strobe switch {s}
choices:
  s: { on: 1, off: 0 }
actions:
  demo:
    - { demo: strobeLights, value: "{s}" }
`;

const CLASH = 'id: clash\nphrase: flaps up\nactions: { any: [{ key: f }] }';
/** Commands (each as the editor shows one) as a shared file. */
const asFile = (...commands: string[]): string => `version: 1\ncommands:\n${commands.map((c) => c.trimEnd().replace(/^/gm, '    ').replace(/^ {4}id/, '  - id')).join('\n')}\n`;

describe.skipIf(!built)('Settings: your own commands in Chromium against the headless host', () => {
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

  const lightsOn = async (): Promise<string[]> => (await host.get<EngineState>('/api/state')).telemetry.lightsOn ?? [];

  it('lists the shipped examples, shows a refused command\'s reason inline, then saves, tests and deletes a command', async () => {
    const section = page.getByTestId('section-custom');
    await section.scrollIntoViewIfNeeded();
    await page.locator('[data-testid="custom-row"][data-id="parking-brake"]').waitFor({ timeout: ANSWER_TIMEOUT_MS });

    await page.getByTestId('custom-add').click();
    await page.getByTestId('custom-yaml').fill(COLLIDING);
    await page.getByTestId('custom-save').click();
    const problems = page.getByTestId('custom-editor').getByTestId('custom-problems');
    await problems.getByText(/"gear down" is already the built-in command/).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect(await page.getByTestId('custom-yaml').getAttribute('aria-invalid')).toBe('true');
    expect(() => readFileSync(join(host.configDir, 'custom-commands.yaml'))).toThrow();
    await page.screenshot({ path: artifact('h6-custom-refused.png') });

    await page.getByTestId('custom-yaml').fill(GOOD);
    await page.getByTestId('custom-save').click();
    await page.locator('[data-testid="custom-row"][data-id="strobe-switch"]').waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect(readFileSync(join(host.configDir, 'custom-commands.yaml'), 'utf8')).toContain('strobe switch {s}');

    await page.getByTestId('custom-test-text').fill('strobe switch off');
    await page.getByTestId('custom-test').click();
    await page.getByTestId('custom-test-reply').getByText(/Your command: applied/).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect(await lightsOn()).not.toContain('strobe');
    await page.getByTestId('custom-test-text').fill('strobe switch on');
    await page.getByTestId('custom-test').click();
    await page.getByTestId('custom-test-reply').getByText(/strobe switch on/).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect(await lightsOn()).toContain('strobe');
    await page.screenshot({ path: artifact('h6-custom-saved.png') });

    await page.getByRole('button', { name: 'Delete strobe-switch' }).click();
    await page.locator('[data-testid="custom-row"][data-id="strobe-switch"]').waitFor({ state: 'detached', timeout: ANSWER_TIMEOUT_MS });
    expect(consoleWatch.errors).toEqual([]);
  });

  it('imports a shared file (a bad one is refused whole with the reasons) and exports the pilot\'s commands', async () => {
    const bad = join(host.configDir, 'bad.yaml');
    writeFileSync(bad, asFile(GOOD, CLASH));
    await page.getByTestId('custom-import').setInputFiles(bad);
    await page.getByTestId('custom-problems').getByText(/clash: "flaps up" is already the built-in command/).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect(await page.locator('[data-testid="custom-row"][data-id="strobe-switch"]').count()).toBe(0);

    const good = join(host.configDir, 'good.yaml');
    writeFileSync(good, asFile(GOOD));
    await page.getByTestId('custom-import').setInputFiles(good);
    await page.locator('[data-testid="custom-row"][data-id="strobe-switch"]').waitFor({ timeout: ANSWER_TIMEOUT_MS });

    const download = page.waitForEvent('download', { timeout: ANSWER_TIMEOUT_MS });
    await page.getByTestId('custom-export').click();
    const file = await (await download).path();
    expect(readFileSync(file, 'utf8')).toContain('phrase: strobe switch {s}');
  });

  it('picks an aircraft profile and saves an edited copy to the config folder (a bad one is refused inline)', async () => {
    await page.getByTestId('section-aircraft').scrollIntoViewIfNeeded();
    await page.locator('#aircraft\\.profile option[value="c172"]').waitFor({ state: 'attached', timeout: ANSWER_TIMEOUT_MS });
    await page.locator('#aircraft\\.profile').selectOption('c172');
    await page.getByTestId('profile-edit').click();
    const json = page.getByTestId('profile-json');
    const original = JSON.parse(await json.inputValue()) as { id: string; speeds: { vrKt: number; vsoKt: number; vs1Kt: number } };
    expect(original.id).toBe('c172');
    await json.fill(JSON.stringify({ ...original, speeds: { ...original.speeds, vsoKt: original.speeds.vs1Kt + 10 } }));
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-problems').getByText(/vso/).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect(() => readFileSync(join(host.configDir, 'aircraft', 'c172.json'))).toThrow();
    await json.fill(JSON.stringify({ ...original, speeds: { ...original.speeds, vrKt: 57 } }));
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-note').waitFor({ timeout: ANSWER_TIMEOUT_MS });
    expect((JSON.parse(readFileSync(join(host.configDir, 'aircraft', 'c172.json'), 'utf8')) as { speeds: { vrKt: number } }).speeds.vrKt).toBe(57);
    expect(await page.locator('#aircraft\\.profile option[value="c172"]').textContent()).toMatch(/your copy/);
    await page.screenshot({ path: artifact('h6-profile-saved.png') });
  });
});
