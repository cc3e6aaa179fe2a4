import { VAD_FRAME_SAMPLES } from './vadTrim.js';

/**
 * The fallback VAD when the Silero model cannot load: frame energy against an adaptive noise
 * floor, mapped to a 0..1 "probability" so the same thresholds and trimming apply.
 */
const FLOOR_MIN_DB = -75;
/** How far above the noise floor speech must be to score 0.5. */
const SPEECH_MARGIN_DB = 12;

export class EnergyVad {
  private floorDb = -60;

  reset(): void {
    this.floorDb = -60;
  }

  /** One 512-sample frame -> pseudo-probability of speech. */
  process(frame: Int16Array): number {
    const db = frameDb(frame);
    // Floor follows quiet frames quickly and loud frames very slowly.
    const rate = db < this.floorDb ? 0.3 : 0.002;
    this.floorDb = Math.max(FLOOR_MIN_DB, this.floorDb + rate * (db - this.floorDb));
    const over = db - this.floorDb - SPEECH_MARGIN_DB;
    return 1 / (1 + Math.exp(-over / 2));
  }

  processAll(pcm: Int16Array): Float32Array {
    const frames = Math.floor(pcm.length / VAD_FRAME_SAMPLES);
    const out = new Float32Array(frames);
    for (let f = 0; f < frames; f++) out[f] = this.process(pcm.subarray(f * VAD_FRAME_SAMPLES, (f + 1) * VAD_FRAME_SAMPLES));
    return out;
  }
}

/** RMS level of int16 samples in dBFS (-100 for digital silence). */
export function frameDb(frame: Int16Array): number {
  if (frame.length === 0) return -100;
  let acc = 0;
  for (let i = 0; i < frame.length; i++) acc += frame[i]! * frame[i]!;
  const rms = Math.sqrt(acc / frame.length) / 32768;
  return rms > 1e-5 ? 20 * Math.log10(rms) : -100;
}
