import { describe, expect, it } from 'vitest';
import { EnergyVad } from './energyVad.js';
import { speechSpans, trimToSpeech, VAD_FRAME_SAMPLES } from './vadTrim.js';

describe('vad trimming', () => {
  it('finds spans with hysteresis and drops clicks', () => {
    const probs = [0, 0.9, 0.4, 0.9, 0.1, 0, 0.95, 0, 0, 0.8, 0.8, 0.8];
    expect(speechSpans(probs, { threshold: 0.5, minSpeechMs: 64 })).toEqual([
      { startSample: 1 * 512, endSample: 4 * 512 },
      { startSample: 9 * 512, endSample: 12 * 512 },
    ]);
  });

  it('pads, shortens long pauses and returns empty without speech', () => {
    const frames = 100;
    const pcm = Int16Array.from({ length: frames * VAD_FRAME_SAMPLES }, (_, i) => i % 1000);
    const probs = new Float32Array(frames);
    probs.fill(1, 10, 20);
    probs.fill(1, 60, 70); // 40 frames (1.28 s) pause in between
    const { pcm: out } = trimToSpeech(pcm, probs, { threshold: 0.5, padBeforeMs: 100, padAfterMs: 100, maxPauseMs: 300 });
    const expected = 1600 + 10 * 512 + 4800 + 10 * 512 + 1600;
    expect(out.length).toBe(expected);
    expect(out[0]).toBe(pcm[10 * 512 - 1600]);
    expect(trimToSpeech(pcm, new Float32Array(frames), { threshold: 0.5 }).pcm.length).toBe(0);
  });

  it('energy VAD scores a loud tone above quiet noise', () => {
    const vad = new EnergyVad();
    const noise = Int16Array.from({ length: 512 }, (_, i) => ((i * 7919) % 21) - 10);
    for (let i = 0; i < 20; i++) vad.process(noise);
    const tone = Int16Array.from({ length: 512 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    expect(vad.process(noise)).toBeLessThan(0.2);
    expect(vad.process(tone)).toBeGreaterThan(0.9);
  });
});
