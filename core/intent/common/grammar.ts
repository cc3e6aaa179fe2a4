import { commandRules, type Rule } from './commandRules.js';
import { canonicalWord, isFiller } from './lexicon.js';
import { isSlotName, type SlotName } from './slots.js';
import { talkRules } from './talkRules.js';
import { allWords, parsePhrase, requiredWords, type Node, type Seq } from './templateDsl.js';

/** All rules, in priority order (earlier wins a tie). */
export const allRules: readonly Rule[] = [...commandRules, ...talkRules];

export interface CompiledPhrase {
  rule: Rule;
  /** Index in allRules: the tie-break. */
  order: number;
  source: string;
  seq: Seq;
  /** Words any match must contain; the phrase is skipped unless all are in the utterance. */
  required: string[];
  /** Fewest tokens a match can have: the phrase is skipped for shorter utterances. */
  minTokens: number;
  /** Words a match can start with. */
  first: ReadonlySet<string>;
  /** Slots a match can start with (their accepted tokens can start it too). */
  firstSlots: readonly SlotName[];
}

function checkSlots(seq: Seq, source: string): void {
  for (const n of seq) {
    if (n.t === 'r' && !isSlotName(n.name)) throw new Error(`unknown slot <${n.name}> in "${source}"`);
    if (n.t === 'g') for (const a of n.alts) checkSlots(a, source);
  }
}

/**
 * Removes filler words (the lexicon drops them from every utterance, so they can never match).
 * A phrase may name them in optional groups — "what is [our | the] altitude" — for the recogniser
 * grammars; a required filler is a mistake and throws.
 */
function stripFillers(seq: Seq, source: string, optional: boolean): Seq {
  const out: Seq = [];
  for (const n of seq) {
    if (n.t === 'w') {
      if (!isFiller(n.w)) out.push(n);
      else if (!optional) throw new Error(`filler word "${n.w}" can never match, in "${source}"`);
      continue;
    }
    if (n.t === 'r') {
      out.push(n);
      continue;
    }
    const alts = n.alts.map((a) => stripFillers(a, source, optional || n.opt)).filter((a) => a.length > 0);
    if (alts.length > 0) out.push({ t: 'g', alts, opt: n.opt || alts.length < n.alts.length });
  }
  return out;
}

function minLength(seq: Seq): number {
  let total = 0;
  for (const n of seq) total += minNode(n);
  return total;
}
function minNode(n: Node): number {
  if (n.t !== 'g') return 1;
  if (n.opt) return 0;
  let best = Infinity;
  for (const a of n.alts) best = Math.min(best, minLength(a));
  return best;
}

export interface CompiledGrammar {
  phrases: CompiledPhrase[];
  /** Every literal word of every phrase. */
  vocabulary: ReadonlySet<string>;
  /** Words a match can start with (phrases that start with a slot add '<slot>'). */
  firstWords: ReadonlySet<string>;
}

/** Adds the words (and `<slot>` names) a match of seq can start with; returns whether seq can be empty. */
function firstWordsOf(seq: Seq, into: Set<string>): boolean {
  for (const n of seq) {
    if (n.t === 'w') {
      into.add(n.w);
      return false;
    }
    if (n.t === 'r') {
      into.add(`<${n.name}>`);
      return false;
    }
    let nullable = n.opt;
    for (const a of n.alts) if (firstWordsOf(a, into)) nullable = true;
    if (!nullable) return false;
  }
  return true;
}

/** Parses every phrase once (at start-up); throws if a phrase is malformed. */
export function compileGrammar(rules: readonly Rule[] = allRules): CompiledGrammar {
  const phrases: CompiledPhrase[] = [];
  rules.forEach((rule, order) => {
    for (const source of [...rule.phrases, ...(rule.variants ?? [])]) {
      const seq = stripFillers(parsePhrase(source, canonicalWord), source, false);
      checkSlots(seq, source);
      const starts = new Set<string>();
      firstWordsOf(seq, starts);
      const firstSlots = [...starts].filter((w) => w.startsWith('<')).map((w) => w.slice(1, -1) as SlotName);
      const first = new Set([...starts].filter((w) => !w.startsWith('<')));
      phrases.push({ rule, order, source, seq, required: requiredWords(seq), minTokens: minLength(seq), first, firstSlots });
    }
  });
  const vocabulary = new Set<string>();
  const firstWords = new Set<string>();
  for (const p of phrases) {
    allWords(p.seq, vocabulary);
    for (const w of p.first) firstWords.add(w);
    if (p.firstSlots.length > 0) firstWords.add('<slot>');
  }
  return { phrases, vocabulary, firstWords };
}

let cached: CompiledGrammar | undefined;
/** The compiled default grammar, built on first use. */
export function defaultGrammar(): CompiledGrammar {
  cached ??= compileGrammar();
  return cached;
}

export type { SlotName };
