import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../../core/intent/common/grammar.js';
import { buildGbnf, buildJsgf, isSpeakable } from '../../../core/intent/common/grammarExport.js';
import { normalise } from '../../../core/intent/common/lexicon.js';
import { HOMOPHONE_DIGIT } from '../../../core/intent/common/numberWords.js';
import { parseUtterance } from '../../../core/intent/common/parser.js';
import { slots, isSlotName } from '../../../core/intent/common/slots.js';
import { parsePhrase, type Seq } from '../../../core/intent/common/templateDsl.js';
import { parseCorpusText } from '../../../core/intent/node/corpusFile.js';
import { gbnfMatcher, jsgfMatcher, type GrammarMatcher } from './grammarLanguage.js';

/**
 * The recogniser grammars contain every phrasing the parser accepts: each corpus line that is a
 * command (not `llm`) is in the language of the exported JSGF and GBNF, and so is a sample of every
 * phrase and variant of every rule. Compared in canonical tokens (grammarLanguage.ts).
 */
const CORPUS_FILES = ['utterances.tsv', 'extended.tsv', 'radiotelephony.tsv'];
const corpus = CORPUS_FILES.flatMap((f) =>
  parseCorpusText(readFileSync(fileURLToPath(new URL(`../../fixtures/corpus/${f}`, import.meta.url)), 'utf8')).lines.map((l) => ({ ...l, file: f })),
);

/**
 * Lines the recogniser grammars leave out on purpose: values outside the ranges the slot grammars
 * spell (the recogniser only offers values that can be right; the parser still refuses the rest
 * with a reason when whisper writes them) and what no grammar can hold.
 */
const NOT_SAYABLE = /^invalid (value not understood|nothing said|squawk needs 4 digits|speed must be|altitude must be|vertical speed must be|altimeter must be|com frequency must be|nav frequency must be|heading must be|no such flap setting|squawk digits are|not a valid (com|nav) channel)/;

/**
 * Left out of the JSGF on purpose: said twice ("gear up, gear up": the parser takes it once, the
 * grammar holds one command), and two-digit headings ("heading four five": headings are said in
 * three digits, and a two-digit path let pocketsphinx drop a digit of three-digit ones).
 */
const SAID_TWICE = new Set(['gear up, gear up', 'heading for five']);

/**
 * Digit homophones ("to", "for", "won") are how a free-dictation recogniser spells digits; with the
 * grammar pocketsphinx writes the digit. A line is in the language if some reading of them is.
 */
function readings(tokens: readonly string[]): string[][] {
  let out: string[][] = [[]];
  for (const t of tokens) {
    const d = HOMOPHONE_DIGIT[t];
    out = out.flatMap((r) => (d === undefined ? [[...r, t]] : [[...r, t], [...r, DIGIT_NAMES[d]!]]));
  }
  return out;
}
const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const inLanguage = (m: GrammarMatcher, utterance: string): boolean => readings(normalise(utterance).tokens).some((r) => m.acceptsTokens(r));

const jsgf = jsgfMatcher(buildJsgf());
const gbnf = gbnfMatcher(buildGbnf());

/** Lines a recogniser writes in words: no numerals, no several commands, no words pocketsphinx lacks. */
function sayable(utterance: string, expected: string): boolean {
  if (expected === 'llm' || expected.includes(';') || NOT_SAYABLE.test(expected) || SAID_TWICE.has(utterance)) return false;
  if (/[0-9]/.test(utterance)) return false;
  return normalise(utterance).tokens.every((t) => isSpeakable(t));
}

