import { describe, expect, it } from 'vitest';
import { compileGbnf, GbnfError, GRETYPE, type GrammarElement } from './whisperGrammar.js';
import { GrammarMatcher } from './whisperGrammarMatch.js';

const { END, ALT, RULE_REF, CHAR, CHAR_NOT, CHAR_RNG_UPPER, CHAR_ALT } = GRETYPE;
const chars = (s: string): GrammarElement[] => [...s].map((c) => ({ type: CHAR, value: c.codePointAt(0)! }));
const el = (type: GrammarElement['type'], value: number | string = 0): GrammarElement => ({ type, value: typeof value === 'string' ? value.codePointAt(0)! : value });

// Expected arrays are what whisper.cpp/examples/grammar-parser.cpp builds for the same text.
describe('compileGbnf (whisper_grammar_element encoding)', () => {
  it('encodes literals, groups and alternates like grammar-parser.cpp', () => {
    const g = compileGbnf('root ::= " gear" (" up" | " down")\n');
    expect(g.startRule).toBe(0);
    expect([...g.symbolIds]).toEqual([['root', 0], ['root_1', 1]]);
    expect(g.rules[0]).toEqual([...chars(' gear'), el(RULE_REF, 1), el(END)]);
    expect(g.rules[1]).toEqual([...chars(' up'), el(ALT), ...chars(' down'), el(END)]);
  });

  it('encodes char classes, ranges, repetition and rule references', () => {
    const g = compileGbnf('root ::= [a-c0]+ x?\nx ::= "!"\n');
    expect([...g.symbolIds]).toEqual([['root', 0], ['root_1', 1], ['x', 2], ['root_3', 3]]);
    const cls = [el(CHAR, 'a'), el(CHAR_RNG_UPPER, 'c'), el(CHAR_ALT, '0')];
    expect(g.rules[1]).toEqual([...cls, el(RULE_REF, 1), el(ALT), ...cls, el(END)]);
    expect(g.rules[0]).toEqual([el(RULE_REF, 1), el(RULE_REF, 3), el(END)]);
    expect(g.rules[2]).toEqual([el(CHAR, '!'), el(END)]);
    expect(g.rules[3]).toEqual([el(RULE_REF, 2), el(ALT), el(END)]);
  });

  it('encodes negated classes, escapes and * (and skips comments)', () => {
    const g = compileGbnf('# a comment\nroot ::= [^"\\n] "\\x41"* # trailing\n');
    expect(g.rules[0]).toEqual([el(CHAR_NOT, '"'), el(CHAR_ALT, 10), el(RULE_REF, 1), el(END)]);
    expect(g.rules[1]).toEqual([el(CHAR, 'A'), el(RULE_REF, 1), el(ALT), el(END)]);
  });

  it('refuses malformed grammars and undefined rules', () => {
    expect(() => compileGbnf('root := "a"')).toThrow(GbnfError);
    expect(() => compileGbnf('root ::= ("a"')).toThrow(/expecting '\)'/);
    expect(() => compileGbnf('root ::= "a" missing\n')).toThrow(/"missing" is used but never defined/);
    expect(() => compileGbnf('start ::= "a"\n')).toThrow(/no start rule "root"/);
  });
});

describe('GrammarMatcher (whisper.cpp pushdown stacks)', () => {
  it('accepts exactly the language of the grammar', () => {
    const m = new GrammarMatcher(compileGbnf('root ::= " gear" (" up" | " down") [.!?]?\n'));
    expect(m.matches(' gear down')).toBe(true);
    expect(m.matches(' gear up.')).toBe(true);
    expect(m.matches(' gear')).toBe(false);
    expect(m.isPrefix(' gear d')).toBe(true);
    expect(m.isPrefix(' gear left')).toBe(false);
  });

  it('handles ranges, negation and repetition', () => {
    const m = new GrammarMatcher(compileGbnf('root ::= " " "-"? [0-9] [0-9,]* ("." [0-9]+)? [^a]?\n'));
    for (const ok of [' 270', ' -5', ' 1,013', ' 121.5', ' 7!']) expect(m.matches(ok), ok).toBe(true);
    for (const bad of [' ', ' 1.a', ' x', ' 7a']) expect(m.matches(bad), bad).toBe(false);
  });
});
