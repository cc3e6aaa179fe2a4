import { floatToInt16, resampleFloat } from './resample.js';

/**
 * WAV reading and writing. Reads PCM 8/16/24/32-bit and IEEE float 32-bit (also as
 * WAVE_FORMAT_EXTENSIBLE), 1 to 8 channels at 4 to 192 kHz; bad files raise a WavError that says
 * what is wrong. `readWavHeader` checks a header from the first bytes alone, so an upload can be
 * refused before its body has arrived.
 */
export class WavError extends Error {
  override readonly name = 'WavError';
}

/** The internal speech format. */
export const SPEECH_RATE_HZ = 16_000;
/** Longer than any push-to-talk utterance or test fixture; refuses runaway inputs. */
export const MAX_WAV_DURATION_S = 600;
/** The longest utterance the product takes: the ceiling of the audio.maxUtteranceS setting. */
export const MAX_UTTERANCE_S = 60;
/** Chunks before "data" (fmt, LIST, fact...) fit in this; past it a file is not a recording. */
export const MAX_WAV_HEADER_BYTES = 64 * 1024;
/** Rates a microphone, a TTS engine or an audio editor writes; anything else is a broken header. */
const MIN_RATE_HZ = 4_000;
const MAX_RATE_HZ = 192_000;
/** Mono to 7.1: more is not a voice recording. */
const MAX_CHANNELS = 8;

export interface DecodedWav {
  sampleRateHz: number;
  channels: number;
  /** Mono mixdown, -1..1. */
  mono: Float32Array;
}

