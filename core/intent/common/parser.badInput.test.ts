import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intentSchema } from './intents.js';
import { parseUtterance } from './parser.js';

describe('bad input gets a clear result, never a throw', () => {
  it('empty and whitespace are "nothing said"', () => {
    for (const t of ['', '   ', '\n\t', '...', '?!', 'uh um']) expect(parseUtterance(t).notation).toBe('invalid nothing said');
  });

  it('emoji alone is "nothing said"; emoji around a command is ignored', () => {
    expect(parseUtterance('✈️🛫').notation).toBe('invalid nothing said');
    expect(parseUtterance('✈️ heading two seven zero 👍').notation).toBe('set ap.heading 270');
  });

  it('10 KB of text goes to the language model as too long', () => {
    const r = parseUtterance('heading two seven zero '.repeat(450));
    expect(r.intent).toEqual({ kind: 'llm', reason: 'too long for a command' });
  });

  it('other languages go to the language model', () => {
    for (const t of ['Kurs zwei sieben null', 'cap deux sept zéro', '航向二七零', 'рулить на полосу'])
      expect(parseUtterance(t).intent.kind).toBe('llm');
  });

  it('out-of-range values are refused with a spoken reason', () => {
    const r = parseUtterance('heading five hundred');
    expect(r.intent).toMatchObject({ kind: 'invalid', code: 'headingRange' });
    expect(r.intent.kind === 'invalid' && r.intent.spoken).toContain('three six zero');
    expect(parseUtterance('squawk nine nine nine nine').intent).toMatchObject({ kind: 'invalid', spoken: 'unable, squawk digits go zero to seven' });
    expect(parseUtterance('com one one five zero decimal zero').intent).toMatchObject({ kind: 'invalid', code: 'comRange' });
  });

  it('checklist answers outside a checklist are refused', () => {
    expect(parseUtterance('checked').notation).toBe('invalid no checklist running');
    expect(parseUtterance('checked', { checklistActive: true }).notation).toBe('checklist confirm');
  });

  it('any string yields a schema-valid intent and a confidence in (0, 1]', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })), (s) => {
        const r = parseUtterance(s);
        expect(intentSchema.safeParse(r.intent).success).toBe(true);
        expect(r.confidence).toBeGreaterThan(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('random word salad from the grammar vocabulary never throws', () => {
    const words = ['heading', 'to', 'two', 'for', 'thousand', 'hundred', 'decimal', 'com', 'one', 'flaps', 'squawk', 'minus', 'and', 'nine', 'set', 'flight', 'level'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 30 }), (ws) => {
        const r = parseUtterance(ws.join(' '));
        expect(intentSchema.safeParse(r.intent).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
