import { allRules } from './grammar.js';
import type { Rule } from './commandRules.js';
import { numberSubRules, slots, isSlotName } from './slots.js';
import { allWords, parsePhrase, type Node, type Seq } from './templateDsl.js';

/**
 * The same phrases the parser matches (commandRules/talkRules + slot grammars), emitted as JSGF
 * for pocketsphinx, GBNF for grammar-constrained whisper.cpp, and a vocabulary/prompt for whisper
 * biasing. One source, so the recognisers and the parser cannot drift apart.
 */

/** Acronyms and run-together tokens are spoken as separate dictionary words (the lexicon joins them back). */
const SPOKEN_FORMS: Readonly<Record<string, string>> = {
  qnh: 'q n h',
  flc: 'f l c',
  ils: 'i l s',
  atis: 'a t i s',
  ap: 'a p',
  vs: 'v s',
  lnav: 'l nav',
  groundspeed: 'ground speed',
  glideslope: 'glide slope',
  callouts: 'call outs',
};

/**
 * Words of the grammar that are not in pocketsphinx's en-us dictionary
 * (/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict). They stay in the parser and the whisper
 * exports; in JSGF the alternatives that need them are left out. Checked against the real
 * dictionary by test/integration/intent/jsgf.test.ts.
 */
export const WORDS_NOT_IN_CMUDICT: ReadonlySet<string> = new Set(['fpm', 'hectopascal', 'belay', 'unmute', 'localizer', 'strobes', 'atis', 'flc', 'qnh', 'ils', 'lnav', 'glideslope', 'groundspeed', 'callouts']);

/**
 * pocketsphinx decoder arguments to use with buildJsgf(): wider beams let short utterances reach
 * the grammar's final state (measured on espeak-ng audio: 22/24 vs 21/24 with en-us+f2@140,
 * 17/24 vs 15/24 with en-us+m3@170, at the same decode time).
 */
export const POCKETSPHINX_JSGF_ARGS: readonly string[] = ['-beam', '1e-80', '-wbeam', '1e-60', '-pbeam', '1e-80'];

export interface JsgfOptions {
  /** Whether the recogniser's dictionary has a word (default: not in WORDS_NOT_IN_CMUDICT). */
  isKnownWord?: (word: string) => boolean;
  /** Which rules to include (default: all). */
  rules?: readonly Rule[];
}

const SUB_RULE_NAMES = Object.keys(numberSubRules);

function spokenWords(w: string): string[] {
  return (SPOKEN_FORMS[w] ?? w).split(' ');
}

/** JSGF text of a sequence, or null when a required word is unknown to the recogniser. */
function jsgfSeq(seq: Seq, known: (w: string) => boolean): string | null {
  const parts: string[] = [];
  for (const n of seq) {
    const p = jsgfNode(n, known);
    if (p === null) return null;
    if (p !== '') parts.push(p);
  }
  return parts.join(' ');
}

function jsgfNode(n: Node, known: (w: string) => boolean): string | null {
  if (n.t === 'w') {
    const ws = spokenWords(n.w);
    return ws.every(known) ? ws.join(' ') : null;
  }
  if (n.t === 'r') return `<${n.name}>`;
  const alts = [...new Set(n.alts.map((a) => jsgfSeq(a, known)).filter((a): a is string => a !== null && a !== ''))];
  if (alts.length === 0) return n.opt ? '' : null;
  return n.opt ? `[${alts.join(' | ')}]` : `(${alts.join(' | ')})`;
}

function referencedRules(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/<([a-zA-Z0-9]+)>/g)) into.add(m[1]!);
}

/** The command grammar as JSGF (pocketsphinx `-jsgf`). */
export function buildJsgf(opts: JsgfOptions = {}): string {
  const known = opts.isKnownWord ?? ((w: string) => !WORDS_NOT_IN_CMUDICT.has(w));
  const rules = opts.rules ?? allRules;
  const phrases: string[] = [];
  for (const rule of rules) {
    for (const src of rule.phrases) {
      const j = jsgfSeq(parsePhrase(src), known);
      if (j !== null && j !== '') phrases.push(j);
    }
  }
  const unique = [...new Set(phrases)];
  const used = new Set<string>();
  for (const p of unique) referencedRules(p, used);
  const lines = ['#JSGF V1.0;', 'grammar stratus;', `public <command> = ${unique.map((p) => `(${p})`).join('\n  | ')};`];
  // Slot rules, then the number sub-rules they use (transitively).
  const pending = [...used];
  const emitted = new Set<string>();
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (emitted.has(name)) continue;
    emitted.add(name);
    const src = isSlotName(name) ? slots[name].grammar : numberSubRules[name];
    if (src === undefined) throw new Error(`grammar references unknown rule <${name}>`);
    const body = jsgfSeq(parsePhrase(src), known);
    if (body === null || body === '') throw new Error(`rule <${name}> has no words the recogniser knows`);
    lines.push(`<${name}> = ${body};`);
    const more = new Set<string>();
    referencedRules(body, more);
    for (const m of more) if (!emitted.has(m)) pending.push(m);
  }
  return `${lines.join('\n')}\n`;
}