describe('every command phrasing of the corpus is in the recogniser grammars', () => {
  const lines = corpus.filter((l) => sayable(l.utterance, l.expected));

  it('checks most of the corpus', () => {
    expect(lines.length).toBeGreaterThan(350);
  });

  it('JSGF (pocketsphinx) accepts every line', () => {
    const missing = lines.filter((l) => !inLanguage(jsgf, l.utterance)).map((l) => `${l.file}:${l.line} ${l.utterance}`);
    expect(missing).toEqual([]);
  });

  it('GBNF (whisper.cpp) accepts every line, and every one-command line with numerals goes through its numeral rule', () => {
    const missing = lines.filter((l) => !inLanguage(gbnf, l.utterance)).map((l) => `${l.file}:${l.line} ${l.utterance}`);
    expect(missing).toEqual([]);
  });

  it('rejects sentences outside the language (the check can fail)', () => {
    for (const s of ['what is the weather like in kona', 'swap nav three', 'gear sideways', 'squawk nav', 'up down flaps', 'tell me a joke', 'should we put the gear down']) {
      expect(jsgf.accepts(s), s).toBe(false);
      expect(gbnf.accepts(s), s).toBe(false);
    }
    expect(jsgf.accepts('swap nav one')).toBe(true);
  });
});

/** A random path through a phrase: optional parts taken or not, one alternative, slot examples. */
function samplePath(seq: Seq, rnd: () => number): string[] {
  const out: string[] = [];
  for (const n of seq) {
    if (n.t === 'w') out.push(n.w);
    else if (n.t === 'r') out.push(isSlotName(n.name) ? slots[n.name].example : n.name);
    else if (!n.opt || rnd() < 0.5) out.push(...samplePath(n.alts[Math.floor(rnd() * n.alts.length)]!, rnd));
  }
  return out;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('every phrase and variant of every rule is in the recogniser grammars', () => {
  it('30 random paths of each, through JSGF (when pocketsphinx can say the words) and GBNF', () => {
    const rnd = seeded(13);
    const missJsgf: string[] = [];
    const missGbnf: string[] = [];
    let checked = 0;
    for (const rule of allRules) {
      for (const src of [...rule.phrases, ...(rule.variants ?? [])]) {
        const seq = parsePhrase(src);
        for (let k = 0; k < 30; k++) {
          const words = samplePath(seq, rnd);
          const tokens = normalise(words.join(' ')).tokens;
          checked++;
          if (!gbnf.acceptsTokens(tokens)) missGbnf.push(`${rule.id}: ${words.join(' ')}`);
          if (words.every(isSpeakable) && !jsgf.acceptsTokens(tokens)) missJsgf.push(`${rule.id}: ${words.join(' ')}`);
        }
      }
    }
    expect([...new Set(missJsgf)]).toEqual([]);
    expect([...new Set(missGbnf)]).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });
});

describe('near-minimal pairs stay apart in the grammar and the parser', () => {
  it.each([
    ['landing lights on', 'landing lights off', 'set lights.landing on', 'set lights.landing off'],
    ['turn the autopilot on', 'turn the autopilot off', 'set ap.master on', 'set ap.master off'],
    ['swap nav one', 'swap com one', 'swap nav1', 'swap com1'],
    ['nav one standby one one zero decimal five', 'com one standby one one niner decimal five', 'set nav1.standby 110500', 'set com1.standby 119500'],
    ['put the gear up', 'put the gear down', 'set gear up', 'set gear down'],
    ['bring the flaps up', 'flaps full', 'set flaps up', 'set flaps full'],
    ['swap com one', 'swap com two', 'swap com1', 'swap com2'],
    ['flaps one', 'flaps two', 'set flaps 1', 'set flaps 2'],
    ['vertical speed up five hundred', 'vertical speed down five hundred', 'set ap.vs 500', 'set ap.vs -500'],
  ])('"%s" / "%s"', (a, b, na, nb) => {
    expect(parseUtterance(a).notation).toBe(na);
    expect(parseUtterance(b).notation).toBe(nb);
    for (const s of [a, b]) {
      expect(jsgf.accepts(s), s).toBe(true);
      expect(gbnf.accepts(s), s).toBe(true);
    }
    // The grammar keeps the distinguishing word: the pair are different token strings, each accepted alone.
    expect(normalise(a).tokens).not.toEqual(normalise(b).tokens);
  });
});
