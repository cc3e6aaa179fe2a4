import { describe, expect, it } from 'vitest';
import { floatToInt16, resampleFloat, Resampler } from './resample.js';

function tone(n: number, rateHz: number, freqHz: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freqHz * i) / rateHz));
}
function rms(x: Float32Array, from = 0, to = x.length): number {
  let acc = 0;
  for (let i = from; i < to; i++) acc += x[i]! ** 2;
  return Math.sqrt(acc / (to - from));
}

describe('Resampler', () => {
  it('produces round(n * out / in) samples', () => {
    for (const [a, b] of [[48000, 16000], [44100, 16000], [8000, 16000], [22050, 16000]] as const) {
      expect(resampleFloat(new Float32Array(12345), a, b).length).toBe(Math.round((12345 * b) / a));
    }
  });

  it('removes content above the new Nyquist when downsampling', () => {
    const out = resampleFloat(tone(48000, 48000, 12000), 48000, 16000);
    expect(rms(out, 200, out.length - 200)).toBeLessThan(0.005); // 12 kHz would alias to 4 kHz
  });

  it('streams in chunks with the same result as one push', () => {
    const input = tone(4800, 48000, 700);
    const whole = resampleFloat(input, 48000, 16000);
    const r = new Resampler(48000, 16000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 480) parts.push(...r.push(input.subarray(i, i + 480)));
    parts.push(...r.flush());
    expect(parts.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(parts[i]).toBeCloseTo(whole[i]!, 5);
  });

  it('clips instead of wrapping when converting to int16', () => {
    expect(Array.from(floatToInt16(Float32Array.from([1.5, -1.5, 0])))).toEqual([32767, -32768, 0]);
  });
});
