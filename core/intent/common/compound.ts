import type { CompiledGrammar } from './grammar.js';
import { simWriteKinds, type Intent } from './intents.js';
import { bestMatch, type Match } from './matcher.js';
import { slots } from './slots.js';
import type { RuleContext } from './commandRules.js';

/**
 * Several commands in one breath: "gear down and flaps full", "heading two seven zero climb five
 * thousand". Tried only when the whole utterance matches no phrase. Each part must be a sim command
 * or a query, parts split at "and"/"then" or are at least two words long, and at most three parts.
 */
const CONJUNCTIONS: ReadonlySet<string> = new Set(['and', 'then']);
/** Utterances longer than this are not tried as compounds (the split search is quadratic). */
const MAX_COMPOUND_TOKENS = 20;
const MAX_PARTS = 3;

export interface CompoundPart {
  match: Match;
  intent: Intent;
}

function partIntent(m: Match, ctx: RuleContext): Intent | undefined {
  if (m.invalid) return undefined;
  const intent = m.phrase.rule.build(m.values, ctx, m.matched);
  return simWriteKinds.has(intent.kind) || intent.kind === 'query' ? intent : undefined;
}

interface Search {
  grammar: CompiledGrammar;
  toks: readonly string[];
  ctx: RuleContext;
  /** bestMatch of toks[start, end), keyed start * 64 + end. */
  memo: Map<number, Match | null>;
}

function matchRange(s: Search, start: number, end: number): Match | undefined {
  const key = start * 64 + end;
  let m = s.memo.get(key);
  if (m === undefined) {
    const first = s.toks[start]!;
    const canStart = s.grammar.firstWords.has(first) || (s.grammar.firstWords.has('<slot>') && isSlotToken(first));
    m = canStart ? (bestMatch(s.grammar, s.toks.slice(start, end)) ?? null) : null;
    s.memo.set(key, m);
  }
  return m ?? undefined;
}

function isSlotToken(t: string): boolean {
  for (const def of Object.values(slots)) if (def.accepts(t)) return true;
  return false;
}

function split(s: Search, start: number, partsLeft: number): CompoundPart[] | undefined {
  const end = s.toks.length;
  const whole = matchRange(s, start, end);
  if (whole) {
    const intent = partIntent(whole, s.ctx);
    return intent ? [{ match: whole, intent }] : undefined;
  }
  if (partsLeft <= 1) return undefined;
  let best: CompoundPart[] | undefined;
  let bestPenalty = Infinity;
  for (let i = start + 1; i < end; i++) {
    const conj = CONJUNCTIONS.has(s.toks[i]!);
    const rightStart = conj ? i + 1 : i;
    if (!conj && (i - start < 2 || end - i < 2)) continue;
    if (rightStart >= end) continue;
    const leftMatch = matchRange(s, start, i);
    if (!leftMatch) continue;
    const left = partIntent(leftMatch, s.ctx);
    if (!left) continue;
    const rest = split(s, rightStart, partsLeft - 1);
    if (!rest) continue;
    const penalty = leftMatch.penalty + rest.reduce((a, p) => a + p.match.penalty, 0) + (conj ? 0 : 0.05);
    if (penalty < bestPenalty) {
      bestPenalty = penalty;
      best = [{ match: leftMatch, intent: left }, ...rest];
    }
  }
  return best;
}

/** Two or three commands/queries that together consume every token, or undefined. */
export function parseCompound(grammar: CompiledGrammar, toks: readonly string[], ctx: RuleContext): CompoundPart[] | undefined {
  if (toks.length < 3 || toks.length > MAX_COMPOUND_TOKENS) return undefined;
  // Every token must belong to some phrase: a word the grammar never uses means a sentence.
  for (const t of toks) if (!grammar.vocabulary.has(t) && !CONJUNCTIONS.has(t) && !isSlotToken(t)) return undefined;
  const parts = split({ grammar, toks, ctx, memo: new Map() }, 0, MAX_PARTS);
  return parts && parts.length > 1 ? parts : undefined;
}
