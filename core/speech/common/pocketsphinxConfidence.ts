import type { Hypothesis, Recognition } from './sttEngine.js';

/** What the pocketsphinx worker measured on one utterance (see native/pocketsphinx.ts). */
export interface PocketsphinxScores {
  /** Best complete path through the command grammar ('' when none). */
  text: string;
  score: number;
  frames: number;
  /** Frames the best path spends in words: the verification margin is spread over these. */
  wordFrames: number;
  /** Distinct n-best texts through the command grammar, best first. */
  nbest: ReadonlyArray<{ text: string; score: number }>;
  /** Word posteriors on the command lattice's best path. */
  words: ReadonlyArray<{ word: string; posterior: number }>;
  /** The phone loop's (garbage model's) score on the same audio. */
  garbageScore: number;
}

/**
 * How the evidence becomes a probability: a logistic regression, fitted on the spoken test set by
 * test/bench/calibratePocketsphinx.ts, of "the best hypothesis means what was said". Both decoders
 * score every senone (-compallsen), so the verification margin does not drift with the grammar's
 * size; refit when the grammar or the acoustic model changes much.
 */
export const POCKETSPHINX_CALIBRATION = {
  /**
   * - verification: log-likelihood ratio of the command path over the free phone loop per frame
   *   of words (said commands sit high, speech outside the grammar and noise low);
   * - the weakest word's lattice posterior (a link's posterior is split between alignments of the
   *   same word a few frames apart, so it understates);
   * - whether the lattice's best path is the grammar's sentence (1) or a partial path (0);
   * - how far ahead of the n-best runner-up the winner is, per frame (clipped to ±NBEST_GAP_CLIP;
   *   no runner-up counts as far ahead): misheard commands mostly have a rival a hair behind.
   */
  features: ['llrPerFrame', 'minPosterior', 'agrees', 'nbestGapPerFrame'],
  // Fitted on the 594 recognitions with text of the spoken test set (363 right): at p >= 0.85 it
  // keeps 200 of the right ones and 12 of 231 wrong; at p >= 0.95, 83 and 2.
  bias: 2.2342,
  weights: [0.1772, 0.5613, 0.1893, 0.3036],
  /** n-best posteriors: per-frame score gaps divided by this before the softmax. */
  nbestTemperature: 0.5,
} as const;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** The calibration's feature vector from a recognition's evidence (names as in `features`). */
export function featuresOf(e: Readonly<Record<string, number>>): number[] {
  const gap = e.nbestGapPerFrame ?? NBEST_GAP_CLIP;
  return [e.llrPerFrame ?? -20, e.minPosterior ?? 0, e.agrees ?? 0, Math.min(NBEST_GAP_CLIP, Math.max(-NBEST_GAP_CLIP, gap))];
}

/** Runner-up gaps beyond this (per frame, either way) say nothing more. */
const NBEST_GAP_CLIP = 3;

/**
 * The recogniser's confidence from its own scores: utterance verification against the phone loop
 * (does the audio sound like this sentence, or like something else?), the lattice's word
 * posteriors (was any word a toss-up?), and the n-best (how much better is the winner than the
 * runner-up?), combined as calibrated on the spoken test set.
 */
export function pocketsphinxRecognition(s: PocketsphinxScores, cal: CalibrationOf = POCKETSPHINX_CALIBRATION): Recognition {
  const text = s.text.trim();
  const frames = Math.max(1, s.frames);
  if (!text) return { text: '', confidence: 0, evidence: { frames: s.frames } };
  // Silence scores alike in both searches: the margin is spread over the frames spent in words,
  // so a pause before or after the command does not water it down.
  const llrPerFrame = (s.score - s.garbageScore) / Math.max(1, s.wordFrames || s.frames);
  const minPosterior = s.words.length ? Math.min(...s.words.map((w) => w.posterior)) : 1;
  const latticeText = s.words.map((w) => w.word).join(' ');
  const agrees = s.words.length === 0 || latticeText === text ? 1 : 0;

  // n-best: the winner first, then the other distinct texts, shares from their per-frame gaps.
  const others = s.nbest.filter((h) => h.text.trim() && h.text.trim() !== text);
  const winner = s.nbest.find((h) => h.text.trim() === text)?.score ?? Math.max(s.score, ...others.map((h) => h.score));
  const weights = [winner, ...others.map((h) => h.score)].map((sc) => Math.exp((sc - winner) / frames / cal.nbestTemperature));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => w / total);
  const runnerUp = others.length ? (winner - others[0]!.score) / frames : Infinity;
  const evidence: Record<string, number> = {
    llrPerFrame,
    minPosterior,
    agrees,
    winnerShare: shares[0]!,
    ...(Number.isFinite(runnerUp) ? { nbestGapPerFrame: runnerUp } : {}),
    frames: s.frames,
  };
  const confidence = logistic(cal.bias + featuresOf(evidence).reduce((sum, x, i) => sum + x * cal.weights[i]!, 0));
  // An alternative is as likely as the winner times its share relative to the winner's.
  const alternatives: Hypothesis[] = [{ text, confidence }, ...others.map((h, i) => ({ text: h.text.trim(), confidence: (confidence * shares[i + 1]!) / shares[0]! }))];
  return { text, confidence, alternatives, evidence };
}

type CalibrationOf = { bias: number; weights: readonly number[]; nbestTemperature: number };