/** What a WAV header says, checked: enough to know the length before reading any sample. */
export interface WavHeader {
  encoding: 'pcm' | 'float';
  channels: number;
  sampleRateHz: number;
  bitsPerSample: number;
  /** Bytes of one frame (a sample of every channel). */
  frameBytes: number;
  /** Where the samples start. */
  dataOffset: number;
  /** Sample bytes the header declares; undefined when a streaming writer left 0 or 0xFFFFFFFF. */
  declaredDataBytes: number | undefined;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Streaming writers leave the data size at 0 or this. */
const UNKNOWN_SIZE = 0xffffffff;

/**
 * Reads and checks the header at the start of `buf` (the whole file or its first bytes): RIFF/WAVE,
 * a supported "fmt ", then the "data" chunk's start. Undefined while `buf` ends before the data
 * chunk; a WavError as soon as the bytes seen are wrong.
 */
export function readWavHeader(buf: Uint8Array): WavHeader | undefined {
  if (buf.length < 12) {
    if (!'RIFF'.startsWith(tagAt(buf, 0, Math.min(4, buf.length)))) throw new WavError(`not a WAV file: starts with "${printable(tagAt(buf, 0, 4))}", expected "RIFF"`);
    return undefined;
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (tagAt(buf, 0) !== 'RIFF') throw new WavError(`not a WAV file: starts with "${printable(tagAt(buf, 0))}", expected "RIFF"`);
  if (tagAt(buf, 8) !== 'WAVE') throw new WavError(`not a WAV file: RIFF type "${printable(tagAt(buf, 8))}", expected "WAVE"`);
  let fmt: Omit<WavHeader, 'dataOffset' | 'declaredDataBytes'> | undefined;
  let off = 12;
  while (off + 8 <= buf.length) {
    if (off > MAX_WAV_HEADER_BYTES) throw new WavError(`WAV has no "data" chunk in its first ${MAX_WAV_HEADER_BYTES} bytes`);
    const id = tagAt(buf, off);
    const size = dv.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'data') {
      if (!fmt) throw new WavError('WAV has no "fmt " chunk before its "data" chunk');
      return { ...fmt, dataOffset: body, declaredDataBytes: size === 0 || size === UNKNOWN_SIZE ? undefined : size };
    }
    if (id === 'fmt ') {
      if (size < 16 || size > 1024) throw new WavError(`WAV "fmt " chunk has ${size} bytes (16 to 40 expected)`);
      if (body + size > buf.length) return undefined;
      fmt = readFmt(dv, body, size);
    }
    off = body + size + (size % 2);
  }
  return undefined;
}

function readFmt(dv: DataView, body: number, size: number): Omit<WavHeader, 'dataOffset' | 'declaredDataBytes'> {
  let format = dv.getUint16(body, true);
  if (format === FORMAT_EXTENSIBLE) {
    if (size < 26) throw new WavError('WAV "fmt " chunk is extensible but has no sub-format');
    format = dv.getUint16(body + 24, true);
  }
  const channels = dv.getUint16(body + 2, true);
  const sampleRateHz = dv.getUint32(body + 4, true);
  const blockAlign = dv.getUint16(body + 12, true);
  const bitsPerSample = dv.getUint16(body + 14, true);
  const supported = (format === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) || (format === FORMAT_FLOAT && bitsPerSample === 32);
  if (!supported) throw new WavError(`unsupported WAV encoding: format ${format}, ${bitsPerSample}-bit (PCM 8/16/24/32 or float 32 only)`);
  if (channels < 1 || channels > MAX_CHANNELS) throw new WavError(`WAV has ${channels} channels; 1 to ${MAX_CHANNELS} are supported`);
  if (sampleRateHz < MIN_RATE_HZ || sampleRateHz > MAX_RATE_HZ) throw new WavError(`WAV sample rate ${sampleRateHz} Hz is outside ${MIN_RATE_HZ}–${MAX_RATE_HZ} Hz`);
  const frameBytes = (bitsPerSample / 8) * channels;
  if (blockAlign !== frameBytes) throw new WavError(`WAV block align ${blockAlign} does not match ${channels} channel(s) of ${bitsPerSample}-bit samples`);
  return { encoding: format === FORMAT_FLOAT ? 'float' : 'pcm', channels, sampleRateHz, bitsPerSample, frameBytes };
}

/** Seconds of audio in `dataBytes` bytes of samples. */
export function wavDurationS(header: WavHeader, dataBytes: number): number {
  return Math.floor(dataBytes / header.frameBytes) / header.sampleRateHz;
}

/** The duration check every reader shares; says the limit in the unit it was set in. */
export function checkWavDuration(header: WavHeader, dataBytes: number, maxDurationS: number, setting?: string): void {
  const seconds = wavDurationS(header, dataBytes);
  if (seconds <= maxDurationS) return;
  const limit = maxDurationS >= 120 ? `${maxDurationS / 60} min` : `${maxDurationS} s${setting ? ` (setting ${setting})` : ''}`;
  const length = maxDurationS >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(1)} s`;
  throw new WavError(`the recording is ${length} long; one recording may be at most ${limit}`);
}

export function parseWav(buf: Uint8Array, maxDurationS = MAX_WAV_DURATION_S): DecodedWav {
  if (buf.length === 0) throw new WavError('WAV is empty (0 bytes)');
  if (buf.length < 12) throw new WavError(`WAV too short (${buf.length} bytes) for a RIFF header`);
  const header = readWavHeader(buf);
  if (!header) throw new WavError(buf.length < 44 ? `WAV too short (${buf.length} bytes) for its header` : 'WAV has no "fmt " and "data" chunks');
  const available = buf.length - header.dataOffset;
  // Streaming writers leave the size unknown, and a cut file has less than declared: take what is there.
  const length = header.declaredDataBytes === undefined ? available : Math.min(header.declaredDataBytes, available);
  checkWavDuration(header, length, maxDurationS);
  const { channels, frameBytes, bitsPerSample } = header;
  const bytesPerSample = bitsPerSample / 8;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const read = sampleReader(dv, header.encoding === 'float' ? FORMAT_FLOAT : FORMAT_PCM, bitsPerSample);
  const frames = Math.floor(length / frameBytes);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let acc = 0;
    const base = header.dataOffset + f * frameBytes;
    for (let c = 0; c < channels; c++) acc += read(base + c * bytesPerSample);
    mono[f] = acc / channels;
  }
  return { sampleRateHz: header.sampleRateHz, channels, mono };
}

function sampleReader(dv: DataView, format: number, bits: number): (o: number) => number {
  if (format === FORMAT_FLOAT) return (o) => dv.getFloat32(o, true);
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

function tagAt(buf: Uint8Array, o: number, n = 4): string {
  return String.fromCharCode(...buf.subarray(o, o + n));
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** Any common WAV -> 16 kHz mono int16, the speech pipeline's format. Throws WavError. */
export function decodeWavTo16kMono(buf: Uint8Array, maxDurationS = MAX_WAV_DURATION_S): Int16Array {
  const wav = parseWav(buf, maxDurationS);
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
