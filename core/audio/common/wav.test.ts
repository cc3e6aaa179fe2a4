import { describe, expect, it } from 'vitest';
import { decodeWavTo16kMono, encodeWav16, parseWav, WavError } from './wav.js';

function sine(n: number, rateHz: number, freqHz: number, amp = 0.5): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin((2 * Math.PI * freqHz * i) / rateHz);
  return out;
}

/** Builds a WAV with an arbitrary encoding, to test the reader independently of encodeWav16. */
function buildWav(samples: Float32Array[], rateHz: number, format: 1 | 3 | 0xfffe, bits: number, sub = 1): Uint8Array {
  const channels = samples.length;
  const frames = samples[0]!.length;
  const bps = bits / 8;
  const fmtSize = format === 0xfffe ? 40 : 16;
  const dataBytes = frames * channels * bps;
  const out = new Uint8Array(12 + 8 + fmtSize + 8 + 6 + 8 + dataBytes);
  const dv = new DataView(out.buffer);
  const put = (o: number, s: string): void => s.split('').forEach((ch, i) => (out[o + i] = ch.charCodeAt(0)));
  put(0, 'RIFF');
  dv.setUint32(4, out.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  dv.setUint32(16, fmtSize, true);
  dv.setUint16(20, format, true);
  dv.setUint16(22, channels, true);
  dv.setUint32(24, rateHz, true);
  dv.setUint32(28, rateHz * channels * bps, true);
  dv.setUint16(32, channels * bps, true);
  dv.setUint16(34, bits, true);
  if (format === 0xfffe) {
    dv.setUint16(36, 22, true);
    dv.setUint16(44, sub, true);
  }
  let o = 20 + fmtSize;
  put(o, 'LIST'); // an odd-sized chunk before data: must be skipped with its pad byte
  dv.setUint32(o + 4, 5, true);
  o += 14;
  put(o, 'data');
  dv.setUint32(o + 4, dataBytes, true);
  o += 8;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const x = samples[c]![f]!;
      if (sub === 3 && bits === 32) dv.setFloat32(o, x, true);
      else if (bits === 8) dv.setUint8(o, Math.round(x * 127) + 128);
      else if (bits === 16) dv.setInt16(o, Math.round(x * 32767), true);
      else if (bits === 24) {
        const v = Math.round(x * 8_388_607);
        dv.setUint8(o, v & 0xff);
        dv.setUint8(o + 1, (v >> 8) & 0xff);
        dv.setInt8(o + 2, v >> 16);
      } else dv.setInt32(o, Math.round(x * 2_147_483_647), true);
      o += bps;
    }
  }
  return out;
}

describe('parseWav', () => {
  const s = sine(1600, 16000, 440);
  it.each([
    ['pcm8', 1, 8, 1, 0.02],
    ['pcm16', 1, 16, 1, 1e-4],
    ['pcm24', 1, 24, 1, 1e-6],
    ['pcm32', 1, 32, 1, 1e-6],
    ['float32', 3, 32, 3, 1e-7],
    ['extensible pcm16', 0xfffe, 16, 1, 1e-4],
    ['extensible float32', 0xfffe, 32, 3, 1e-7],
  ] as const)('reads %s', (_name, format, bits, sub, tol) => {
    const wav = parseWav(buildWav([s], 16000, format, bits, sub));
    expect(wav.sampleRateHz).toBe(16000);
    expect(wav.mono.length).toBe(s.length);
    let maxErr = 0;
    for (let i = 0; i < s.length; i++) maxErr = Math.max(maxErr, Math.abs(wav.mono[i]! - s[i]!));
    expect(maxErr).toBeLessThan(tol);
  });

  it('mixes stereo to mono', () => {
    const left = sine(100, 8000, 100, 0.5);
    const right = new Float32Array(100);
    const wav = parseWav(buildWav([left, right], 8000, 1, 16));
    expect(wav.channels).toBe(2);
    expect(wav.mono[10]).toBeCloseTo(left[10]! / 2, 3);
  });

  it.each([
    [new Uint8Array(0), /empty/],
    [new TextEncoder().encode('hello world, not audio'), /not a WAV/],
    [new TextEncoder().encode('RIFF\0\0\0\0AVI LIST'), /RIFF type "AVI "/],
    [new TextEncoder().encode('RIFF\0\0\0\0WAVEdata\0\0\0\0'), /no "fmt "/],
  ])('rejects bad input %#', (bytes, message) => {
    expect(() => parseWav(bytes)).toThrow(WavError);
    expect(() => parseWav(bytes)).toThrow(message);
  });

  it('rejects unsupported encodings with the format named', () => {
    const bytes = buildWav([sine(10, 8000, 100)], 8000, 1, 16);
    new DataView(bytes.buffer).setUint16(20, 6, true); // A-law
    expect(() => parseWav(bytes)).toThrow(/format 6/);
  });

  it('refuses more than 10 minutes, and more than a limit the caller gives', () => {
    // A data chunk longer than ten minutes at 4 kHz, with the real bytes present.
    const long = encodeWav16(new Int16Array(4000 * 601), 4000);
    expect(() => parseWav(long)).toThrow(/at most 10 min/);
    expect(() => parseWav(encodeWav16(new Int16Array(4000 * 3), 4000), 2)).toThrow(/3\.0 s long; one recording may be at most 2 s/);
  });

  it('tolerates a streaming data size (0xFFFFFFFF)', () => {
    const bytes = encodeWav16(Int16Array.from([1, 2, 3, 4]), 16000);
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    expect(parseWav(bytes).mono.length).toBe(4);
  });
});

describe('decodeWavTo16kMono', () => {
  it('round-trips 16 kHz int16 exactly', () => {
    const pcm = Int16Array.from({ length: 500 }, (_, i) => (i * 97) % 20000 - 10000);
    expect(Array.from(decodeWavTo16kMono(encodeWav16(pcm, 16000)))).toEqual(Array.from(pcm));
  });

  it('resamples 44.1 kHz stereo to 16 kHz keeping a 1 kHz tone', () => {
    const rate = 44100;
    const tone = sine(rate, rate, 1000, 0.5);
    const out = decodeWavTo16kMono(buildWav([tone, tone], rate, 1, 16));
    expect(Math.abs(out.length - 16000)).toBeLessThanOrEqual(1);
    // Compare with the ideal 1 kHz tone at 16 kHz away from the edges.
    let err = 0;
    for (let i = 100; i < 15900; i++) err = Math.max(err, Math.abs(out[i]! / 32768 - 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000)));
    expect(err).toBeLessThan(0.01);
  });
});
