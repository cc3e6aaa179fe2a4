import type { Hypothesis, Recognition } from './sttEngine.js';

/** What the pocketsphinx worker measured on one utterance (see native/pocketsphinx.ts). */
export interface PocketsphinxScores {
  /** Best complete path through the command grammar ('' when none). */
  text: string;
  score: number;
  frames: number;
  /** Distinct n-best texts through the command grammar, best first. */
  nbest: ReadonlyArray<{ text: string; score: number }>;
  /** Word posteriors on the command lattice's best path. */
  words: ReadonlyArray<{ word: string; posterior: number }>;
  /** The phone loop's (garbage model's) score on the same audio. */
  garbageScore: number;
}

/**
 * How scores become a probability. Calibrated on the spoken test set (`npm run bench`,
 * recognition bench): see README "Confidence, confirmation and undo".
 */
export const POCKETSPHINX_CALIBRATION = {
  /**
   * Utterance verification: per-frame log-likelihood ratio of the command path over the free
   * phone loop, in the decoder's score units. Said commands sit well above 0; speech outside the
   * grammar and noise below. The logistic's centre and width.
   */
  verifyCentre: -6,
  verifyWidth: 1.5,
  /** n-best posteriors: per-frame score gaps divided by this before the softmax. */
  nbestTemperature: 0.5,
  /** The lattice's best path disagrees with the grammar's best path: the audio fits no sentence well. */
  disagreementFactor: 0.5,
  /**
   * How much the weakest word's lattice posterior counts. A link's posterior is split between
   * alignments of the same word a few frames apart, so it understates; it only tempers.
   */
  posteriorWeight: 0.5,
} as const;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The recogniser's confidence from its own scores: utterance verification against the phone loop
 * (does the audio sound like this sentence, or like something else?), times the lowest word
 * posterior on the lattice (was any word a toss-up?), and n-best posteriors for the alternatives
 * (how much better is the winner than the runner-up?).
 */
export function pocketsphinxRecognition(s: PocketsphinxScores, cal = POCKETSPHINX_CALIBRATION): Recognition {
  const text = s.text.trim();
  const frames = Math.max(1, s.frames);
  if (!text) return { text: '', confidence: 0, evidence: { frames: s.frames } };
  const llrPerFrame = (s.score - s.garbageScore) / frames;
  const verified = logistic((llrPerFrame - cal.verifyCentre) / cal.verifyWidth);
  const minPosterior = s.words.length ? Math.min(...s.words.map((w) => w.posterior)) : 1;
  const latticeText = s.words.map((w) => w.word).join(' ');
  const agrees = s.words.length === 0 || latticeText === text;
  const confidence = verified * (1 - cal.posteriorWeight + cal.posteriorWeight * minPosterior) * (agrees ? 1 : cal.disagreementFactor);

  // n-best: the winner first, then the other distinct texts, shares from their per-frame gaps.
  const others = s.nbest.filter((h) => h.text.trim() && h.text.trim() !== text);
  const winner = s.nbest.find((h) => h.text.trim() === text)?.score ?? Math.max(s.score, ...others.map((h) => h.score));
  const weights = [winner, ...others.map((h) => h.score)].map((sc) => Math.exp((sc - winner) / frames / cal.nbestTemperature));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => w / total);
  const alternatives: Hypothesis[] = [
    { text, confidence: confidence * shares[0]! },
    ...others.map((h, i) => ({ text: h.text.trim(), confidence: verified * shares[i + 1]! })),
  ];
  const runnerUp = others.length ? (winner - others[0]!.score) / frames : Infinity;
  return {
    text,
    confidence: confidence * shares[0]!,
    alternatives,
    evidence: {
      llrPerFrame,
      verified,
      minPosterior,
      agrees: agrees ? 1 : 0,
      winnerShare: shares[0]!,
      ...(Number.isFinite(runnerUp) ? { nbestGapPerFrame: runnerUp } : {}),
      frames: s.frames,
    },
  };
}
