import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBTITLE_VISIBLE_MS } from '../../renderer/lib/overlayModel.svelte.js';
import { launchChromium, watchConsole } from './helpers/browser.js';
import { contrastFailures, MIN_TEXT_CONTRAST, placeholderContrast } from './helpers/contrast.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('overlay fit/contrast e2e skipped: out/renderer is missing; run `npm run build` first');

/** Subtitles stay SUBTITLE_VISIBLE_MS, then fade for 1.2 s; this leaves room for a loaded box. */
const SUBTITLES_GONE_TIMEOUT_MS = SUBTITLE_VISIBLE_MS + 6_000;
/** The window sizes the overlay must fit: the smallest supported, the desktop default, a small tablet strip, a full screen. */
const SIZES = [
  { width: 320, height: 240 },
  { width: 380, height: 460 },
  { width: 480, height: 320 },
  { width: 1920, height: 1080 },
];
/** A pilot's paste of a whole briefing: the text field's own limit, words and one unbroken run. */
const LONG_PASTE = `${'request vectors for the ILS runway two eight right '.repeat(30)}${'X'.repeat(400)}`.slice(0, 2000);
const SCENES = { white: '#ffffff', dark: '#10161c' } as const;

function longChecklist(index: number) {
  return Array.from({ length: 16 }, (_, i) => ({
    challenge: `Item ${i + 1} ${i % 3 === 0 ? 'fuel selector valve and both magnetos' : 'lights'}`,
    response: i % 2 ? 'ON' : 'Checked and set',
    status: i < index ? ('checked' as const) : i === index ? ('challenged' as const) : ('pending' as const),
  }));
}

async function busyOverlay(peer: ContractPeer, page: Page): Promise<void> {
  peer.emit({ type: 'checklist', name: 'before-takeoff', title: 'Before takeoff', index: 12, items: longChecklist(12), done: false });
  peer.emit({ type: 'turnStarted', turnId: 'paste', source: 'text', at: 1 });
  peer.emit({ type: 'transcript', turnId: 'paste', kind: 'final', text: LONG_PASTE });
  peer.emit({ type: 'reply', turnId: 'paste', text: `Say again? I did not understand: ${LONG_PASTE}`, final: true });
  await page.getByTestId('checklist').waitFor();
  await page.getByTestId('subtitles').waitFor();
  await page.getByTestId('text-input').fill(LONG_PASTE);
}

async function fits(page: Page): Promise<{ scrollW: number; scrollH: number; vw: number; vh: number }> {
  return page.evaluate(() => ({
    scrollW: document.documentElement.scrollWidth,
    scrollH: document.documentElement.scrollHeight,
    vw: window.innerWidth,
    vh: window.innerHeight,
  }));
}

async function inViewport(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height + 0.5 && box.x + box.width <= vp.width + 0.5;
}

describe.skipIf(!built)('the overlay fits its window at every size (contract peer)', () => {
  let peer: ContractPeer;
  let browser: Browser;

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  for (const size of SIZES) {
    it(`${size.width}×${size.height}: a running checklist, a long paste and subtitles stay inside; the text field stays visible`, async () => {
      const page = await browser.newPage({ viewport: size });
      const watch = watchConsole(page);
      await page.goto(peer.url);
      await page.locator('main.overlay[data-link="connected"]').waitFor();
      await busyOverlay(peer, page);
      const m = await fits(page);
      expect(m.scrollH, 'document height').toBeLessThanOrEqual(m.vh);
      expect(m.scrollW, 'document width').toBeLessThanOrEqual(m.vw);
      expect(await inViewport(page, 'text-input')).toBe(true);
      expect(await inViewport(page, 'status')).toBe(true);
      // The item being run is scrolled into view inside its card.
      const card = (await page.getByTestId('checklist').boundingBox())!;
      const current = (await page.locator('[data-testid="checklist"] li.current').boundingBox())!;
      expect(current.y).toBeGreaterThanOrEqual(card.y - 0.5);
      expect(current.y + current.height).toBeLessThanOrEqual(card.y + card.height + 0.5);
      expect(watch.errors).toEqual([]);
      await page.close();
    });
  }

  it(
    'faded subtitles give their space back',
    async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(peer.url);
      await page.locator('main.overlay[data-link="connected"]').waitFor();
      peer.emit({ type: 'turnStarted', turnId: 'short', source: 'text', at: 2 });
      peer.emit({ type: 'reply', turnId: 'short', text: 'Heading two seven zero.', final: true });
      await page.getByTestId('subtitles').waitFor();
      const withSubs = (await page.locator('main.overlay').boundingBox())!.height;
      const subs = (await page.getByTestId('subtitles').boundingBox())!.height;
      await page.getByTestId('subtitles').waitFor({ state: 'detached', timeout: SUBTITLES_GONE_TIMEOUT_MS });
      const without = (await page.locator('main.overlay').boundingBox())!.height;
      expect(without).toBeLessThanOrEqual(withSubs - subs + 1);
      await page.close();
    },
    SUBTITLES_GONE_TIMEOUT_MS + 30_000,
  );
});

