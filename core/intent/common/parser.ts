import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { isNegated } from './carrier.js';
import { parseCompound, type CompoundPart } from './compound.js';
import { defaultGrammar, type CompiledGrammar } from './grammar.js';
import type { Intent } from './intents.js';
import { invalidIntent } from './invalidReasons.js';
import { MAX_COMMAND_CHARS, MAX_COMMAND_TOKENS, normalise } from './lexicon.js';
import { bestMatch } from './matcher.js';
import { nearMiss } from './nearMiss.js';
import { toNotation } from './notation.js';

export interface ParseContext {
  /** The aircraft flown: flap names it knows make "flaps <name>" more certain. */
  profile?: AircraftProfile;
  /** A checklist is running: "checked", "next", "skip" are checklist answers. */
  checklistActive?: boolean;
}

export interface ParseResult {
  intent: Intent;
  /** 0-1: how sure the parser is that this is what was meant. */
  confidence: number;
  /** The canonical words the intent was read from (fillers dropped). */
  matched: string[];
  /** The corpus notation: of the intent, or of all of them joined by "; ". */
  notation: string;
  /**
   * Further commands said in the same breath ("gear down and flaps full"), in order after
   * `intent`. Absent for a single command. Each is a sim command or a query.
   */
  also?: Intent[];
}

/** Confidence lost per dropped filler word ("uh", "please"). */
const FILLER_COST = 0.02;
/** A letter outside a-z: text in another script (no tokens left) is still speech: the language model gets it. */
const ANY_LETTER = /(?![a-zA-Z])\p{L}/u;
/** "don't lower the gear" is never a command: the language model decides what the pilot wants. */
const NEGATED = 'negated: not a command';
/** Intents a "not" cannot turn around ("that is not right" is a no, "never mind" a cancel). */
const NEGATION_SAFE: ReadonlySet<Intent['kind']> = new Set<Intent['kind']>(['negative', 'cancel', 'llm']);
/** Lowest confidence a matched command gets. */
const MIN_CONFIDENCE = 0.05;

function result(intent: Intent, confidence: number, matched: string[]): ParseResult {
  return { intent, confidence, matched, notation: toNotation(intent) };
}

function llm(reason: string, confidence: number): ParseResult {
  return result({ kind: 'llm', reason }, confidence, []);
}

function compoundResult(parts: CompoundPart[], fillers: number): ParseResult {
  const penalty = parts.reduce((a, p) => a + p.match.penalty, 0);
  const intents = parts.map((p) => p.intent);
  return {
    intent: intents[0]!,
    also: intents.slice(1),
    confidence: Math.max(MIN_CONFIDENCE, Math.min(1, 1 - penalty - FILLER_COST * fillers)),
    matched: parts.flatMap((p) => p.match.matched),
    notation: intents.map(toNotation).join('; '),
  };
}

function isRepeated(tokens: readonly string[]): boolean {
  const half = tokens.length / 2;
  for (let i = 0; i < half; i++) if (tokens[i] !== tokens[i + half]) return false;
  return true;
}

/**
 * What the pilot meant. Never throws: empty or unusable input becomes an `invalid`, anything that
 * is not a known command or query becomes `llm` with the reason.
 */
export function parseUtterance(text: string, ctx: ParseContext = {}, grammar: CompiledGrammar = defaultGrammar()): ParseResult {
  if (typeof text !== 'string') return result(invalidIntent('empty'), 1, []);
  if (text.length > MAX_COMMAND_CHARS) return llm('too long for a command', 1);
  const { tokens, fillers } = normalise(text);
  if (tokens.length === 0) return ANY_LETTER.test(text) ? llm('not a known command or query', 0.9) : result(invalidIntent('empty'), 1, []);
  if (tokens.length > MAX_COMMAND_TOKENS) return llm('too long for a command', 1);
  let m = bestMatch(grammar, tokens);
  // "gear up, gear up": a command said twice is the command once.
  if (!m && tokens.length % 2 === 0 && isRepeated(tokens)) m = bestMatch(grammar, tokens.slice(0, tokens.length / 2));
  const ruleCtx = { checklistActive: ctx.checklistActive ?? false, ...(ctx.profile ? { profile: ctx.profile } : {}) };
  const negated = isNegated(tokens);
  if (!m) {
    const parts = parseCompound(grammar, tokens, ruleCtx);
    if (parts && negated) return llm(NEGATED, 0.9);
    if (parts) return compoundResult(parts, fillers);
    const near = nearMiss(tokens);
    if (near) return result(near, 0.5, tokens.slice());
    return llm('not a known command or query', 0.9);
  }
  const intent = m.invalid ? invalidIntent(m.invalid) : m.phrase.rule.build(m.values, ruleCtx, m.matched);
  if (negated && !NEGATION_SAFE.has(intent.kind)) return llm(NEGATED, 0.9);
  let confidence = 1 - m.penalty - FILLER_COST * fillers;
  if (m.invalid) confidence = Math.min(1, confidence + 1);
  if (intent.kind === 'flaps' && typeof intent.setting === 'number' && ctx.profile) {
    const spoken = intent.setting;
    const known = ctx.profile.flaps.some((d) => d.name === String(spoken) || d.degrees === spoken);
    if (!known) confidence -= 0.2;
  }
  return result(intent, Math.max(MIN_CONFIDENCE, Math.min(1, confidence)), m.matched);
}
