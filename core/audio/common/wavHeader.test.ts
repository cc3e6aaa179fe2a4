import { describe, expect, it } from 'vitest';
import { checkWavDuration, encodeWav16, MAX_WAV_HEADER_BYTES, readWavHeader, WavError } from './wav.js';

/** A 44-byte canonical header with the given fields (no samples). */
function header(fields: { format?: number; channels?: number; rateHz?: number; bits?: number; blockAlign?: number; dataBytes?: number }): Uint8Array {
  const { format = 1, channels = 1, rateHz = 16000, bits = 16, dataBytes = 0 } = fields;
  const out = encodeWav16(new Int16Array(0), rateHz, channels);
  const dv = new DataView(out.buffer);
  dv.setUint16(20, format, true);
  dv.setUint16(32, fields.blockAlign ?? (channels * bits) / 8, true);
  dv.setUint16(34, bits, true);
  dv.setUint32(40, dataBytes, true);
  return out;
}

describe('readWavHeader', () => {
  it('reads the header from the first bytes alone, before any sample', () => {
    const h = readWavHeader(header({ channels: 2, rateHz: 44100, dataBytes: 44100 * 4 * 3 }));
    expect(h).toEqual({ encoding: 'pcm', channels: 2, sampleRateHz: 44100, bitsPerSample: 16, frameBytes: 4, dataOffset: 44, declaredDataBytes: 529200 });
  });

  it('asks for more bytes until the data chunk starts, at any cut', () => {
    const full = header({ dataBytes: 100 });
    for (let n = 0; n < 44; n++) expect(readWavHeader(full.subarray(0, n)), `cut at ${n}`).toBeUndefined();
    expect(readWavHeader(full)?.dataOffset).toBe(44);
  });

  it('refuses a wrong start from the first bytes', () => {
    expect(() => readWavHeader(new TextEncoder().encode('GIF8'))).toThrow(/expected "RIFF"/);
  });

  it.each([
    [{ bits: 12 }, /format 1, 12-bit/],
    [{ format: 3, bits: 64 }, /format 3, 64-bit/],
    [{ format: 6, bits: 8 }, /format 6/],
    [{ channels: 9 }, /9 channels; 1 to 8/],
    [{ rateHz: 768_000 }, /768000 Hz is outside/],
    [{ rateHz: 1000 }, /1000 Hz is outside/],
    [{ blockAlign: 7 }, /block align 7/],
  ])('refuses a bad fmt %#', (fields, reason) => {
    expect(() => readWavHeader(header(fields))).toThrow(WavError);
    expect(() => readWavHeader(header(fields))).toThrow(reason);
  });

  it('takes an unknown (streaming) data size as undefined', () => {
    expect(readWavHeader(header({ dataBytes: 0xffffffff }))?.declaredDataBytes).toBeUndefined();
  });

  it('refuses a header that never reaches its data chunk', () => {
    const bytes = new Uint8Array(MAX_WAV_HEADER_BYTES + 100);
    bytes.set(header({}).subarray(0, 36));
    const dv = new DataView(bytes.buffer);
    bytes.set(new TextEncoder().encode('JUNK'), 36);
    dv.setUint32(40, MAX_WAV_HEADER_BYTES, true);
    expect(() => readWavHeader(bytes)).toThrow(/no "data" chunk in its first/);
  });

  it('checks a declared duration against a limit before any sample arrives', () => {
    // The upload: 8-bit mono at 55,924 Hz, 32 MB, i.e. about ten minutes.
    const h = readWavHeader(header({ bits: 8, rateHz: 55_924, dataBytes: 32_000_000 - 44 }))!;
    expect(() => checkWavDuration(h, h.declaredDataBytes!, 15, 'audio.maxUtteranceS')).toThrow(/572\.2 s long; one recording may be at most 15 s \(setting audio\.maxUtteranceS\)/);
    expect(() => checkWavDuration(h, 55_924 * 15, 15)).not.toThrow();
  });
});