describe.skipIf(!built)('every overlay state reads at 4.5:1 over a white and a dark scene (axe-core)', () => {
  let peer: ContractPeer;
  let browser: Browser;
  let page: Page;
  const failures: string[] = [];

  async function check(state: string): Promise<void> {
    for (const [scene, colour] of Object.entries(SCENES)) {
      for (const f of await contrastFailures(page, colour)) failures.push(`${state} over ${scene}: ${f.target} ${f.summary}`);
      if ((await page.getByTestId('text-input').count()) > 0) {
        const ratio = await placeholderContrast(page, '[data-testid="text-input"]', colour);
        if (ratio < MIN_TEXT_CONTRAST) failures.push(`${state} over ${scene}: placeholder ${ratio.toFixed(2)}:1`);
      }
    }
  }

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    browser = await launchChromium();
    // axe is injected as a script: the overlay's CSP would refuse it.
    page = await browser.newPage({ viewport: { width: 400, height: 900 }, bypassCSP: true });
    await page.goto(peer.url);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  it('idle, listening, reply, refused reply, checklist, confirm, undo, callouts, warnings, mic and model problems', async () => {
    await check('idle');
    peer.setState((s) => ({ ...s, stage: 'listening', ptt: { ...s.ptt, pressed: true }, levelDb: -20 }));
    await page.getByTestId('level-meter').waitFor();
    await check('listening');
    peer.setState((s) => ({ ...s, stage: 'speaking', ptt: { ...s.ptt, pressed: false } }));
    peer.emit({ type: 'turnStarted', turnId: 't1', source: 'voice', at: 1 });
    peer.emit({ type: 'transcript', turnId: 't1', kind: 'final', text: 'descend to four thousand' });
    peer.emit({ type: 'reply', turnId: 't1', text: 'Descending to four thousand.', final: true });
    await page.getByTestId('reply').waitFor();
    await check('reply');
    peer.emit({ type: 'turnEnded', turnId: 't1', outcome: { status: 'refused', reason: 'the sim cannot do that' }, metrics: [], headline: { totalMs: 40 } });
    await page.locator('[data-testid="subtitles"] .reply.refused').waitFor();
    await check('refused reply');
    peer.emit({ type: 'checklist', name: 'before-takeoff', title: 'Before takeoff', index: 2, items: longChecklist(2).slice(0, 5), done: false });
    await page.getByTestId('checklist').waitFor();
    await check('checklist');
    peer.setState((s) => ({ ...s, stage: 'idle', trust: { confirmation: { turnId: 't2', notation: 'set ap.master off', question: 'Confirm autopilot disconnect?', expiresAt: Date.now() + 60_000 }, undo: null } }));
    await page.getByTestId('confirmation').waitFor();
    await check('confirm prompt');
    peer.setState((s) => ({ ...s, trust: { confirmation: null, undo: { turnId: 't3', notation: 'set gear up', readback: 'gear up', until: Date.now() + 60_000 } } }));
    await page.getByTestId('undo-chance').waitFor();
    await check('undo');
    peer.setState((s) => ({ ...s, trust: { confirmation: null, undo: null } }));
    for (const priority of ['info', 'caution', 'warning'] as const) peer.emit({ type: 'callout', id: `c-${priority}`, text: `Callout ${priority}`, priority, simTimeS: 430 });
    await page.getByTestId('callout').nth(2).waitFor();
    await check('callouts');
    peer.setState((s) => ({
      ...s,
      warnings: [
        { id: 'w1', level: 'warning', message: 'config.json was invalid and was moved aside; using defaults' },
        { id: 'w2', level: 'error', message: 'the sim stopped answering' },
        { id: 'w3', level: 'info', message: 'a new version is available' },
      ],
      engines: { ...s.engines, audio: { state: 'error', detail: 'microphone "Yeti" delivers only digital silence: is it muted?' }, stt: { state: 'missing', detail: 'no model: download base.en (142 MB)?' } },
    }));
    await page.getByTestId('warnings').waitFor();
    await page.getByTestId('mic-fix').waitFor();
    await check('warnings and problems');
    expect(failures).toEqual([]);
  });
});
