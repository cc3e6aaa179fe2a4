import type { CompiledGrammar, CompiledPhrase } from './grammar.js';
import type { InvalidCode } from './invalidReasons.js';
import { slots, type SlotName, type SlotResult, type SlotValues } from './slots.js';
import type { Seq } from './templateDsl.js';

/**
 * Matches canonical tokens against every compiled phrase (all tokens must be consumed) and keeps
 * the match with the lowest penalty; ties go to the earlier rule. Backtracking covers optional
 * words and slot spans, so "reduce speed to one eight zero" takes "to" as a word while "heading to
 * seven zero" takes it as the digit two: whichever reading leaves the smaller penalty.
 */
export interface Match {
  phrase: CompiledPhrase;
  penalty: number;
  values: SlotValues;
  /** The first out-of-range slot, if any (the intent becomes a refusal). */
  invalid?: InvalidCode;
  /** Tokens consumed, in order. */
  matched: string[];
}

interface State {
  toks: readonly string[];
  phrase: CompiledPhrase;
  matched: string[];
  slotNames: SlotName[];
  slotResults: SlotResult<unknown>[];
  penalty: number;
  best: Match | undefined;
}

function record(st: State): void {
  if (st.best && st.best.penalty <= st.penalty) return;
  const values: SlotValues = {};
  let invalid: InvalidCode | undefined;
  st.slotNames.forEach((name, i) => {
    const r = st.slotResults[i]!;
    if ('invalid' in r) invalid ??= r.invalid;
    else (values as Record<string, unknown>)[name] = r.value;
  });
  st.best = { phrase: st.phrase, penalty: st.penalty, values, matched: st.matched.slice(), ...(invalid ? { invalid } : {}) };
}

function matchSeq(st: State, seq: Seq, ni: number, ti: number, k: (ti: number) => void): void {
  if (ni === seq.length) {
    k(ti);
    return;
  }
  const node = seq[ni]!;
  const toks = st.toks;
  if (node.t === 'w') {
    if (toks[ti] !== node.w) return;
    st.matched.push(node.w);
    matchSeq(st, seq, ni + 1, ti + 1, k);
    st.matched.pop();
    return;
  }
  if (node.t === 'r') {
    const slot = slots[node.name as SlotName];
    let end = ti;
    const limit = Math.min(toks.length, ti + slot.maxTokens);
    while (end < limit && slot.accepts(toks[end]!)) end++;
    for (let e = end; e > ti; e--) {
      const r = slot.parse(toks, ti, e) as SlotResult<unknown> | null;
      if (!r) continue;
      st.slotNames.push(slot.name);
      st.slotResults.push(r);
      st.penalty += r.penalty;
      for (let x = ti; x < e; x++) st.matched.push(toks[x]!);
      matchSeq(st, seq, ni + 1, e, k);
      st.matched.length -= e - ti;
      st.penalty -= r.penalty;
      st.slotResults.pop();
      st.slotNames.pop();
    }
    return;
  }
  const cont = (t2: number): void => matchSeq(st, seq, ni + 1, t2, k);
  for (const alt of node.alts) matchSeq(st, alt, 0, ti, cont);
  if (node.opt) matchSeq(st, seq, ni + 1, ti, k);
}

/** The best match of the tokens against the grammar, or undefined. */
export function bestMatch(grammar: CompiledGrammar, toks: readonly string[]): Match | undefined {
  const present = new Set(toks);
  let best: Match | undefined;
  for (const phrase of grammar.phrases) {
    if (phrase.minTokens > toks.length) continue;
    const t0 = toks[0]!;
    if (!phrase.first.has(t0) && !phrase.firstSlots.some((sl) => slots[sl].accepts(t0))) continue;
    let ok = true;
    for (const w of phrase.required) {
      if (!present.has(w)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const st: State = { toks, phrase, matched: [], slotNames: [], slotResults: [], penalty: 0, best: undefined };
    matchSeq(st, phrase.seq, 0, 0, (ti) => {
      if (ti === toks.length) record(st);
    });
    const m = st.best;
    if (m && (!best || m.penalty < best.penalty || (m.penalty === best.penalty && m.phrase.order < best.phrase.order))) best = m;
  }
  return best;
}
