/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioDevices, ModelEntry, VoiceList } from '../../core/api/common/contract.js';
import { artifact, launchChromium, watchConsole } from './helpers/browser.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings layout e2e skipped: out/renderer is missing; run `npm run build` first');

/** More Tab presses than the page has controls: the walk stops when focus comes back round. */
const MAX_TABS = 200;

const device = (name: string) => ({ name, defaultSampleRateHz: 48000, hostApi: 'ALSA' });
const devices: AudioDevices = { inputs: [device('USB Audio CODEC with a rather long product name')], outputs: [device('HDA Intel PCH: ALC892 Analog')] };
const models: ModelEntry[] = [
  { id: 'tiny.en', sizeMb: 75, installed: true, bytes: 77_691_713, path: '/home/pilot/.config/stratus/models/ggml-tiny.en.bin', selected: false, downloading: false },
  { id: 'base.en', sizeMb: 142, installed: true, bytes: 147_964_211, path: '/home/pilot/.config/stratus/models/ggml-base.en.bin', selected: true, downloading: false },
  { id: 'small.en', sizeMb: 466, installed: false, bytes: 0, path: '/home/pilot/.config/stratus/models/ggml-small.en.bin', selected: false, downloading: false },
];
const voices: VoiceList = {
  system: { engine: 'espeak-ng', voices: ['en-us', 'en-gb', 'de'], variants: ['m3', 'f2'] },
  piper: { engine: 'piper', voices: [], variants: [], problem: 'no Piper voices in /home/pilot/.config/stratus/models/piper' },
};

/**
 * The settings page's layout in Chromium, against a contract peer (every section filled, the
 * headless host's page): nothing Tab reaches hides under the fixed Save bar, no sideways scroll in
 * a narrow window, and desktop-only settings are disabled with the reason.
 */
describe.skipIf(!built)('settings layout (contract peer)', () => {
  let peer: ContractPeer;
  let browser: Browser;
  let consoleWatch: { errors: string[] };

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    peer.settings.llm.provider = 'openai';
    peer.answer('audioDevices', () => devices);
    peer.answer('modelList', () => models);
    peer.answer('voiceList', () => voices);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    consoleWatch = watchConsole(page);
    await page.goto(peer.settingsUrl);
    await page.locator('main[data-loaded="true"]').waitFor();
    await page.getByTestId('model-tiny.en').waitFor();
    await page.getByTestId('audio-devices-summary').waitFor();
    return page;
  }

  /** Tabs through the whole page; for each control outside the bar, where it sits against the bar. */
  async function tabWalk(page: Page): Promise<{ id: string; top: number; bottom: number; barTop: number; viewport: number }[]> {
    const seen: { id: string; top: number; bottom: number; barTop: number; viewport: number }[] = [];
    let first = '';
    for (let i = 0; i < MAX_TABS; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const bar = document.querySelector('[data-testid="save"]')!.parentElement!; // the fixed bar around Save
        const r = el.getBoundingClientRect();
        const name = el.id || el.dataset.testid || el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30) || el.tagName;
        return { key: `${el.tagName}#${name}#${Math.round(r.top + window.scrollY)}`, id: name, inBar: bar.contains(el), top: r.top, bottom: r.bottom, barTop: bar.getBoundingClientRect().top, viewport: window.innerHeight };
      });
      if (!at) continue;
      if (at.key === first) break;
      if (!first) first = at.key;
      if (!at.inBar) seen.push({ id: at.id, top: at.top, bottom: at.bottom, barTop: at.barTop, viewport: at.viewport });
    }
    return seen;
  }

  for (const [width, height] of [
    [820, 600],
    [480, 640],
    [320, 480],
  ] as const) {
    it(`every control reached with Tab is fully visible above the Save bar at ${width}×${height}`, async () => {
      const page = await open(width, height);
      const walk = await tabWalk(page);
      expect(walk.length).toBeGreaterThan(40); // the walk went through the whole form
      const hidden = walk.filter((c) => c.bottom > c.barTop || c.top < 0);
      expect(hidden, `controls under the Save bar or above the top: ${JSON.stringify(hidden)}`).toEqual([]);
      await page.close();
    });
  }

  for (const [width, height] of [
    [480, 800],
    [320, 640],
  ] as const) {
    it(`does not scroll sideways at ${width} px`, async () => {
      const page = await open(width, height);
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        // What sticks out, to name it when this fails.
        wide: Array.from(document.querySelectorAll('main *'))
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((e) => `${e.tagName}.${e.className}#${e.id}`)
          .slice(0, 10),
      }));
      expect(wide).toEqual([]);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      await page.screenshot({ path: artifact(`settings-${width}.png`), fullPage: true });
      expect(consoleWatch.errors).toEqual([]);
      await page.close();
    });
  }
});
