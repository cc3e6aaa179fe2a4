import { describe, expect, it } from 'vitest';
import { applyVolume, RadioEffect } from './radioEffect.js';

function toneRms(freqHz: number): number {
  const rate = 16000;
  const fx = new RadioEffect({ sampleRateHz: rate, drive: 1.01 });
  const input = Float32Array.from({ length: rate }, (_, i) => 0.05 * Math.sin((2 * Math.PI * freqHz * i) / rate));
  const out = fx.process(input);
  let acc = 0;
  for (let i = rate / 2; i < rate; i++) acc += out[i]! ** 2;
  return Math.sqrt(acc / (rate / 2));
}

describe('RadioEffect', () => {
  it('passes the voice band and cuts lows and highs', () => {
    const mid = toneRms(1000);
    expect(toneRms(80)).toBeLessThan(mid * 0.1);
    expect(toneRms(7000)).toBeLessThan(mid * 0.1);
  });

  it('never exceeds full scale even on hot input', () => {
    const fx = new RadioEffect({ sampleRateHz: 22050, drive: 3 });
    const out = fx.process(Float32Array.from({ length: 4000 }, (_, i) => 1.5 * Math.sin(i / 5)));
    expect(Math.max(...out.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it('ends with a squelch tail that fades to silence', () => {
    const tail = new RadioEffect({ sampleRateHz: 16000, squelchTailMs: 100 }).squelchTail();
    expect(tail.length).toBe(1600);
    const head = Math.max(...tail.subarray(0, 400).map(Math.abs));
    const end = Math.max(...tail.subarray(1500).map(Math.abs));
    expect(head).toBeGreaterThan(0.01);
    expect(end).toBeLessThan(head / 4);
  });

  it('applies volume', () => {
    expect(Array.from(applyVolume(Float32Array.from([0.5, -1]), 0.5))).toEqual([0.25, -0.5]);
  });
});
