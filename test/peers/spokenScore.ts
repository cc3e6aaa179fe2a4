import type { Category } from './spokenSet.js';

/**
 * Scoring of one spoken clip's turn against what was said (issue 13). Pure: the recognition bench
 * feeds it what the real TurnRunner did; spokenSet.test.ts feeds it hand-made turns.
 */

/** What a turn did, as its events and result tell it. */
export interface TurnObservation {
  /** Notations of the writes the sim confirmed (actionApplied), in order. */
  applied: string[];
  /** A confirmation question is pending (confirmationPending). */
  asked: boolean;
  /** The parser's notation of what it acted on ("query fuel", "llm"), or null. */
  intent: string | null;
  /** The turn's outcome status (applied, answered, control, refused, not-understood, llm, ...). */
  status: string;
}

/**
 * - `correct`: applied exactly what was said, or answered / controlled / refused the right thing;
 * - `false-accept`: acted on something not said: any write that is not what was said (any write
 *   at all for noise or free speech), or a wrong query answered / control done;
 * - `asked`: read back as a question, nothing applied yet;
 * - `rejected`: "say again", not understood, refused, or only part of a compound applied;
 * - `llm`: handed to the language model as free speech.
 */
export type Verdict = 'correct' | 'false-accept' | 'asked' | 'rejected' | 'llm';
export const VERDICTS: readonly Verdict[] = ['correct', 'false-accept', 'asked', 'rejected', 'llm'];

/** Expected notations of a manifest line ("a; b" is a compound); none for `none` and `llm`. */
function parts(expected: string): string[] {
  return expected === 'none' || expected === 'llm' ? [] : expected.split(';').map((p) => p.trim()).filter(Boolean);
}

/** Heading 360 and 0 are the same (corpus README); everything else compares as text. */
export function sameNotation(a: string, b: string): boolean {
  const norm = (n: string): string => n.replace(/^set ap\.heading (0|360)$/, 'set ap.heading 360').trim();
  return norm(a) === norm(b);
}

/** The turn changed the aircraft to something that was not said: a write applied that is not what was said. */
export function wroteWrong(expected: string, o: TurnObservation): boolean {
  const want = parts(expected);
  return o.applied.some((a) => !want.some((w) => sameNotation(a, w)));
}

export function classify(expected: string, o: TurnObservation): Verdict {
  const want = parts(expected);
  if (o.applied.length > 0) {
    const allSaid = o.applied.every((a) => want.some((w) => sameNotation(a, w)));
    if (!allSaid) return 'false-accept';
    const writes = want.filter((w) => w.startsWith('set ') || w.startsWith('swap '));
    return writes.every((w) => o.applied.some((a) => sameNotation(a, w))) && !o.asked ? 'correct' : o.asked ? 'asked' : 'rejected';
  }
  if (o.asked) return 'asked';
  if (o.intent === 'llm' || o.status === 'llm') return 'llm';
  if (o.status === 'answered' || o.status === 'control') {
    return o.intent !== null && want.length > 0 && sameNotation(o.intent, expected) ? 'correct' : 'false-accept';
  }
  // Refused: right when the refusal is what was expected ("squawk eight ..." is invalid; a
  // checklist word with no checklist running). Anything else refused is a rejection.
  if (o.status === 'refused' && o.intent !== null && want.length > 0 && sameNotation(o.intent, expected)) return 'correct';
  return 'rejected';
}

/** Whether a verdict is the right behaviour for a clip (for noise: rejected; for free speech: llm or rejected). */
export function isRight(category: Category, v: Verdict): boolean {
  if (category === 'noise') return v === 'rejected';
  if (category === 'free') return v === 'llm' || v === 'rejected';
  return v === 'correct';
}

export interface Scored {
  id: string;
  category: Category;
  voice: string;
  condition: string;
  verdict: Verdict;
  /** A false accept that wrote to the sim (wroteWrong): the aircraft changed to something not said. */
  wroteWrong?: boolean;
}

export interface Rates {
  n: number;
  counts: Record<Verdict, number>;
  /** In-grammar clips (commands, queries, controls, invalid) scored correct. */
  accuracy: number;
  /** False accepts over all clips. */
  falseAcceptRate: number;
  /** In-grammar clips rejected or handed to the LLM (not acted on, not asked). */
  falseRejectRate: number;
  /** In-grammar clips asked back. */
  askedRate: number;
  /** False accepts among noise and free-speech clips only. */
  oogFalseAcceptRate: number;
  /** Clips whose turn changed the aircraft to something not said, over all clips. */
  wrongWriteRate: number;
}

export const inGrammar = (c: Category): boolean => c !== 'noise' && c !== 'free';

export function rates(scored: Scored[]): Rates {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const s of scored) counts[s.verdict] += 1;
  const ig = scored.filter((s) => inGrammar(s.category));
  const oog = scored.filter((s) => !inGrammar(s.category));
  const frac = (xs: Scored[], f: (s: Scored) => boolean): number => (xs.length ? xs.filter(f).length / xs.length : NaN);
  return {
    n: scored.length,
    counts,
    accuracy: frac(ig, (s) => s.verdict === 'correct'),
    falseAcceptRate: frac(scored, (s) => s.verdict === 'false-accept'),
    falseRejectRate: frac(ig, (s) => s.verdict === 'rejected' || s.verdict === 'llm'),
    askedRate: frac(ig, (s) => s.verdict === 'asked'),
    oogFalseAcceptRate: frac(oog, (s) => s.verdict === 'false-accept'),
    wrongWriteRate: frac(scored, (s) => s.wroteWrong === true),
  };
}

/** Rates per value of `key` (voice, condition, category), keys sorted. */
export function ratesBy(scored: Scored[], key: (s: Scored) => string): Array<[string, Rates]> {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, xs]) => [k, rates(xs)]);
}
