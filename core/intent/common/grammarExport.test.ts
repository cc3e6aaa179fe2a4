import { describe, expect, it } from 'vitest';
import { allRules, compileGrammar } from './grammar.js';
import { buildGbnf, buildJsgf, whisperPrompt, whisperVocabulary } from './grammarExport.js';
import { parseUtterance } from './parser.js';

describe('grammar export', () => {
  it('JSGF has a public rule, defines every rule it references, and leaves out unknown words', () => {
    const jsgf = buildJsgf();
    expect(jsgf.startsWith('#JSGF V1.0;\ngrammar stratus;\npublic <command> = ')).toBe(true);
    const defined = new Set([...jsgf.matchAll(/^<([a-zA-Z0-9]+)> = /gm)].map((m) => m[1]));
    const used = new Set([...jsgf.matchAll(/<([a-zA-Z0-9]+)>/g)].map((m) => m[1]));
    used.delete('command');
    expect([...used].filter((u) => !defined.has(u))).toEqual([]);
    expect(jsgf).not.toMatch(/\b(qnh|callouts|strobes|fpm)\b/);
    expect(jsgf).toMatch(/q n h \[to\] <pressure>/);
  });

  it('JSGF drops alternatives whose words the recogniser lacks', () => {
    const withoutNiner = buildJsgf({ isKnownWord: (w) => w !== 'niner' });
    expect(buildJsgf()).toContain('niner');
    expect(withoutNiner).not.toContain('niner');
    expect(withoutNiner).toContain('<digit> = (zero | one');
  });

  it('JSGF holds every phrase and variant, and stays compact (shared groups, phrases merged at their slot)', () => {
    const jsgf = buildJsgf();
    // Measured 15.2 kB (core phrases only, before issue 13: 3.5 kB).
    expect(jsgf.length).toBeLessThan(20000);
    expect(jsgf).toMatch(/^<g\d+> = \(set \| select \| dial \[in\] \| put \| make it\);$/m);
    for (const variant of ['dial [in]', 'undo that', 'take that back', 'be lay that', '[the] [landing] gear down', "don't", "let's"]) expect(jsgf).toContain(variant);
    // Every slot's sub-grammar appears once, however many phrases use it.
    expect(jsgf.match(/^<heading> = /gm)).toHaveLength(1);
  });

  it('GBNF defines root, every slot, and accepts numerals', () => {
    const gbnf = buildGbnf();
    expect(gbnf).toMatch(/^root ::= carrier-prefix\? negation\? command /m);
    const defined = new Set([...gbnf.matchAll(/^([a-z0-9-]+) ::= /gm)].map((m) => m[1]));
    const body = gbnf.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
    const used = new Set([...body.matchAll(/\b([a-z][a-z0-9-]*)\b/g)].map((m) => m[1]));
    expect([...used].filter((u) => !defined.has(u))).toEqual([]);
    expect(gbnf).toContain('numeral ::=');
    expect(gbnf).toContain('" squawk"');
  });

  it('whisper vocabulary and prompt come from the same phrases, and the prompt parses', () => {
    const vocab = whisperVocabulary();
    for (const w of ['heading', 'squawk', 'niner', 'decimal', 'qnh', 'checklist']) expect(vocab).toContain(w);
    const prompt = whisperPrompt();
    expect(prompt.length).toBeLessThanOrEqual(700);
    const sentences = prompt.split('. ').map((s) => s.replace(/\.$/, ''));
    expect(sentences.length).toBeGreaterThan(10);
    for (const s of sentences) expect(parseUtterance(s, { checklistActive: true }).intent.kind).not.toBe('llm');
  });

  it('every core phrase alone parses the shipped corpus commands (the JSGF covers them)', () => {
    const core = compileGrammar(allRules.map((r) => ({ ...r, variants: [] })));
    expect(parseUtterance('what is our vertical speed', {}, core).notation).toBe('query vs');
    expect(parseUtterance('tune com one to one one eight point seven', {}, core).notation).toBe('set com1.active 118700');
  });
});
