import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWavTo16kMono, encodeWav16, WavError } from '../common/wav.js';
import { WAV_DECODE_CHANNEL, WavDecoder } from './wavDecoder.js';

const decoder = new WavDecoder();
afterAll(() => decoder.dispose());

const tone = (n: number, rateHz: number): Int16Array => Int16Array.from({ length: n }, (_, i) => Math.round(9000 * Math.sin((2 * Math.PI * 440 * i) / rateHz)));

describe('WavDecoder (worker thread)', () => {
  it('decodes like decodeWavTo16kMono, and leaves the caller\'s bytes intact (a small Buffer shares Node\'s pool)', async () => {
    const wav = Buffer.from(encodeWav16(tone(1000, 44_100), 44_100));
    const expected = decodeWavTo16kMono(wav);
    const phases: string[] = [];
    const onPhase = (m: unknown): void => void phases.push((m as { phase: string }).phase);
    subscribe(WAV_DECODE_CHANNEL, onPhase);
    try {
      expect(Array.from(await decoder.decode(wav, { maxDurationS: 10 }))).toEqual(Array.from(expected));
    } finally {
      unsubscribe(WAV_DECODE_CHANNEL, onPhase);
    }
    expect(phases).toEqual(['start', 'end']);
    expect(wav.byteLength).toBeGreaterThan(44);
    expect(Array.from(await decoder.decode(wav, { maxDurationS: 10 }))).toEqual(Array.from(expected));
  });

  it('refuses a bad or too long file from its header, naming the setting', async () => {
    await expect(decoder.decode(new Uint8Array(0), { maxDurationS: 10 })).rejects.toThrow(/empty/);
    await expect(decoder.decode(new TextEncoder().encode('definitely not a wav file'), { maxDurationS: 10 })).rejects.toThrow(WavError);
    await expect(decoder.decode(encodeWav16(tone(16_000 * 3, 16_000), 16_000), { maxDurationS: 2, setting: 'audio.maxUtteranceS' })).rejects.toThrow(
      /3\.0 s long; one recording may be at most 2 s \(setting audio\.maxUtteranceS\)/,
    );
  });
});
