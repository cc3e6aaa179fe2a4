import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnergyVad } from '../../../core/audio/common/energyVad.js';
import { speechSpans, VAD_FRAME_MS, VAD_FRAME_SAMPLES } from '../../../core/audio/common/vadTrim.js';
import { SileroVad } from '../../../core/audio/node/sileroVad.js';
import { concat, espeakAvailable, silence, speak } from './espeakFixtures.js';

if (!espeakAvailable()) console.warn('skipping VAD boundary tests: espeak-ng not installed');

/** Ground truth of a clean synthetic clip: first and last sample above a small amplitude. */
function truthMs(pcm: Int16Array, offsetSamples: number): { startMs: number; endMs: number } {
  let a = 0;
  let b = pcm.length - 1;
  while (a < pcm.length && Math.abs(pcm[a]!) < 300) a++;
  while (b > 0 && Math.abs(pcm[b]!) < 300) b--;
  return { startMs: ((offsetSamples + a) / 16000) * 1000, endMs: ((offsetSamples + b) / 16000) * 1000 };
}

/** Adds quiet deterministic noise so silence is not digital zero (a real room). */
function withNoise(pcm: Int16Array): Int16Array {
  let seed = 1;
  return pcm.map((x) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return x + ((seed % 61) - 30);
  });
}

describe.skipIf(!espeakAvailable())('VAD on real speech, 32 ms frames', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-vad-'));
  let silero: SileroVad;
  beforeAll(async () => {
    silero = await SileroVad.load();
  });
  afterAll(async () => {
    await silero?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const phrases = ['set heading two seven zero', 'flaps fifteen', 'descend and maintain three thousand five hundred'];
  it.each(phrases)('Silero finds start and end of "%s" within 100 ms', async (phrase) => {
    for (const v of [{ voice: 'en-us+f2', wpm: 140 }, { voice: 'en-us+m3', wpm: 170 }]) {
      const words = speak(dir, phrase, v.voice, v.wpm);
      const lead = silence(800);
      const clip = withNoise(concat(lead, words, silence(1000)));
      const truth = truthMs(words, lead.length);
      silero.reset();
      const probs: number[] = [];
      for (let o = 0; o + VAD_FRAME_SAMPLES <= clip.length; o += VAD_FRAME_SAMPLES) probs.push(await silero.process(clip.subarray(o, o + VAD_FRAME_SAMPLES)));
      // The pause-tolerant view: one span from first speech to last speech.
      const spans = speechSpans(probs, { threshold: 0.5 });
      expect(spans.length).toBeGreaterThan(0);
      const startMs = (spans[0]!.startSample / 16000) * 1000;
      const endMs = (spans[spans.length - 1]!.endSample / 16000) * 1000;
      expect(Math.abs(startMs - truth.startMs)).toBeLessThanOrEqual(100);
      expect(Math.abs(endMs - truth.endMs)).toBeLessThanOrEqual(100);
      // And the silence before it is silence.
      expect(Math.max(...probs.slice(0, Math.floor(700 / VAD_FRAME_MS)))).toBeLessThan(0.3);
    }
  });

  it('the energy fallback also brackets the speech (within 150 ms)', () => {
    const words = speak(dir, phrases[0]!, 'en-us+f2', 140);
    const lead = silence(800);
    const clip = withNoise(concat(lead, words, silence(1000)));
    const truth = truthMs(words, lead.length);
    const spans = speechSpans(new EnergyVad().processAll(clip), { threshold: 0.5 });
    expect(spans.length).toBeGreaterThan(0);
    expect(Math.abs((spans[0]!.startSample / 16) - truth.startMs)).toBeLessThanOrEqual(150);
    expect(Math.abs((spans[spans.length - 1]!.endSample / 16) - truth.endMs)).toBeLessThanOrEqual(150);
  });
});
