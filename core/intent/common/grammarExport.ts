import { CARRIER_PREFIX, CARRIER_SUFFIX, NEGATION_PREFIX } from './carrier.js';
import { allRules } from './grammar.js';
import type { Rule } from './commandRules.js';
import { canonicalWord } from './lexicon.js';
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
  // Not in the dictionary: two words that sound the same (the lexicon joins them back).
  belay: 'be lay',
  unmute: 'un mute',
  fpm: 'f p m',
  hectopascal: 'millibar',
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
  /**
   * Core phrases only, without variants (the grammar before issue 13): for comparing recognition
   * accuracy; the parser then accepts phrasings the recogniser cannot hear.
   */
  coreOnly?: boolean;
}

const SUB_RULE_NAMES = Object.keys(numberSubRules);

function spokenWords(w: string, known: (w: string) => boolean): string[] | null {
  const ws = (SPOKEN_FORMS[w] ?? w).split(' ');
  if (ws.every(known)) return ws;
  // "strobes" is not in the dictionary but "strobe" is, and the lexicon reads both the same.
  const canonical = canonicalWord(w).split(' ');
  return canonical.every(known) ? canonical : null;
}

/** Whether pocketsphinx's dictionary can say a grammar word (as itself, its spoken form or its canonical form). */
export function isSpeakable(word: string): boolean {
  return spokenWords(word, (w) => !WORDS_NOT_IN_CMUDICT.has(w)) !== null;
}

/** Groups at least this long (in JSGF text) used more than once become a shared rule. */
const MIN_SHARED_GROUP_CHARS = 16;

/**
 * Emits phrase sequences as JSGF. Two passes over the same phrases: the first counts each group's
 * text, the second writes groups used more than once as a shared rule `<gN>` (verb lists, "feet
 * per minute", light names...), so the grammar stays compact.
 */
class JsgfWriter {
  private readonly counts = new Map<string, number>();
  private readonly shared = new Map<string, string>();
  private readonly sharedBodies: string[] = [];
  private counting = true;

  constructor(private readonly known: (w: string) => boolean) {}

  /** Ends the counting pass: later calls emit shared rules. */
  share(): void {
    this.counting = false;
  }

  /** [key text, emitted text] of a sequence, or null when a required word is unknown. */
  seq(seq: Seq): [string, string] | null {
    const keys: string[] = [];
    const out: string[] = [];
    for (const n of seq) {
      const p = this.node(n);
      if (p === null) return null;
      if (p[0] !== '') {
        keys.push(p[0]);
        out.push(p[1]);
      }
    }
    return [keys.join(' '), out.join(' ')];
  }

  private node(n: Node): [string, string] | null {
    if (n.t === 'w') {
      const ws = spokenWords(n.w, this.known);
      return ws ? [ws.join(' '), ws.join(' ')] : null;
    }
    if (n.t === 'r') return [`<${n.name}>`, `<${n.name}>`];
    const seen = new Set<string>();
    const alts: [string, string][] = [];
    for (const a of n.alts) {
      const j = this.seq(a);
      if (j === null || j[0] === '' || seen.has(j[0])) continue;
      seen.add(j[0]);
      alts.push(j);
    }
    if (alts.length === 0) return n.opt ? ['', ''] : null;
    const key = `(${alts.map((a) => a[0]).join(' | ')})`;
    let body = alts.length === 1 ? alts[0]![1] : `(${alts.map((a) => a[1]).join(' | ')})`;
    if (alts.length > 1 && key.length >= MIN_SHARED_GROUP_CHARS) {
      if (this.counting) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      else if ((this.counts.get(key) ?? 0) > 1) body = this.sharedRule(key, body);
    }
    return n.opt ? [`[${key}]`, `[${body}]`] : [key, alts.length === 1 ? `(${body})` : body];
  }

  private sharedRule(key: string, body: string): string {
    let name = this.shared.get(key);
    if (name === undefined) {
      name = `g${this.shared.size}`;
      this.shared.set(key, name);
      this.sharedBodies.push(`<${name}> = ${body};`);
    }
    return `<${name}>`;
  }

  sharedRules(): readonly string[] {
    return this.sharedBodies;
  }
}

/**
 * A rule's phrases as JSGF alternatives, those that go on the same way from their first slot
 * merged: "(set heading | turn left heading | ...) <heading> [degrees]". pocketsphinx copies a slot's
 * sub-grammar for every place it is used, so this keeps the search graph (and decode time) small.
 */
