import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, launchChromium, watchConsole } from './helpers/browser.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('overlay state e2e skipped: out/renderer is missing; run `npm run build` first');

/**
 * Every overlay state, rendered by the real built overlay in Chromium, fed by a contract peer
 * (states the engine cannot reach on a build machine: no microphone, no speaker, no model).
 * States the engine can reach are driven for real in overlay.test.ts.
 */
describe.skipIf(!built)('overlay states in Chromium (contract peer)', () => {
  let peer: ContractPeer;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };
  const shot = (name: string) => page.locator('main.overlay').screenshot({ path: artifact(`overlay-${name}.png`), omitBackground: true });

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 400, height: 640 } });
    consoleWatch = watchConsole(page);
    await page.goto(peer.url);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  it('ready', async () => {
    expect(await page.getByTestId('stage').textContent()).toBe('Ready');
    expect(await page.getByTestId('sim-status').textContent()).toBe('X-Plane 12 connected');
    expect(await page.getByTestId('level-meter').count()).toBe(0);
    await shot('ready');
  });

  it('listening, with a level meter', async () => {
    peer.setState((s) => ({ ...s, stage: 'listening', ptt: { ...s.ptt, pressed: true }, levelDb: -20 }));
    await page.getByTestId('level-meter').waitFor();
    expect(await page.getByTestId('level-meter').getAttribute('aria-valuenow')).toBe('67');
    expect(await page.getByTestId('ptt-button').getAttribute('aria-pressed')).toBe('true');
    await shot('listening');
  });

  it('transcribing and thinking', async () => {
    peer.setState((s) => ({ ...s, stage: 'transcribing', ptt: { ...s.ptt, pressed: false } }));
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('Transcribing');
    expect(await page.getByTestId('level-meter').count()).toBe(0);
    peer.setState((s) => ({ ...s, stage: 'thinking' }));
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('Thinking');
  });

  it('speaking, with the transcript and reply as subtitles', async () => {
    peer.emit({ type: 'turnStarted', turnId: 't1', source: 'voice', at: 1 });
    peer.emit({ type: 'transcript', turnId: 't1', kind: 'final', text: 'descend to four thousand' });
    peer.emit({ type: 'reply', turnId: 't1', text: 'Descending to four thousand.', final: true });
    peer.setState((s) => ({ ...s, stage: 'speaking', telemetry: { ...s.telemetry, apAltitudeFt: 4000, verticalSpeedFpm: -500 } }));
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('Speaking');
    expect(await page.getByTestId('transcript').textContent()).toContain('descend to four thousand');
    expect(await page.getByTestId('reply').textContent()).toContain('Descending to four thousand.');
    expect(await page.getByTestId('ap-alt').textContent()).toBe('4,000');
    await shot('speaking');
  });

  it('callout toast', async () => {
    peer.setState((s) => ({ ...s, stage: 'idle' }));
    peer.emit({ type: 'callout', id: 'alt-1000-to-go', text: 'One thousand to go', priority: 'info', simTimeS: 430 });
    await page.getByTestId('callout').filter({ hasText: 'One thousand to go' }).waitFor();
    await shot('callout');
  });

  it('checklist card', async () => {
    const items = [
      { challenge: 'Flight controls', response: 'Free and correct', status: 'checked' as const },
      { challenge: 'Flaps', response: 'Set for takeoff', status: 'challenged' as const },
      { challenge: 'Transponder', response: 'ALT', status: 'pending' as const },
    ];
    peer.emit({ type: 'checklist', name: 'before-takeoff', title: 'Before takeoff', index: 1, items, done: false });
    const card = page.getByTestId('checklist');
    await card.waitFor();
    expect(await card.locator('li.current').textContent()).toContain('Flaps');
    await shot('checklist');
    peer.emit({ type: 'checklist', name: 'before-takeoff', title: 'Before takeoff', index: 3, items: items.map((i) => ({ ...i, status: 'checked' as const })), done: true });
    await card.getByText('complete').waitFor();
  });

  it('missing speech model and a config warning', async () => {
    peer.setState((s) => ({
      ...s,
      engines: { ...s.engines, stt: { state: 'missing', detail: 'no model: download base.en (142 MB)?' } },
      warnings: [{ id: 'config-bad', level: 'warning', message: 'config.json was invalid and was moved aside; using defaults' }],
    }));
    await expect.poll(() => page.getByTestId('engine-problem').textContent()).toBe('no model: download base.en (142 MB)?');
    await page.getByTestId('warnings').getByText('moved aside').waitFor();
    await shot('missing-model');
  });

  it('a broken microphone ahead of the missing model, with what to do and a way to settings', async () => {
    const detail = 'microphone "Yeti Stereo Microphone" delivers only digital silence: is it muted?';
    peer.setState((s) => ({ ...s, engines: { ...s.engines, audio: { state: 'error', detail } } }));
    await expect.poll(() => page.getByTestId('engine-problem').textContent()).toBe(detail);
    expect(await page.getByTestId('mic-fix-advice').textContent()).toBe('The microphone sends only silence: unmute it, or choose another in Settings → Audio.');
    // In a browser tab the host's settings page opens beside the overlay, on the Audio section.
    expect(await page.getByTestId('mic-fix-settings').getAttribute('href')).toBe(`settings.html?token=${peer.token}#audio`);
    const mic = (await page.getByTestId('mic-fix').boundingBox())!;
    const model = (await page.getByTestId('model-fix').boundingBox())!;
    expect(mic.y).toBeLessThan(model.y);
    await shot('mic-problem');
    peer.setState((s) => ({ ...s, engines: { ...s.engines, audio: { state: 'ready', detail: 'ready' } } }));
    await expect.poll(() => page.getByTestId('mic-fix').count()).toBe(0);
    expect(await page.getByTestId('engine-problem').textContent()).toBe('no model: download base.en (142 MB)?');
  });

  it('the PTT button sends pttDown on press and pttUp on release', async () => {
    const before = peer.commands.length;
    const box = (await page.getByTestId('ptt-button').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await expect.poll(() => peer.commands.length).toBe(before + 1);
    await page.mouse.up();
    await expect.poll(() => peer.commands.length).toBe(before + 2);
    expect(peer.commands.slice(before).map((c) => c.command)).toEqual([
      { type: 'pttDown', source: 'button' },
      { type: 'pttUp', source: 'button' },
    ]);
  });

  it('hides the text field when the engine says so', async () => {
    peer.setState((s) => ({ ...s, ui: { ...s.ui, showTextInput: false } }));
    await expect.poll(() => page.getByTestId('text-input').count()).toBe(0);
  });

  it('drops messages that do not match the contract and keeps the last good state', async () => {
    const warned = page.waitForEvent('console', (m) => m.type() === 'warning' && m.text().includes('does not match the contract'));
    peer.sendRaw(JSON.stringify({ kind: 'state', state: { stage: 'exploding' } }));
    await warned;
    expect(await page.getByTestId('sim-status').textContent()).toBe('X-Plane 12 connected');
  });

  it('keeps a long sim status and the aircraft inside the status panel', async () => {
    const before = await page.getByTestId('sim-status').textContent();
    peer.setState((s) => ({ ...s, sim: { ...s.sim, detail: 'X-Plane 12.1.4 at 192.168.100.200:49000 (UDP)', aircraft: 'Cessna Skyhawk (C172)' } }));
    await expect.poll(() => page.getByTestId('sim-status').textContent()).not.toBe(before);
    const panel = (await page.getByTestId('status').boundingBox())!;
    for (const el of [page.getByTestId('sim-status'), page.locator('[data-testid="status"] .aircraft')]) {
      const box = (await el.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
    }
    expect(await page.getByTestId('sim-status').getAttribute('title')).toContain('192.168.100.200');
    await shot('long-status');
  });

  it('logged no console errors', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
