/**
 * Spoken numbers as token spans: digit by digit ("two seven zero"), grouped ("two seventy",
 * "one twenty five"), cardinal ("eleven thousand five hundred", "one zero thousand five hundred",
 * "fifteen hundred"). Digit homophones a recogniser writes ("to", "too", "for", "won", "ate") count
 * as digits only inside a number span, with a penalty, so the literal word wins where one fits.
 */

export const DIGIT_VALUE: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
/** Recogniser homophones of digits: accepted only inside a number, never as a global rewrite. */
export const HOMOPHONE_DIGIT: Readonly<Record<string, number>> = { to: 2, too: 2, tu: 2, for: 4, fore: 4, won: 1, wun: 1, ate: 8, free: 3 };
const TEEN_VALUE: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS_VALUE: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Penalty for each homophone read as a digit. */
export const HOMOPHONE_PENALTY = 0.15;

const NUMBER_TOKENS: ReadonlySet<string> = new Set([
  ...Object.keys(DIGIT_VALUE),
  ...Object.keys(HOMOPHONE_DIGIT),
  ...Object.keys(TEEN_VALUE),
  ...Object.keys(TENS_VALUE),
  'hundred',
  'thousand',
  'and',
]);
/** Tokens that may appear inside a spoken number (decimal marks and signs are the slot's concern). */
export function isNumberToken(t: string): boolean {
  return NUMBER_TOKENS.has(t);
}

export interface SpokenNumber {
  value: number;
  /** Summed homophone penalties. */
  penalty: number;
  /** When spoken digit by digit: the digit string, leading zeros kept ("0200"). */
  digits?: string;
  form: 'digits' | 'cardinal' | 'grouped';
}

function digitOf(t: string | undefined): { v: number; p: number } | undefined {
  if (t === undefined) return undefined;
  const d = DIGIT_VALUE[t];
  if (d !== undefined) return { v: d, p: 0 };
  const h = HOMOPHONE_DIGIT[t];
  return h === undefined ? undefined : { v: h, p: HOMOPHONE_PENALTY };
}

/** 1-99 in words at toks[i]: "seventy five", "fifteen", "seven". Returns [value, next, penalty]. */
function below100(toks: readonly string[], i: number, end: number, allowUnit: boolean): [number, number, number] | null {
  const t = toks[i];
  if (i >= end || t === undefined) return null;
  const tens = TENS_VALUE[t];
  if (tens !== undefined) {
    const u = i + 1 < end ? digitOf(toks[i + 1]) : undefined;
    if (u && u.v > 0) return [tens + u.v, i + 2, u.p];
    return [tens, i + 1, 0];
  }
  const teen = TEEN_VALUE[t];
  if (teen !== undefined) return [teen, i + 1, 0];
  if (!allowUnit) return null;
  const d = digitOf(t);
  return d ? [d.v, i + 1, d.p] : null;
}

/** Cardinal: [X thousand] [Y hundred] [and] [Z], at least one part, consuming exactly [i, end). */
function cardinal(toks: readonly string[], start: number, end: number): SpokenNumber | null {
  let i = start;
  let value = 0;
  let penalty = 0;
  let parts = 0;
  const th = toks.indexOf('thousand', i);
  if (th >= 0 && th < end) {
    // Before "thousand": digits ("one zero", "one one") or words ("eleven", "twenty two").
    const lead = th - i;
    if (lead === 0) return null;
    let n: number | null = null;
    if (lead <= 2 && allDigits(toks, i, th)) {
      n = 0;
      for (let k = i; k < th; k++) {
        const d = digitOf(toks[k])!;
        n = n * 10 + d.v;
        penalty += d.p;
      }
    } else {
      const b = below100(toks, i, th, true);
      if (b && b[1] === th) {
        n = b[0];
        penalty += b[2];
      }
    }
    if (n === null || n === 0) return null;
    value += n * 1000;
    i = th + 1;
    parts++;
  }
  const hu = toks.indexOf('hundred', i);
  if (hu >= 0 && hu < end) {
    let b = below100(toks, i, hu, true);
    // "one two hundred" = 1200: two digits before "hundred".
    if (hu - i === 2 && allDigits(toks, i, hu)) {
      const hi = digitOf(toks[i])!;
      const lo = digitOf(toks[i + 1])!;
      b = [hi.v * 10 + lo.v, hu, hi.p + lo.p];
    }
    if (!b || b[1] !== hu || b[0] === 0) return null;
    // "fifteen hundred" only without a thousands part.
    if (b[0] >= 10 && parts > 0) return null;
    value += b[0] * 100;
    penalty += b[2];
    i = hu + 1;
    parts++;
  }
  if (i < end && toks[i] === 'and' && parts > 0) i++;
  if (i < end) {
    const b = below100(toks, i, end, true);
    if (!b || b[1] !== end) return null;
    if (parts > 0 && b[0] === 0) return null;
    value += b[0];
    penalty += b[2];
    i = end;
    parts++;
  }
  if (parts === 0 || i !== end) return null;
  return { value, penalty, form: 'cardinal' };
}

function allDigits(toks: readonly string[], start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (!digitOf(toks[k])) return false;
  return true;
}

/**
 * The number spoken in toks[start, end), or null. Digit sequences keep their digit string;
 * "two seventy" / "one twenty five" are grouped (hundreds digit then a word number).
 */
export function parseSpokenNumber(toks: readonly string[], start: number, end: number): SpokenNumber | null {
  if (start >= end) return null;
  if (allDigits(toks, start, end)) {
    let digits = '';
    let penalty = 0;
    for (let k = start; k < end; k++) {
      const d = digitOf(toks[k])!;
      digits += String(d.v);
      penalty += d.p;
    }
    // A lone homophone ("to", "for") is almost never a number.
    if (end - start === 1 && penalty > 0) penalty += HOMOPHONE_PENALTY;
    return { value: Number(digits), penalty, digits, form: 'digits' };
  }
  // Grouped: leading digit(s) then a tens/teen word: "two seventy", "one twenty five", "one one five"
  const first = digitOf(toks[start]);
  if (first && first.v > 0 && end - start >= 2) {
    const rest = below100(toks, start + 1, end, false);
    if (rest && rest[1] === end) return { value: first.v * 100 + rest[0], penalty: first.p + rest[2], form: 'grouped' };
  }
  return cardinal(toks, start, end);
}

/** Parses "<int part> decimal|point <digits>" into the int and fraction digit string. */
export function parseDecimalNumber(
  toks: readonly string[],
  start: number,
  end: number,
): { int: SpokenNumber; fraction: string; penalty: number } | null {
  let mark = -1;
  for (let k = start; k < end; k++) {
    const t = toks[k];
    if (t === 'decimal' || t === 'point') {
      mark = k;
      break;
    }
  }
  if (mark <= start || mark >= end - 1) return null;
  const int = parseSpokenNumber(toks, start, mark);
  if (!int) return null;
  let fraction = '';
  let penalty = int.penalty;
  for (let k = mark + 1; k < end; k++) {
    const d = digitOf(toks[k]);
    if (!d) return null;
    fraction += String(d.v);
    penalty += d.p;
  }
  return { int, fraction, penalty };
}
