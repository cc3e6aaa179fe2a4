import { describe, expect, it } from 'vitest';
import { pocketsphinxRecognition, type PocketsphinxScores } from './pocketsphinxConfidence.js';

const base: PocketsphinxScores = {
  text: 'gear up',
  score: -2000,
  frames: 100,
  nbest: [{ text: 'gear up', score: -1800 }],
  words: [
    { word: 'gear', posterior: 1 },
    { word: 'up', posterior: 1 },
  ],
  garbageScore: -2200,
};

describe('pocketsphinx confidence', () => {
  it('is high when the command beats the phone loop clearly and no word was a toss-up', () => {
    const r = pocketsphinxRecognition(base);
    expect(r.text).toBe('gear up');
    expect(r.confidence).toBeGreaterThan(0.99);
    expect(r.alternatives).toEqual([{ text: 'gear up', confidence: r.confidence }]);
    expect(r.evidence?.llrPerFrame).toBe(2);
  });

  it('is low when the free phone loop explains the audio better than any command (speech outside the grammar)', () => {
    expect(pocketsphinxRecognition({ ...base, garbageScore: -500 }).confidence).toBeLessThan(0.01);
  });

  it('drops with the weakest word posterior', () => {
    const r = pocketsphinxRecognition({ ...base, words: [{ word: 'gear', posterior: 1 }, { word: 'up', posterior: 0.4 }] });
    expect(r.confidence).toBeCloseTo(0.7, 1);
  });

  it('halves when the lattice prefers a path that is not the grammar’s sentence', () => {
    const agreeing = pocketsphinxRecognition(base).confidence!;
    const r = pocketsphinxRecognition({ ...base, words: [{ word: 'gear', posterior: 1 }] });
    expect(r.evidence?.agrees).toBe(0);
    expect(r.confidence).toBeCloseTo(agreeing / 2, 3);
  });

  it('shares belief with a near runner-up (a minimal pair), and keeps the runner-up as an alternative', () => {
    const said = { ...base, text: 'autopilot on', words: [{ word: 'autopilot', posterior: 1 }, { word: 'on', posterior: 1 }] };
    const close = pocketsphinxRecognition({ ...said, nbest: [{ text: 'autopilot on', score: -1800 }, { text: 'autopilot off', score: -1810 }] });
    expect(close.confidence).toBeLessThan(0.6);
    expect(close.alternatives?.map((a) => a.text)).toEqual(['autopilot on', 'autopilot off']);
    expect(close.alternatives![1]!.confidence).toBeGreaterThan(0.4);
    const clear = pocketsphinxRecognition({ ...said, nbest: [{ text: 'autopilot on', score: -1800 }, { text: 'autopilot off', score: -3000 }] });
    expect(clear.confidence).toBeGreaterThan(0.99);
    expect(clear.evidence?.nbestGapPerFrame).toBe(12);
  });

  it('hears nothing with no complete path: empty text, confidence 0', () => {
    expect(pocketsphinxRecognition({ ...base, text: '', nbest: [], words: [] })).toEqual({ text: '', confidence: 0, evidence: { frames: 100 } });
  });
});
