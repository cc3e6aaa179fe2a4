import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const artifactsDir = join(import.meta.dirname, '..', 'artifacts');
export const chromiumPath = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Collects console errors and uncaught page errors so a test can assert there were none. */
export function watchConsole(page: Page, allow: RegExp[] = []): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' && !allow.some((r) => r.test(m.text()))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { errors };
}

/** Opens the settings window of a headless host in a new page, watching its console, and waits until it has loaded. */
export async function openSettingsPage(
  browser: Browser,
  host: { origin: string; token: string },
  viewport: { width: number; height: number },
): Promise<{ page: Page; consoleWatch: { errors: string[] } }> {
  const page = await browser.newPage({ viewport });
  const consoleWatch = watchConsole(page);
  await page.goto(`${host.origin}/settings.html?token=${host.token}`);
  await page.locator('main[data-loaded="true"]').waitFor();
  return { page, consoleWatch };
}

export function artifact(name: string): string {
  return join(artifactsDir, name);
}
