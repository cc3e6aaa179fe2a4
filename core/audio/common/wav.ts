import { floatToInt16, resampleFloat } from './resample.js';

/**
 * WAV reading and writing. Reads PCM 8/16/24/32-bit, IEEE float 32/64 and WAVE_FORMAT_EXTENSIBLE,
 * any rate and channel count; bad files raise a WavError that says what is wrong.
 */
export class WavError extends Error {
  override readonly name = 'WavError';
}

/** The internal speech format. */
export const SPEECH_RATE_HZ = 16_000;
/** Longer than any push-to-talk utterance or test fixture; refuses runaway inputs. */
export const MAX_WAV_DURATION_S = 600;

export interface DecodedWav {
  sampleRateHz: number;
  channels: number;
  /** Mono mixdown, -1..1. */
  mono: Float32Array;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

export function parseWav(buf: Uint8Array): DecodedWav {
  if (buf.length === 0) throw new WavError('WAV is empty (0 bytes)');
  if (buf.length < 12) throw new WavError(`WAV too short (${buf.length} bytes) for a RIFF header`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (o: number): string => String.fromCharCode(buf[o]!, buf[o + 1]!, buf[o + 2]!, buf[o + 3]!);
  if (tag(0) !== 'RIFF') throw new WavError(`not a WAV file: starts with "${printable(tag(0))}", expected "RIFF"`);
  if (tag(8) !== 'WAVE') throw new WavError(`not a WAV file: RIFF type "${printable(tag(8))}", expected "WAVE"`);

  let fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number } | undefined;
  let data: { offset: number; length: number } | undefined;
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = tag(off);
    const size = dv.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) throw new WavError('WAV "fmt " chunk is truncated');
      let format = dv.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= buf.length) format = dv.getUint16(body + 24, true);
      fmt = {
        format,
        channels: dv.getUint16(body + 2, true),
        rate: dv.getUint32(body + 4, true),
        bits: dv.getUint16(body + 14, true),
        blockAlign: dv.getUint16(body + 12, true),
      };
    } else if (id === 'data') {
      // Streaming writers leave size 0 or 0xFFFFFFFF: take what is there.
      const available = buf.length - body;
      const length = size === 0 || size > available ? available : size;
      data = { offset: body, length };
      if (fmt) break;
    }
    off = body + size + (size % 2);
  }
  if (!fmt) throw new WavError('WAV has no "fmt " chunk');
  if (!data) throw new WavError('WAV has no "data" chunk');
  const { format, channels, rate, bits } = fmt;
  if (channels < 1 || channels > 32) throw new WavError(`WAV has ${channels} channels`);
  if (rate < 1000 || rate > 768_000) throw new WavError(`WAV sample rate ${rate} Hz is not plausible`);
  const bytesPerSample = bits / 8;
  const supported =
    (format === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) || (format === FORMAT_FLOAT && (bits === 32 || bits === 64));
  if (!supported) throw new WavError(`unsupported WAV encoding: format ${format}, ${bits}-bit (PCM 8/16/24/32 or float 32/64 only)`);
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(data.length / frameBytes);
  if (frames / rate > MAX_WAV_DURATION_S) {
    throw new WavError(`WAV is ${(frames / rate / 60).toFixed(1)} min long; the limit is ${MAX_WAV_DURATION_S / 60} min`);
  }
  const read = sampleReader(dv, format, bits);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let acc = 0;
    const base = data.offset + f * frameBytes;
    for (let c = 0; c < channels; c++) acc += read(base + c * bytesPerSample);
    mono[f] = acc / channels;
  }
  return { sampleRateHz: rate, channels, mono };
}

function sampleReader(dv: DataView, format: number, bits: number): (o: number) => number {
  if (format === FORMAT_FLOAT) return bits === 32 ? (o) => dv.getFloat32(o, true) : (o) => dv.getFloat64(o, true);
  switch (bits) {
    case 8:
      return (o) => (dv.getUint8(o) - 128) / 128;
    case 16:
      return (o) => dv.getInt16(o, true) / 32768;
    case 24:
      return (o) => {
        const v = dv.getUint8(o) | (dv.getUint8(o + 1) << 8) | (dv.getInt8(o + 2) << 16);
        return v / 8_388_608;
      };
    default:
      return (o) => dv.getInt32(o, true) / 2_147_483_648;
  }
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** Any common WAV -> 16 kHz mono int16, the speech pipeline's format. Throws WavError. */
export function decodeWavTo16kMono(buf: Uint8Array): Int16Array {
  const wav = parseWav(buf);
  const mono = wav.sampleRateHz === SPEECH_RATE_HZ ? wav.mono : resampleFloat(wav.mono, wav.sampleRateHz, SPEECH_RATE_HZ);
  return floatToInt16(mono);
}

/** 16-bit PCM WAV bytes (mono unless `channels` given, samples interleaved). */
export function encodeWav16(pcm: Int16Array, sampleRateHz: number, channels = 1): Uint8Array {
  const dataBytes = pcm.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const dv = new DataView(out.buffer);
  const put = (o: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  dv.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  dv.setUint32(16, 16, true);
  dv.setUint16(20, FORMAT_PCM, true);
  dv.setUint16(22, channels, true);
  dv.setUint32(24, sampleRateHz, true);
  dv.setUint32(28, sampleRateHz * channels * 2, true);
  dv.setUint16(32, channels * 2, true);
  dv.setUint16(34, 16, true);
  put(36, 'data');
  dv.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.length; i++) dv.setInt16(44 + 2 * i, pcm[i]!, true);
  return out;
}
