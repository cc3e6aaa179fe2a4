import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allComChannelsKhz } from './frequency.js';
import { parseUtterance } from './parser.js';
import { speakAltitudeFt, speakDigits, speakHeading, speakNumber } from './spokenNumbers.js';

/** Every supported way of saying a value must parse back to exactly that value. */

const ICAO: Readonly<Record<string, string>> = { three: 'tree', five: 'fife', nine: 'niner', thousand: 'tousand' };
const HOMOPHONES: Readonly<Record<string, string>> = { two: 'to', four: 'for', one: 'won', eight: 'ate' };
const swapWords = (s: string, map: Readonly<Record<string, string>>): string =>
  s
    .split(' ')
    .map((w) => map[w] ?? w)
    .join(' ');
const notationOf = (text: string): string => parseUtterance(text).notation;

/** "two seventy five" style for 100-999 when the last two digits are 10 or more. */
function grouped(n: number): string | undefined {
  const r = n % 100;
  if (n < 100 || n > 999 || r < 10) return undefined;
  return `${speakDigits(Math.floor(n / 100))} ${speakNumber(r)}`;
}

describe('headings 1-360', () => {
  const all = Array.from({ length: 360 }, (_, i) => i + 1);
  it.each([
    ['digits', (h: number) => `heading ${speakHeading(h)}`],
    ['ICAO', (h: number) => `heading ${swapWords(speakHeading(h), ICAO)}`],
    ['homophones', (h: number) => `heading ${swapWords(speakHeading(h), HOMOPHONES)}`],
    ['numerals', (h: number) => `heading ${String(h).padStart(3, '0')}`],
    ['free order', (h: number) => `${speakHeading(h)} heading`],
    ['turn', (h: number) => `turn left heading ${speakHeading(h)}`],
  ] as const)('%s', (_form, say) => {
    const misses = all.filter((h) => notationOf(say(h)) !== `set ap.heading ${h}`).map(say);
    expect(misses).toEqual([]);
  });
  it('grouped ("two seventy")', () => {
    const misses = all.filter((h) => grouped(h) && notationOf(`heading ${grouped(h)!}`) !== `set ap.heading ${h}`);
    expect(misses).toEqual([]);
  });
});

describe('altitudes 0-45,000 ft in 100 ft steps', () => {
  const all = Array.from({ length: 451 }, (_, i) => i * 100);
  it.each([
    ['ICAO', (a: number) => `altitude ${speakAltitudeFt(a)}`],
    ['ICAO pronunciations', (a: number) => `climb and maintain ${swapWords(speakAltitudeFt(a), ICAO)}`],
    ['plain English', (a: number) => `altitude ${speakNumber(a)}`],
    ['numerals', (a: number) => `altitude ${a}`],
    ['numerals with comma', (a: number) => `set altitude to ${a.toLocaleString('en-US')} feet`],
  ] as const)('%s', (_form, say) => {
    const misses = all.filter((a) => notationOf(say(a)) !== `set ap.altitude ${a}`).map(say);
    expect(misses).toEqual([]);
  });
  it('flight levels (1,000 ft and up)', () => {
    const misses = all
      .filter((a) => a >= 1000)
      .map((a) => [a, `flight level ${speakDigits(String(a / 100).padStart(3, '0'))}`] as const)
      .filter(([a, s]) => notationOf(s) !== `set ap.altitude ${a}`);
    expect(misses).toEqual([]);
  });
});

describe('every COM channel name 118.000-136.990 (25 and 8.33 kHz)', () => {
  const channels = allComChannelsKhz();
  const mhz = (k: number): string => speakDigits(Math.floor(k / 1000));
  const frac3 = (k: number): string => String(k % 1000).padStart(3, '0');
  it('has the 3040 names of 19 MHz x 160 per MHz', () => expect(channels.length).toBe(3040));
  it.each([
    ['three decimals', (k: number) => `com one ${mhz(k)} decimal ${speakDigits(frac3(k))}`],
    ['shortest decimals', (k: number) => `com one ${mhz(k)} decimal ${speakDigits(frac3(k).replace(/0+$/, '') || '0')}`],
    ['point', (k: number) => `com one ${mhz(k)} point ${speakDigits(frac3(k))}`],
    ['numerals', (k: number) => `com 1 ${(k / 1000).toFixed(3)}`],
  ] as const)('%s', (_form, say) => {
    const misses = channels.filter((k) => notationOf(say(k)) !== `set com1.active ${k}`).map(say);
    expect(misses).toEqual([]);
  });
  it('25 kHz names shortened to two decimals (x.x25 said "x two")', () => {
    const quarter = channels.filter((k) => k % 25 === 0);
    const misses = quarter
      .map((k) => [k, `com two standby ${mhz(k)} decimal ${speakDigits(frac3(k).slice(0, 2))}`] as const)
      .filter(([k, s]) => notationOf(s) !== `set com2.standby ${k}`);
    expect(misses).toEqual([]);
  });
});

