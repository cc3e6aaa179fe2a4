import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, launchChromium } from './helpers/browser.js';
import { contrastFailures } from './helpers/contrast.js';
import { rendererBuilt, startHeadlessHost, type HeadlessHost } from './helpers/headlessHost.js';
import { RECONNECT_MAX_DELAY_MS } from '../../renderer/lib/backoff.js';

const built = rendererBuilt();
if (!built) console.warn('wrong-token e2e skipped: out/renderer is missing; run `npm run build` first');

/** The overlay tells a refused token from a host that is down with one /api/health request; this covers a loaded box. */
const WRONG_TOKEN_SHOWN_TIMEOUT_MS = 15_000;

async function openOverlay(browser: Browser, url: string, fakeClock = false): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 380, height: 460 }, bypassCSP: true });
  if (fakeClock) await page.clock.install();
  await page.goto(url);
  return page;
}

async function expectWrongToken(page: Page): Promise<void> {
  await page.locator('main.overlay[data-link="unauthorized"]').waitFor({ timeout: WRONG_TOKEN_SHOWN_TIMEOUT_MS });
  expect(await page.getByTestId('sim-status').textContent()).toBe('Wrong session token');
  const reason = (await page.getByTestId('status-reason').textContent()) ?? '';
  expect(reason).toContain('Open the overlay URL the host printed');
  expect(reason).not.toMatch(/retrying/);
}

describe.skipIf(!built)('the overlay and a session token the host refuses (built headless host)', () => {
  let host: HeadlessHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHeadlessHost();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('a page with a wrong token says so instead of "host unreachable; retrying", and stops trying', async () => {
    const page = await openOverlay(browser, `${host.origin}/?token=not-the-token`, true);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await expectWrongToken(page);
    expect(await page.getByTestId('text-input').isDisabled()).toBe(true);
    // Told once, then no more attempts with the refused token: ten of the longest reconnect delays
    // pass on the page's (fake) clock and no new socket is opened.
    const attempts = sockets.length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    await page.clock.runFor(RECONNECT_MAX_DELAY_MS * 10);
    expect(sockets.length).toBe(attempts);
    expect(await page.locator('main.overlay').getAttribute('data-link')).toBe('unauthorized');
    expect(await contrastFailures(page, '#ffffff')).toEqual([]);
    await page.screenshot({ path: artifact('h4-wrong-token.png') });
    await page.close();
  });

  it('the gear opens settings by keyboard; rotating the token there tells the open overlay, greys telemetry and disables PTT', async () => {
    const overlay = await openOverlay(browser, host.overlayUrl);
    await overlay.locator('main.overlay[data-link="connected"]').waitFor();
    await overlay.getByTestId('telemetry').waitFor();
    expect(await overlay.getByTestId('ptt-button').isEnabled()).toBe(true);
    expect(await overlay.getByTestId('telemetry').getAttribute('data-stale')).toBe('false');

    // The gear is the first control: Tab reaches it, Enter opens the host's settings page under this token.
    await overlay.keyboard.press('Tab');
    expect(await overlay.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-settings');
    expect(await overlay.getByTestId('open-settings').getAttribute('aria-label')).toBe('Open settings');
    const popup = overlay.waitForEvent('popup');
    await overlay.keyboard.press('Enter');
    const settings = await popup;
    expect(settings.url()).toBe(host.settingsUrl);
    await settings.locator('main[data-loaded="true"]').waitFor();

    // Settings → Second screen → "Make a new session token": the page reloads under the new token.
    const oldToken = host.token;
    await settings.getByTestId('rotate-token').click();
    await settings.waitForURL((u) => u.searchParams.get('token') !== oldToken && u.pathname === '/settings.html');
    const newToken = new URL(settings.url()).searchParams.get('token')!;
    await settings.locator('main[data-loaded="true"]').waitFor();
    expect((await fetch(`${host.origin}/api/health`, { headers: { Authorization: `Bearer ${oldToken}` } })).status).toBe(401);
    expect((await fetch(`${host.origin}/api/health`, { headers: { Authorization: `Bearer ${newToken}` } })).status).toBe(200);
    expect(await settings.getByTestId('overlay-link').getAttribute('href')).toBe(`/?token=${newToken}`);

    // The overlay open under the old token is told, and shows what is live and what is not.
    await expectWrongToken(overlay);
    expect(await overlay.getByTestId('ptt-button').isDisabled()).toBe(true);
    expect(await overlay.getByTestId('telemetry').getAttribute('data-stale')).toBe('true');
    await overlay.getByTestId('telemetry-stale').waitFor();

    // Reopened with the new token, it works again.
    await overlay.goto(`${host.origin}/?token=${newToken}`);
    await overlay.locator('main.overlay[data-link="connected"]').waitFor();
    expect(await overlay.getByTestId('ptt-button').isEnabled()).toBe(true);
    await settings.close();
    await overlay.close();
  });
});
