/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioDevices, EngineCommand, MicTestResult } from '../../core/api/common/contract.js';
import { artifact, launchChromium, watchConsole } from './helpers/browser.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('settings audio state e2e skipped: out/renderer is missing; run `npm run build` first');

const device = (name: string, hostApi = 'ALSA') => ({ name, defaultSampleRateHz: 48000, hostApi });
const twoCards: AudioDevices = {
  // PortAudio lists a card once per host API; the picker shows each name once.
  inputs: [device('USB Audio CODEC'), device('USB Audio CODEC', 'JACK Audio Connection Kit'), device('HDA Intel PCH: ALC892 Analog')],
  outputs: [device('HDA Intel PCH: ALC892 Analog'), device('USB Audio CODEC')],
};
const quiet: MicTestResult = {
  device: 'Yeti Stereo Microphone',
  seconds: 2,
  peakDb: -38.2,
  rmsDb: -52.7,
  speech: true,
  verdict: 'quiet',
  message: 'Speech was heard, but very quietly: raise the microphone gain or speak closer.',
  playedBack: true,
};
/** How long the scripted test "records": long enough to see the button's busy state. */
const SCRIPTED_RECORDING_MS = 600;
/** The page renews micMonitor every 4 s: a second request within this. */
const MONITOR_RENEWED_WITHIN_MS = 10_000;

/**
 * Settings → Audio against a contract peer: device lists and test results the build machine's
 * engine cannot produce (it has no sound hardware). The real engine is driven in micStatus.test.ts.
 */
