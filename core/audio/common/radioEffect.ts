/**
 * The "ATC radio" voice: band-pass ~300-3400 Hz (two biquads each side), a light compressor,
 * soft saturation and a short squelch tail of band-limited noise. Pure DSP on float samples;
 * stateful so sentences can stream through one instance without clicks at chunk edges.
 */
export interface RadioEffectOptions {
  sampleRateHz: number;
  lowCutHz?: number;
  highCutHz?: number;
  /** tanh drive; 1 is clean, 3 is crunchy. */
  drive?: number;
  squelchTailMs?: number;
}

class Biquad {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  constructor(
    private readonly b0: number,
    private readonly b1: number,
    private readonly b2: number,
    private readonly a1: number,
    private readonly a2: number,
  ) {}

  /** RBJ cookbook high-pass or low-pass at `freqHz`, Q = 0.707. */
  static pass(kind: 'high' | 'low', freqHz: number, rateHz: number): Biquad {
    const w = (2 * Math.PI * freqHz) / rateHz;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    const b1 = kind === 'low' ? 1 - cos : -(1 + cos);
    const b0 = kind === 'low' ? (1 - cos) / 2 : (1 + cos) / 2;
    return new Biquad(b0 / a0, b1 / a0, b0 / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }

  step(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

export class RadioEffect {
  private readonly filters: Biquad[];
  private env = 0;
  private readonly attack: number;
  private readonly release: number;
  private readonly drive: number;
  private seed = 12345;

  constructor(private readonly opts: RadioEffectOptions) {
    const rate = opts.sampleRateHz;
    const low = opts.lowCutHz ?? 300;
    const high = Math.min(opts.highCutHz ?? 3400, rate * 0.45);
    this.filters = [Biquad.pass('high', low, rate), Biquad.pass('high', low, rate), Biquad.pass('low', high, rate), Biquad.pass('low', high, rate)];
    this.attack = Math.exp(-1 / (0.005 * rate));
    this.release = Math.exp(-1 / (0.08 * rate));
    this.drive = opts.drive ?? 1.8;
  }

  process(input: Float32Array): Float32Array {
    const out = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) out[i] = this.sample(input[i]!);
    return out;
  }

  /** A burst of filtered noise that fades out: the squelch closing at the end of a transmission. */
  squelchTail(): Float32Array {
    const n = Math.round(((this.opts.squelchTailMs ?? 120) / 1000) * this.opts.sampleRateHz);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const fade = 1 - i / n;
      out[i] = this.sample(this.noise() * 0.25 * fade * fade);
    }
    return out;
  }

  private sample(x: number): number {
    let y = x;
    for (const f of this.filters) y = f.step(y);
    // Compressor: 3:1 above -20 dBFS on a peak envelope.
    const level = Math.abs(y);
    this.env = level > this.env ? this.attack * this.env + (1 - this.attack) * level : this.release * this.env + (1 - this.release) * level;
    const thresh = 0.1;
    const gain = this.env > thresh ? (thresh + (this.env - thresh) / 3) / this.env : 1;
    y *= gain * 2; // make-up gain
    const sat = Math.tanh(this.drive * y) / Math.tanh(this.drive);
    return sat > 1 ? 1 : sat < -1 ? -1 : sat;
  }

  private noise(): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return (this.seed / 0x7fffffff) * 2 - 1;
  }
}

/** Scales float samples in place by `volume` (0..1). */
export function applyVolume(samples: Float32Array, volume: number): Float32Array {
  const v = Math.min(1, Math.max(0, volume));
  if (v !== 1) for (let i = 0; i < samples.length; i++) samples[i]! *= v;
  return samples;
}
