import { describe, expect, it } from 'vitest';
import { joinClauses, phonemesToIds, piperConfigSchema } from './piperVoice.js';

const config = piperConfigSchema.parse({
  audio: { sample_rate: 22050 },
  espeak: { voice: 'en-us' },
  phoneme_id_map: { _: [0], '^': [1], $: [2], ' ': [3], h: [20], ˈ: [120], ɛ: [61], ',': [8] },
});

describe('Piper voice helpers', () => {
  it('interleaves pad ids between phonemes with BOS/EOS', () => {
    expect(phonemesToIds('hˈɛ', config.phoneme_id_map)).toEqual({ ids: [1, 0, 20, 0, 120, 0, 61, 0, 2], unknown: 0 });
  });

  it('skips and counts phonemes the voice lacks', () => {
    expect(phonemesToIds('hx', config.phoneme_id_map)).toEqual({ ids: [1, 0, 20, 0, 2], unknown: 1 });
  });

  it('re-attaches clause punctuation', () => {
    expect(joinClauses(['hˈɛdɪŋ tˈuː', 'klˈaɪmɪŋ', ''], 'Heading two, climbing.')).toBe('hˈɛdɪŋ tˈuː, klˈaɪmɪŋ.');
  });

  it('applies inference defaults and refuses a config without a sample rate', () => {
    expect(config.inference.noise_scale).toBeCloseTo(0.667);
    expect(piperConfigSchema.safeParse({ phoneme_id_map: {} }).success).toBe(false);
  });
});
