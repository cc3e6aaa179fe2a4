import { describe, expect, it } from 'vitest';
import type { Rule } from './commandRules.js';
import { allRules, compileGrammar } from './grammar.js';
import { bestMatch } from './matcher.js';
import { parsePhrase, requiredWords } from './templateDsl.js';

const rule = (phrases: string[], variants: string[] = []): Rule => ({ id: 't', phrases, variants, build: () => ({ kind: 'cancel' }) });

describe('phrase notation', () => {
  it('parses words, optional and required groups, and slots', () => {
    expect(parsePhrase('flaps [to] (up | full down) <flaps>')).toEqual([
      { t: 'w', w: 'flaps' },
      { t: 'g', opt: true, alts: [[{ t: 'w', w: 'to' }]] },
      { t: 'g', opt: false, alts: [[{ t: 'w', w: 'up' }], [{ t: 'w', w: 'full' }, { t: 'w', w: 'down' }]] },
      { t: 'r', name: 'flaps' },
    ]);
    expect(requiredWords(parsePhrase('[set] heading (bug) <heading>'))).toEqual(['heading', 'bug']);
  });

  it('rejects malformed phrases', () => {
    expect(() => parsePhrase('flaps [up')).toThrow(/missing/);
    expect(() => parsePhrase('flaps up]')).toThrow(/unbalanced/);
    expect(() => parsePhrase('flaps <up')).toThrow(/unclosed/);
    expect(() => parsePhrase('flaps UP!')).toThrow(/syntax/);
  });

  it('refuses unknown slots and required filler words at build time', () => {
    expect(() => compileGrammar([rule(['heading <nope>'])])).toThrow(/unknown slot/);
    expect(() => compileGrammar([rule(['what is the altitude'])])).toThrow(/filler word "the"/);
    expect(() => compileGrammar([rule(['what is [the] altitude'])])).not.toThrow();
  });

  it('matches phrase words through the lexicon spelling ("squawking" matches "squawk")', () => {
    const g = compileGrammar([rule(['what are we squawking'])]);
    expect(bestMatch(g, ['what', 'are', 'we', 'squawk'])).toBeDefined();
  });

  it('every shipped phrase compiles and has a first-word index', () => {
    const g = compileGrammar(allRules);
    expect(g.phrases.length).toBeGreaterThan(200);
    for (const p of g.phrases) expect(p.first.size + p.firstSlots.length).toBeGreaterThan(0);
  });
});