describe('every squawk 0000-7777', () => {
  const codes: number[] = [];
  for (let c = 0; c <= 7777; c++) if (!/[89]/.test(String(c))) codes.push(c);
  const four = (c: number): string => String(c).padStart(4, '0');
  it('has 4096 octal codes', () => expect(codes.length).toBe(4096));
  it.each([
    ['digits', (c: number) => `squawk ${speakDigits(four(c))}`],
    ['numerals', (c: number) => `squawk ${four(c)}`],
    ['ICAO pronunciations', (c: number) => `transponder ${swapWords(speakDigits(four(c)), ICAO)}`],
  ] as const)('%s', (_form, say) => {
    const misses = codes.filter((c) => notationOf(say(c)) !== `set xpdr ${four(c)}`).map(say);
    expect(misses).toEqual([]);
  });
  it('thousands and hundreds ("seven thousand", "twelve hundred")', () => {
    const round = codes.filter((c) => c % 100 === 0 && c > 0);
    const misses = round
      .map((c) => [c, c % 1000 === 0 ? `squawk ${speakDigits(c / 1000)} thousand` : `squawk ${speakNumber(c / 100)} hundred`] as const)
      .filter(([c, s]) => notationOf(s) !== `set xpdr ${four(c)}`);
    expect(misses).toEqual([]);
  });
  it('any digit 8 or 9 is refused with the reason', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }).filter((d) => d.some((x) => x > 7)), (d) => {
        expect(notationOf(`squawk ${speakDigits(d.join(''))}`)).toBe('invalid squawk digits are 0 to 7');
      }),
    );
  });
});

describe('fillers and noise around a command', () => {
  it('fillers, politeness and punctuation do not change the intent', () => {
    const fillers = ['uh', 'um', 'please', 'okay', 'can you', 'could you', 'er'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 360 }), fc.constantFrom(...fillers), fc.constantFrom(...fillers), fc.boolean(), (h, f1, f2, upper) => {
        let text = `${f1} heading ${speakHeading(h)} ${f2}.`;
        if (upper) text = text.toUpperCase();
        expect(notationOf(text)).toBe(`set ap.heading ${h}`);
      }),
    );
  });
});

describe('speeds, vertical speeds and altimeter settings', () => {
  it('every speed 30-500 kt as digits, words and numerals', () => {
    const misses: string[] = [];
    for (let kt = 30; kt <= 500; kt++) {
      for (const say of [`speed ${speakDigits(kt)}`, `set speed ${speakNumber(kt)} knots`, `speed ${kt}`]) if (notationOf(say) !== `set ap.speed ${kt}`) misses.push(say);
    }
    expect(misses).toEqual([]);
  });

  it('every vertical speed -8000..8000 fpm in 100 fpm steps, signed and by verb', () => {
    const misses: string[] = [];
    for (let fpm = -8000; fpm <= 8000; fpm += 100) {
      const mag = speakNumber(Math.abs(fpm));
      const says = [`vertical speed ${fpm < 0 ? 'minus' : 'plus'} ${mag}`, `vertical speed ${fpm}`];
      if (fpm < 0) says.push(`descend at ${mag} feet per minute`);
      if (fpm > 0) says.push(`climb at ${mag} feet per minute`);
      for (const say of says) if (notationOf(say) !== `set ap.vs ${fpm}`) misses.push(say);
    }
    expect(misses).toEqual([]);
  });

  it('every altimeter setting 28.00-31.50 inHg and 940-1070 hPa', () => {
    const misses: string[] = [];
    for (let v = 2800; v <= 3150; v++) {
      const inHg = (v / 100).toFixed(2);
      for (const say of [`altimeter ${speakDigits(v)}`, `altimeter ${swapWords(speakDigits(v), ICAO)}`, `altimeter ${inHg}`]) {
        if (notationOf(say) !== `set altimeter ${inHg}inHg`) misses.push(say);
      }
    }
    for (let hPa = 940; hPa <= 1070; hPa++) {
      for (const say of [`qnh ${speakDigits(hPa)}`, `QNH ${hPa}`, `q n h ${swapWords(speakDigits(hPa), ICAO)}`]) {
        if (notationOf(say) !== `set altimeter ${hPa}hPa`) misses.push(say);
      }
    }
    expect(misses).toEqual([]);
  });
});
