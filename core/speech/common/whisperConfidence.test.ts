import { describe, expect, it } from 'vitest';
import { whisperRecognition, type WhisperSegment } from './whisperConfidence.js';

const seg = (noSpeechProb: number, ps: number[], raw?: number[]): WhisperSegment => ({
  text: ' x',
  noSpeechProb,
  tokens: [
    ...ps.map((p, i) => ({ id: i, text: 'x', p, special: false, ...(raw ? { rawLogP: raw[i]! } : {}) })),
    { id: 50256, text: '[_EOT_]', p: 0.9, special: true },
  ],
});

describe('whisperRecognition', () => {
  it('is the geometric mean of text-token p times (1 - no-speech probability)', () => {
    const r = whisperRecognition('gear down', [seg(0.2, [0.9, 0.4])]);
    expect(r.confidence).toBeCloseTo(Math.sqrt(0.9 * 0.4) * 0.8, 6);
    expect(r.evidence).toMatchObject({ noSpeechProb: 0.2, minP: expect.closeTo(0.4, 6) as number, textTokens: 2 });
    expect(r.evidence?.meanLogP).toBeCloseTo((Math.log(0.9) + Math.log(0.4)) / 2, 6);
    expect(r.alternatives).toEqual([{ text: 'gear down', confidence: r.confidence }]);
  });

  it('scores with the pre-grammar probabilities when a grammar steered decoding', () => {
    const r = whisperRecognition('gear down', [seg(0, [1, 1], [Math.log(0.01), Math.log(0.04)])]);
    expect(r.confidence).toBeCloseTo(0.02, 6);
    expect(r.evidence?.grammarMeanLogP).toBeCloseTo(0, 6);
  });

  it('gives 0 for an empty transcript and stays in [0, 1]', () => {
    expect(whisperRecognition('', [seg(0.1, [])]).confidence).toBe(0);
    expect(whisperRecognition('', []).confidence).toBe(0);
    const r = whisperRecognition('x', [seg(0, [0])]);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.evidence?.minP).toBeGreaterThan(0);
  });
});
