/**
 * Band-limited resampling (windowed-sinc interpolation, Blackman window). When downsampling the
 * kernel is widened so it also acts as the anti-aliasing low-pass. Streaming: push() chunks as they
 * arrive, flush() at the end; the same object serves whole files (push once, flush).
 */

/** Zero crossings of the sinc on each side of the centre: quality vs. cost. 8 keeps aliasing ~-60 dB. */
const SINC_ZERO_CROSSINGS = 8;

export class Resampler {
  private readonly step: number;
  private readonly cutoff: number;
  private readonly halfWidth: number;
  private buf: Float32Array;
  private bufLen: number;
  /** Fractional read position (in input samples) of the next output sample, within `buf`. */
  private pos: number;
  private inTotal = 0;
  private outTotal = 0;

  constructor(
    readonly inRateHz: number,
    readonly outRateHz: number,
  ) {
    if (!(inRateHz > 0) || !(outRateHz > 0)) throw new RangeError(`bad sample rates ${inRateHz} -> ${outRateHz}`);
    this.step = inRateHz / outRateHz;
    this.cutoff = Math.min(1, outRateHz / inRateHz);
    this.halfWidth = Math.ceil(SINC_ZERO_CROSSINGS / this.cutoff);
    this.buf = new Float32Array(4096 + 2 * this.halfWidth);
    this.bufLen = this.halfWidth; // leading zeros so the first output is centred on input 0
    this.pos = this.halfWidth;
  }

  /** Resamples a chunk of float samples (-1..1); returns what can be produced so far. */
  push(input: Float32Array): Float32Array {
    this.append(input);
    this.inTotal += input.length;
    return this.drain(false);
  }

  /** Emits the remaining samples (pads with zeros); the total matches round(in * out / inRate). */
  flush(): Float32Array {
    this.append(new Float32Array(this.halfWidth + 1));
    return this.drain(true);
  }

  private append(input: Float32Array): void {
    if (this.bufLen + input.length > this.buf.length) {
      const next = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + input.length));
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    this.buf.set(input, this.bufLen);
    this.bufLen += input.length;
  }

  private drain(final: boolean): Float32Array {
    const expectedTotal = Math.round((this.inTotal * this.outRateHz) / this.inRateHz);
    const out: number[] = [];
    const hw = this.halfWidth;
    while (Math.floor(this.pos) + hw < this.bufLen) {
      if (final && this.outTotal >= expectedTotal) break;
      out.push(this.sampleAt(this.pos));
      this.outTotal += 1;
      this.pos += this.step;
    }
    // Drop input no longer needed (keep halfWidth samples of history before pos).
    const keepFrom = Math.max(0, Math.floor(this.pos) - hw);
    if (keepFrom > 0) {
      this.buf.copyWithin(0, keepFrom, this.bufLen);
      this.bufLen -= keepFrom;
      this.pos -= keepFrom;
    }
    return Float32Array.from(out);
  }

  private sampleAt(pos: number): number {
    const hw = this.halfWidth;
    const c = this.cutoff;
    const base = Math.floor(pos);
    let acc = 0;
    for (let k = base - hw + 1; k <= base + hw; k++) {
      const t = pos - k;
      const x = this.buf[k] ?? 0;
      if (x === 0) continue;
      const w = 0.42 + 0.5 * Math.cos((Math.PI * t) / hw) + 0.08 * Math.cos((2 * Math.PI * t) / hw);
      const arg = Math.PI * c * t;
      const sinc = arg === 0 ? 1 : Math.sin(arg) / arg;
      acc += x * c * sinc * w;
    }
    return acc;
  }
}

/** Whole-buffer convenience: float samples at inRateHz -> float samples at outRateHz. */
export function resampleFloat(input: Float32Array, inRateHz: number, outRateHz: number): Float32Array {
  if (inRateHz === outRateHz) return input.slice();
  const r = new Resampler(inRateHz, outRateHz);
  const a = r.push(input);
  const b = r.flush();
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function int16ToFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i]! / 32768;
  return out;
}

/** Float (-1..1) to int16 with clipping (no wrap-around on overs). */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

export function resampleInt16(pcm: Int16Array, inRateHz: number, outRateHz: number): Int16Array {
  if (inRateHz === outRateHz) return pcm.slice();
  return floatToInt16(resampleFloat(int16ToFloat(pcm), inRateHz, outRateHz));
}