/* ---------------- GBNF (whisper.cpp grammar sampling) ---------------- */

const gbnfName = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function gbnfSeq(seq: Seq): string {
  return seq.map(gbnfNode).join(' ');
}

function gbnfNode(n: Node): string {
  if (n.t === 'w') return `" ${n.w}"`;
  if (n.t === 'r') return gbnfName(n.name);
  const alts = n.alts.map(gbnfSeq).filter((a) => a !== '');
  const body = alts.length === 1 ? `(${alts[0]!})` : `(${alts.join(' | ')})`;
  return n.opt ? `${body}?` : body;
}

/**
 * The grammar as GBNF for whisper.cpp. Every word is preceded by a space (whisper's tokens carry
 * leading spaces); slots also accept numerals ("270", "121.5"), which whisper often writes.
 */
export function buildGbnf(rules: readonly Rule[] = allRules): string {
  const phrases = [...new Set(rules.flatMap((r) => [...r.phrases, ...(r.variants ?? [])].map((p) => gbnfSeq(parsePhrase(p)))))];
  // One rule per line: whisper.cpp's parser ends a rule at a newline outside parentheses.
  const lines = ['root ::= command [.!?]?', `command ::= ${phrases.map((p) => `(${p})`).join(' | ')}`];
  for (const [name, def] of Object.entries(slots)) lines.push(`${gbnfName(name)} ::= ${gbnfSeq(parsePhrase(def.grammar))} | numeral`);
  for (const name of SUB_RULE_NAMES) lines.push(`${gbnfName(name)} ::= ${gbnfSeq(parsePhrase(numberSubRules[name]!))}`);
  lines.push('numeral ::= " " "-"? [0-9] [0-9,]* ("." [0-9]+)?');
  return `${lines.join('\n')}\n`;
}

/* ---------------- whisper biasing ---------------- */

/** Every word the grammar uses, sorted (for whisper biasing / hot words). */
export function whisperVocabulary(rules: readonly Rule[] = allRules): string[] {
  const words = new Set<string>();
  for (const r of rules) for (const p of [...r.phrases, ...(r.variants ?? [])]) allWords(parsePhrase(p), words);
  for (const src of Object.values(numberSubRules)) allWords(parsePhrase(src), words);
  return [...words].sort();
}

/** One example sentence per phrase: required words, first alternatives, slot examples. */
function exampleOf(seq: Seq): string {
  const out: string[] = [];
  for (const n of seq) {
    if (n.t === 'w') out.push(n.w);
    else if (n.t === 'r') out.push(isSlotName(n.name) ? slots[n.name].example : n.name);
    else if (!n.opt) out.push(exampleOf(n.alts[0]!));
  }
  return out.filter((w) => w !== '').join(' ');
}

/** Longest prompt: whisper keeps at most 224 prompt tokens, about 800 characters of this text. */
const MAX_PROMPT_CHARS = 700;

/** A whisper initial prompt in cockpit phraseology, built from the command phrases (each rule's first). */
export function whisperPrompt(rules: readonly Rule[] = allRules): string {
  const sentences: string[] = [];
  let length = 0;
  const groups = new Set<string>();
  for (const r of rules) {
    // One example per group of rules (one light, one mode, one query...).
    const group = r.id.split('.')[0]!;
    const first = r.phrases[0];
    if (first === undefined || groups.has(group)) continue;
    groups.add(group);
    const ex = exampleOf(parsePhrase(first));
    const s = `${ex.charAt(0).toUpperCase()}${ex.slice(1)}.`;
    if (sentences.includes(s)) continue;
    if (length + s.length + 1 > MAX_PROMPT_CHARS) break;
    sentences.push(s);
    length += s.length + 1;
  }
  return sentences.join(' ');
}
