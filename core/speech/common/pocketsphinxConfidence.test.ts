import { describe, expect, it } from 'vitest';
import { featuresOf, POCKETSPHINX_CALIBRATION, pocketsphinxRecognition, type PocketsphinxScores } from './pocketsphinxConfidence.js';

/** A said command, heard at the edge of belief: every piece of evidence can move it. */
const base: PocketsphinxScores = {
  text: 'autopilot on',
  score: -2000,
  frames: 100,
  wordFrames: 100,
  nbest: [{ text: 'autopilot on', score: -1800 }],
  words: [
    { word: 'autopilot', posterior: 1 },
    { word: 'on', posterior: 1 },
  ],
  garbageScore: -1400, // llr -6 per frame
};
const conf = (s: Partial<PocketsphinxScores>): number => pocketsphinxRecognition({ ...base, ...s }).confidence!;

describe('pocketsphinx confidence', () => {
  it('is a probability, with the evidence behind it', () => {
    const r = pocketsphinxRecognition(base);
    expect(r.text).toBe('autopilot on');
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThan(1);
    expect(r.alternatives).toEqual([{ text: 'autopilot on', confidence: r.confidence }]);
    expect(r.evidence).toMatchObject({ llrPerFrame: -6, minPosterior: 1, agrees: 1, winnerShare: 1, frames: 100 });
    expect(featuresOf(r.evidence!)).toHaveLength(POCKETSPHINX_CALIBRATION.features.length);
  });

  it('falls as the free phone loop explains the audio better (speech outside the grammar, noise)', () => {
    expect(conf({ garbageScore: -500 })).toBeLessThan(conf({}));
    expect(conf({ garbageScore: 4000 })).toBeLessThan(0.01);
    expect(conf({ garbageScore: -2800 })).toBeGreaterThan(conf({}));
  });

  it('falls with the weakest word posterior, and when the lattice prefers a partial path', () => {
    expect(conf({ words: [{ word: 'autopilot', posterior: 1 }, { word: 'on', posterior: 0.3 }] })).toBeLessThan(conf({}));
    const partial = pocketsphinxRecognition({ ...base, words: [{ word: 'autopilot', posterior: 1 }] });
    expect(partial.evidence?.agrees).toBe(0);
    expect(partial.confidence).toBeLessThan(conf({}));
  });

  it('shares belief with a near runner-up (a minimal pair), keeping it as an alternative; a distant one costs nothing', () => {
    const close = pocketsphinxRecognition({ ...base, nbest: [{ text: 'autopilot on', score: -1800 }, { text: 'autopilot off', score: -1810 }] });
    expect(close.confidence).toBeLessThan(conf({}));
    expect(close.alternatives?.map((a) => a.text)).toEqual(['autopilot on', 'autopilot off']);
    expect(close.alternatives![1]!.confidence).toBeGreaterThan(close.confidence! * 0.8);
    const clear = pocketsphinxRecognition({ ...base, nbest: [{ text: 'autopilot on', score: -1800 }, { text: 'autopilot off', score: -3000 }] });
    expect(clear.confidence).toBeCloseTo(conf({}), 6);
    expect(clear.evidence?.nbestGapPerFrame).toBe(12);
  });

  it('hears nothing with no complete path: empty text, confidence 0', () => {
    expect(pocketsphinxRecognition({ ...base, text: '', nbest: [], words: [] })).toEqual({ text: '', confidence: 0, evidence: { frames: 100 } });
  });
});