function factorBySlot(w: JsgfWriter, seqs: readonly Seq[]): string[] {
  const byTail = new Map<string, { tail: string; heads: Map<string, string> }>();
  for (const seq of seqs) {
    const at = seq.findIndex((n) => n.t === 'r');
    const head = w.seq(at < 0 ? seq : seq.slice(0, at));
    const tail: [string, string] | null = at < 0 ? ['', ''] : w.seq(seq.slice(at));
    if (head === null || tail === null || (head[0] === '' && tail[0] === '')) continue;
    const entry = byTail.get(tail[0]) ?? { tail: tail[1], heads: new Map<string, string>() };
    byTail.set(tail[0], entry);
    entry.heads.set(head[0], head[1]);
  }
  const out: string[] = [];
  for (const { tail, heads } of byTail.values()) {
    const spoken = [...heads.entries()].filter(([k]) => k !== '').map(([, v]) => v);
    if (tail === '') {
      out.push(...spoken);
      continue;
    }
    const optional = heads.has('');
    const group = spoken.length === 0 ? '' : optional ? `[${spoken.join(' | ')}]` : spoken.length === 1 ? spoken[0]! : `(${spoken.join(' | ')})`;
    out.push(group === '' ? tail : `${group} ${tail}`);
  }
  return out;
}

function referencedRules(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/<([a-zA-Z0-9]+)>/g)) into.add(m[1]!);
}

/** A JSGF rule name for a rule id: "light.landing.on" -> "cmdLightLandingOn". */
const jsgfRuleName = (id: string): string => `cmd${id.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase())}`;

/**
 * The grammar as JSGF (pocketsphinx `-jsgf`): every phrase and variant of every rule (the parser
 * accepts them all, so the recogniser must be able to hear them), one rule per command, carrier
 * words and a negation around them (carrier.ts), shared groups and number sub-rules. Alternatives
 * with words the recogniser's dictionary lacks are left out.
 */
export function buildJsgf(opts: JsgfOptions = {}): string {
  const known = opts.isKnownWord ?? ((w: string) => !WORDS_NOT_IN_CMUDICT.has(w));
  const rules = opts.rules ?? allRules;
  const w = new JsgfWriter(known);
  const sources = rules.map((r) => ({ name: jsgfRuleName(r.id), seqs: [...r.phrases, ...(opts.coreOnly ? [] : (r.variants ?? []))].map((p) => parsePhrase(p)) }));
  const wrappers = [CARRIER_PREFIX, NEGATION_PREFIX, CARRIER_SUFFIX].map((p) => parsePhrase(p));
  for (const pass of [0, 1]) {
    if (pass === 1) w.share();
    for (const src of sources) for (const seq of src.seqs) w.seq(seq);
  }
  const commandRules: string[] = [];
  const names: string[] = [];
  for (const src of sources) {
    const bodies = factorBySlot(w, src.seqs);
    if (bodies.length === 0) continue;
    names.push(`<${src.name}>`);
    commandRules.push(`<${src.name}> = ${bodies.join(' | ')};`);
  }
  const [prefix, negation, suffix] = wrappers.map((seq) => w.seq(seq)![1]);
  const lines = [
    '#JSGF V1.0;',
    'grammar stratus;',
    // One command: a loop for several in one breath ("gear down and flaps full") made pocketsphinx
    // insert short commands ("go on", "no") into long ones and decode ten times slower.
    `public <command> = [<carrierPrefix>] [<negation>] <anyCommand> [<carrierSuffix>];`,
    `<carrierPrefix> = ${prefix!};`,
    `<negation> = ${negation!};`,
    `<carrierSuffix> = ${suffix!};`,
    `<anyCommand> = ${names.join(' | ')};`,
    ...commandRules,
    ...w.sharedRules(),
  ];
  const used = new Set<string>();
  for (const l of lines.slice(2)) referencedRules(l, used);
  // Slot rules, then the number sub-rules they use (transitively).
  const defined = new Set([...lines.join('\n').matchAll(/^<([a-zA-Z0-9]+)> = /gm)].map((m) => m[1]!));
  const pending = [...used].filter((u) => !defined.has(u) && u !== 'command');
  const emitted = new Set<string>();
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (emitted.has(name)) continue;
    emitted.add(name);
    const src = isSlotName(name) ? slots[name].grammar : numberSubRules[name];
    if (src === undefined) throw new Error(`grammar references unknown rule <${name}>`);
    const body = w.seq(parsePhrase(src));
    if (body === null || body[1] === '') throw new Error(`rule <${name}> has no words the recogniser knows`);
    lines.push(`<${name}> = ${body[1]};`);
    const more = new Set<string>();
    referencedRules(body[1], more);
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
  const [prefix, negation, suffix] = [CARRIER_PREFIX, NEGATION_PREFIX, CARRIER_SUFFIX].map((p) => gbnfSeq(parsePhrase(p)));
  const lines = [
    'root ::= carrier-prefix? negation? command ((" and" | " then")? command)* carrier-suffix? [.!?]?',
    `carrier-prefix ::= ${prefix!}`,
    `negation ::= ${negation!}`,
    `carrier-suffix ::= ${suffix!}`,
    `command ::= ${phrases.map((p) => `(${p})`).join(' | ')}`,
  ];
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
