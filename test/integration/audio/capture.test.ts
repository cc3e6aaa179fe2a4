import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PocketsphinxEngine } from '../../../core/speech/node/pocketsphinxEngine.js';
import { fakeAlsaHome } from '../../peers/fakeAlsa.js';
import { espeakAvailable } from '../speech/espeakFixtures.js';

/** Real PortAudio capture over ALSA's file plugin (fake mic = a FIFO this scenario writes). */
const canRun = espeakAvailable() && PocketsphinxEngine.isInstalled();
if (!canRun) console.warn('skipping capture test: needs espeak-ng and pocketsphinx');

interface ScenarioResult {
  startStatus: { state: string; detail: string };
  source: string;
  releasedAfterPress: boolean;
  utteranceSamples: number;
  speechSamples: number;
  levels: number;
  stages: string[];
  text: string;
  unknownDeviceStatus: { state: string; detail: string };
  voice: { source: string; text: string };
  voiceWhileBusy: string[];
}

describe.skipIf(!canRun)('PortAudio capture through the fake ALSA mic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-capture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('selects the mic by name, captures push-to-talk and voice-activated commands, survives a missing device', async () => {
    const { home, fifo } = fakeAlsaHome(dir);
    const script = fileURLToPath(new URL('./captureScenario.ts', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', script, dir, fifo], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\nstdout: ${out.slice(-2000)}\nstderr: ${errOut.split("\n").filter((l) => !l.startsWith("ALSA")).join("\n").slice(-2000)}`)) : resolve(out),
      );
    });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line).toBeDefined();
    const r = JSON.parse(line!.slice('RESULT '.length)) as ScenarioResult;
    expect(r.startStatus).toEqual({ state: 'ready', detail: 'mic (16000 Hz)' });
    expect(r.source).toBe('key');
    expect(r.releasedAfterPress).toBe(true);
    // Pre-roll (300 ms of the room noise) + the speech + what arrived during the release tail: the
    // FIFO has no clock, so all of the 1 s written after the release may be in (<= 1.6 s extra).
    expect(r.utteranceSamples).toBeGreaterThanOrEqual(r.speechSamples + 0.3 * 16000);
    expect(r.utteranceSamples).toBeLessThanOrEqual(r.speechSamples + 16000 * 1.6);
    expect(r.levels).toBeGreaterThan(0);
    expect(r.stages.slice(0, 2)).toEqual(['listening', 'idle']);
    expect(r.text).toBe('set heading two seven zero');
    expect(r.voiceWhileBusy).toEqual([]); // no listening started while a turn was active
    expect(r.voice).toEqual({ source: 'vad', text: 'landing gear down' });
    expect(r.unknownDeviceStatus.state).toBe('error');
    expect(r.unknownDeviceStatus.detail).toMatch(/No Such Headset.*retrying/);
  }, 90_000);
});