describe.skipIf(!built)('settings audio section in Chromium (contract peer)', () => {
  let peer: ContractPeer;
  let browser: Browser;
  let page: Page;
  let consoleWatch: { errors: string[] };
  let devices: AudioDevices = twoCards;
  const optionLabels = (id: string) => page.locator(`#${id.replace('.', '\\.')} option`).allTextContents();
  const selectedLabel = (id: string) => page.locator(`#${id.replace('.', '\\.')}`).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
  const sent = (type: EngineCommand['type']) => peer.commands.filter((c) => c.command.type === type).map((c) => c.command);

  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    peer.settings.audio.inputDevice = 'Yeti Stereo Microphone';
    peer.answer('audioDevices', () => devices);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 820, height: 900 } });
    consoleWatch = watchConsole(page);
    await page.goto(peer.settingsUrl);
    await page.locator('main[data-loaded="true"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  it('lists the devices the engine sees, each once, and keeps the unplugged saved microphone', async () => {
    await expect.poll(() => optionLabels('audio.inputDevice')).toEqual([
      'System default',
      'None (microphone off)',
      'USB Audio CODEC',
      'HDA Intel PCH: ALC892 Analog',
      'Yeti Stereo Microphone (not connected)',
    ]);
    expect(await selectedLabel('audio.inputDevice')).toBe('Yeti Stereo Microphone (not connected)');
    expect(await optionLabels('audio.outputDevice')).toEqual(['System default', 'None (no sound)', 'HDA Intel PCH: ALC892 Analog', 'USB Audio CODEC']);
    expect(await selectedLabel('audio.outputDevice')).toBe('System default');
    expect(await page.getByTestId('audio-devices-summary').textContent()).toBe('The engine sees 3 inputs and 2 outputs.');
    await page.getByTestId('section-audio').screenshot({ path: artifact('settings-audio-devices.png') });
  });

  it('refresh asks the engine again and shows what it says now', async () => {
    const before = sent('audioDevices').length;
    devices = { inputs: [], outputs: [], problem: 'no sound hardware (no sound card, no sound server and no ALSA configuration)' };
    await page.getByTestId('audio-devices-refresh').click();
    await expect.poll(() => sent('audioDevices').length).toBe(before + 1);
    await expect.poll(() => page.getByTestId('audio-devices-problem').textContent()).toContain('no sound hardware');
    expect(await optionLabels('audio.inputDevice')).toEqual(['System default', 'None (microphone off)', 'Yeti Stereo Microphone (not connected)']);
    devices = twoCards;
    await page.getByTestId('audio-devices-refresh').click();
    await expect.poll(() => optionLabels('audio.inputDevice')).toContain('USB Audio CODEC');
  });

  it('the pickers save null for System default, the name for a device, and keep the old choice listed', async () => {
    await page.locator('#audio\\.inputDevice').selectOption({ label: 'USB Audio CODEC' });
    await page.locator('#audio\\.outputDevice').selectOption({ label: 'None (no sound)' });
    // Switching away from the unplugged microphone still offers it, until it is saved away.
    expect(await optionLabels('audio.inputDevice')).toContain('Yeti Stereo Microphone (not connected)');
    // The test records with the devices shown: an unsaved choice is saved first.
    expect(await page.getByTestId('mic-test-run').textContent()).toBe('Use these devices and test');
    await page.getByTestId('save').click();
    await expect.poll(() => sent('settingsUpdate').length).toBe(1);
    const patch = sent('settingsUpdate')[0] as Extract<EngineCommand, { type: 'settingsUpdate' }>;
    expect(patch.patch.audio).toMatchObject({ inputDevice: 'USB Audio CODEC', outputDevice: 'none' });
    await page.locator('#audio\\.inputDevice').selectOption({ label: 'System default' });
    await page.getByTestId('save').click();
    await expect.poll(() => sent('settingsUpdate').length).toBe(2);
    expect((sent('settingsUpdate')[1] as Extract<EngineCommand, { type: 'settingsUpdate' }>).patch.audio).toMatchObject({ inputDevice: null });
  });

  it('shows the engine\'s microphone status and follows its level live', async () => {
    const detail = 'microphone "Yeti Stereo Microphone" delivers only digital silence: is it muted?';
    peer.setState((s) => ({ ...s, engines: { ...s.engines, audio: { state: 'error', detail } } }));
    await expect.poll(() => page.getByTestId('mic-status-text').textContent()).toBe(`Microphone: ${detail} (error)`);
    expect(await page.getByTestId('mic-status').getAttribute('data-state')).toBe('error');
    const meter = page.getByTestId('mic-status').getByTestId('level-meter');
    // Not only while the pipeline listens: a test records outside any turn.
    peer.setState((s) => ({ ...s, stage: 'idle', levelDb: -20 }));
    await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe('67');
    peer.setState((s) => ({ ...s, levelDb: -45 }));
    await expect.poll(() => meter.getAttribute('aria-valuenow')).toBe('25');
    peer.setState((s) => ({ ...s, levelDb: -100, engines: { ...s.engines, audio: { state: 'ready', detail: 'USB Audio CODEC (48 kHz → 16 kHz)' } } }));
    await expect.poll(() => page.getByTestId('mic-status-text').textContent()).toBe('Microphone: USB Audio CODEC (48 kHz → 16 kHz) (ready)');
  });

  it('keyboard only: Test microphone records, then shows the verdict, message and playback', async () => {
    peer.answer('micTest', async () => {
      peer.setState((s) => ({ ...s, levelDb: -30 }));
      await new Promise((r) => setTimeout(r, SCRIPTED_RECORDING_MS));
      return quiet;
    });
    await page.getByTestId('mic-test-run').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('mic-test-run').textContent()).toBe('Recording… speak now');
    expect(await page.getByTestId('mic-test-run').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('mic-test-message').textContent()).toBe(quiet.message);
    expect(await page.getByTestId('mic-test-result').getAttribute('data-verdict')).toBe('quiet');
    expect(await page.getByTestId('mic-test-result').textContent()).toContain('Too quiet');
    expect(await page.getByTestId('mic-test-details').textContent()).toBe(
      'Yeti Stereo Microphone, 2 s: peak -38 dBFS, average -53 dBFS, speech heard. Played back through the output device.',
    );
    expect(sent('micTest').at(-1)).toEqual({ type: 'micTest', seconds: 3, playback: true });
    await page.getByTestId('section-audio').screenshot({ path: artifact('settings-audio-mic-test.png') });
  });

  it('the playback box is sent with the test', async () => {
    peer.answer('micTest', () => ({ ...quiet, verdict: 'ok', message: 'Clear speech at a good level.', playedBack: false }));
    await page.getByTestId('mic-test-playback').uncheck();
    await page.getByTestId('mic-test-run').click();
    await expect.poll(() => page.getByTestId('mic-test-message').textContent()).toBe('Clear speech at a good level.');
    expect(await page.getByTestId('mic-test-details').textContent()).toContain('Not played back.');
    expect(sent('micTest').at(-1)).toEqual({ type: 'micTest', seconds: 3, playback: false });
  });

  it('a failed test says why', async () => {
    peer.answer('micTest', () => {
      throw new Error('speech is off in this engine');
    });
    await page.getByTestId('mic-test-run').click();
    await expect.poll(() => page.getByTestId('mic-test-error').textContent()).toBe('Could not test the microphone: speech is off in this engine');
    expect(await page.getByTestId('mic-test-result').count()).toBe(0);
  });

  it('keeps the live level coming while the window is open (micMonitor, renewed)', async () => {
    await expect.poll(() => sent('micMonitor').length, { timeout: MONITOR_RENEWED_WITHIN_MS }).toBeGreaterThanOrEqual(2);
    expect(sent('micMonitor')[0]).toEqual({ type: 'micMonitor', seconds: 5 });
  });

  it('an unsaved device choice is saved (devices only) before the test records with it', async () => {
    peer.answer('micTest', () => quiet);
    await page.locator('#audio\\.inputDevice').selectOption({ label: 'HDA Intel PCH: ALC892 Analog' });
    await page.locator('#audio\\.preRollMs').fill('600'); // another unsaved edit: not part of the test
    const updates = sent('settingsUpdate').length;
    await page.getByTestId('mic-test-run').click();
    await expect.poll(() => page.getByTestId('mic-test-message').textContent()).toBe(quiet.message);
    const applied = sent('settingsUpdate').slice(updates) as Extract<EngineCommand, { type: 'settingsUpdate' }>[];
    // Only the two devices go (the peer never stores a save, so the output is still its default), not the pre-roll edit.
    expect(applied.map((c) => c.patch)).toEqual([{ audio: { inputDevice: 'HDA Intel PCH: ALC892 Analog', outputDevice: null } }]);
    const order = peer.commands.map((c) => c.command.type).filter((t) => t === 'settingsUpdate' || t === 'micTest');
    expect(order.slice(-2)).toEqual(['settingsUpdate', 'micTest']);
  });

  it('logged no console errors', () => {
    expect(consoleWatch.errors).toEqual([]);
  });
});
