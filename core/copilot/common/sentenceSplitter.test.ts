import { describe, expect, it } from 'vitest';
import { SentenceSplitter, sentences } from './sentenceSplitter.js';

describe('SentenceSplitter', () => {
  it('emits a sentence as soon as its end is followed by a space', () => {
    const s = new SentenceSplitter();
    expect(s.push('Fuel is 29 kilo')).toEqual([]);
    expect(s.push('grams. About two')).toEqual(['Fuel is 29 kilograms.']);
    expect(s.push(' hours left! Ok?')).toEqual(['About two hours left!']);
    expect(s.flush()).toEqual(['Ok?']);
    expect(s.flush()).toEqual([]);
  });

  it('keeps decimals whole and strips markdown', () => {
    const s = new SentenceSplitter();
    expect(s.push('Tune **121.5** now. ')).toEqual(['Tune 121.5 now.']);
    expect(s.push('- Step one\n')).toEqual(['Step one']);
  });

  it('cuts a long clause at a comma', () => {
    const s = new SentenceSplitter();
    const long = `${'word '.repeat(20)}and more, ${'word '.repeat(30)}`;
    const out = s.push(long);
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith(',')).toBe(true);
  });

  it('turns an async stream of deltas into sentences', async () => {
    async function* deltas(): AsyncGenerator<string> {
      yield 'Positive';
      yield ' rate. Gear';
      yield ' up.';
    }
    const out: string[] = [];
    for await (const x of sentences(deltas())) out.push(x);
    expect(out).toEqual(['Positive rate.', 'Gear up.']);
  });
});
