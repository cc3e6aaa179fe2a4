import { describe, expect, it } from 'vitest';
import { normalise } from './lexicon.js';
import { parseSpokenNumber } from './numberWords.js';

const value = (text: string): number | undefined => {
  const t = normalise(text).tokens;
  return parseSpokenNumber(t, 0, t.length)?.value;
};

describe('parseSpokenNumber', () => {
  it.each([
    ['two seven zero', 270],
    ['two seventy', 270],
    ['one twenty', 120],
    ['one twenty five', 125],
    ['one zero thousand five hundred', 10500],
    ['eleven thousand five hundred', 11500],
    ['fifteen hundred', 1500],
    ['forty five hundred', 4500],
    ['one hundred and twenty', 120],
    ['twenty two thousand', 22000],
    ['tree tousand fife hundred', 3500],
    ['niner', 9],
    ['to seven zero', 270],
    ['won ate zero', 180],
  ])('%s = %i', (text, n) => expect(value(text)).toBe(n));

  it.each(['thousand', 'hundred five thousand', 'two and', 'seven seventy seventy', 'banana'])('rejects "%s"', (text) => expect(value(text)).toBeUndefined());

  it('keeps leading zeros of digit sequences', () => {
    const t = normalise('zero two zero zero').tokens;
    expect(parseSpokenNumber(t, 0, t.length)).toMatchObject({ value: 200, digits: '0200', form: 'digits' });
  });
});

describe('normalise', () => {
  it('spells numerals, joins spelled letters, drops fillers, expands contractions', () => {
    expect(normalise('Uh, FL350 please').tokens).toEqual(['flight', 'level', 'three', 'five', 'zero']);
    expect(normalise('q n h 1013').tokens).toEqual(['qnh', 'one', 'zero', 'one', 'three']);
    expect(normalise("what's the wind?").tokens).toEqual(['what', 'is', 'wind']);
    expect(normalise('vertical speed -1,500').tokens).toEqual(['vertical', 'speed', 'minus', 'one', 'five', 'zero', 'zero']);
    expect(normalise('gear dawn').tokens).toEqual(['gear', 'down']);
    expect(normalise('uh please').fillers).toBe(2);
  });
});
