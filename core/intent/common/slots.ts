import { checkComKhz, checkNavKhz, khzFromParts, type FrequencyCheck } from './frequency.js';
import type { Pressure } from './intents.js';
import type { InvalidCode } from './invalidReasons.js';
import { HOMOPHONE_PENALTY, isNumberToken, parseDecimalNumber, parseSpokenNumber, type SpokenNumber } from './numberWords.js';

/**
 * Slots: the spoken values inside a phrase. Each has a parser over a token span, and its grammar
 * in the phrase notation (templateDsl.ts) for the JSGF/GBNF export, so both come from here.
 */

export type SlotResult<V> = { value: V; penalty: number } | { invalid: InvalidCode; penalty: number };

interface SlotValueTypes {
  heading: number;
  altitude: number;
  flightLevel: number;
  speed: number;
  vs: number;
  vsMag: number;
  comFreq: number;
  navFreq: number;
  squawk: number;
  pressure: Pressure;
  flaps: number;
  radioIdx: 1 | 2;
  number: number;
}
export type SlotName = keyof SlotValueTypes;
export type SlotValues = { [K in SlotName]?: SlotValueTypes[K] };

export interface SlotDef<K extends SlotName> {
  name: K;
  /** Longest span in tokens worth trying. */
  maxTokens: number;
  accepts: (tok: string) => boolean;
  parse: (toks: readonly string[], start: number, end: number) => SlotResult<SlotValueTypes[K]> | null;
  /** The values it accepts, in phrase notation (sub-rules from numberSubRules). */
  grammar: string;
  /** A spoken example, for the whisper prompt. */
  example: string;
}

/**
 * Number building blocks for the grammar export. Slot grammars are deliberately compact (digit
 * sequences and the common thousand/hundred forms): they feed the pocketsphinx JSGF, where every
 * extra path costs accuracy. The parser itself accepts far more (numberWords.ts).
 */
export const numberSubRules: Readonly<Record<string, string>> = {
  digit: 'zero | one | two | three | four | five | six | seven | eight | nine | niner',
  teen: 'ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen | eighteen | nineteen',
  tens: 'twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety',
  mark: 'decimal | point',
  nonzero: 'one | two | three | four | five | six | seven | eight | nine | niner',
  /** 1-99 in words: "seven", "fifteen", "forty five". */
  below100: '<teen> | <tens> [<nonzero>] | <nonzero>',
  /** Before "thousand": "one zero", "eleven", "twenty two". */
  thousands: '[one | two | three | four] <digit> | <teen> | <tens> [<nonzero>]',
  /** Before "hundred": "five", "fifteen", "forty five". */
  hundreds: '<nonzero> | <teen> | <tens> [<nonzero>]',
  /** "two seventy five", "one twenty": a hundreds digit, then a word number. */
  grouped: '<nonzero> (<teen> | <tens> [<nonzero>])',
};

const DECIMAL_MARKS: ReadonlySet<string> = new Set(['decimal', 'point']);
const NON_OCTAL = /[89]/;
const SIGNS: ReadonlySet<string> = new Set(['minus', 'plus', 'negative', 'positive']);

const num = (t: string): boolean => isNumberToken(t);
const numOrMark = (t: string): boolean => isNumberToken(t) || DECIMAL_MARKS.has(t);

function ok<V>(value: V, penalty: number): SlotResult<V> {
  return { value, penalty };
}
function bad<V>(invalid: InvalidCode, penalty: number): SlotResult<V> {
  return { invalid, penalty: penalty + 1 };
}
/** Spans that used "and" are cardinal only ("one hundred and twenty"). */
function spoken(toks: readonly string[], s: number, e: number): SpokenNumber | null {
  if (toks[s] === 'and' || toks[e - 1] === 'and') return null;
  return parseSpokenNumber(toks, s, e);
}

const heading: SlotDef<'heading'> = {
  name: 'heading',
  maxTokens: 4,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    if (!n || (n.digits !== undefined && n.digits.length > 3)) return n?.digits ? bad('headingRange', n.penalty) : null;
    // Headings are said in three digits; two-digit forms are rare, so "to seven zero" reads 270.
    const p = n.penalty + (n.digits !== undefined && n.digits.length < 3 ? 0.3 : 0);
    if (n.value > 360) return bad('headingRange', p);
    return ok(n.value === 0 ? 360 : n.value, p);
  },
  grammar: '(zero | one | two | three) <digit> <digit> | (one | two | three) (<teen> | <tens> [<nonzero>]) | <digit> <tens>',
  example: 'two seven zero',
};

const altitude: SlotDef<'altitude'> = {
  name: 'altitude',
  maxTokens: 7,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    if (!n) return null;
    const p = n.penalty + (n.value % 100 === 0 ? 0 : 0.2);
    if (n.value > 50000) return bad('altitudeRange', p);
    return ok(n.value, p);
  },
  grammar: '<thousands> thousand [<digit> hundred] | <hundreds> hundred',
  example: 'one zero thousand five hundred',
};

const flightLevel: SlotDef<'flightLevel'> = {
  name: 'flightLevel',
  maxTokens: 4,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    if (!n || n.form === 'cardinal' && n.value >= 1000) return null;
    if (n.value < 10 || n.value > 500) return bad('altitudeRange', n.penalty);
    return ok(n.value * 100, n.penalty);
  },
  grammar: '(zero | one | two | three | four) <digit> <digit> | (one | two | three | four) (<teen> | <tens> [<nonzero>])',
  example: 'three five zero',
};

const speed: SlotDef<'speed'> = {
  name: 'speed',
  maxTokens: 5,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    if (!n) return null;
    if (n.value < 30 || n.value > 500) return bad('speedRange', n.penalty);
    return ok(n.value, n.penalty);
  },
  // No lone "ninety": a bare tens word was heard in place of short commands ("flaps up" -> "speed eighty").
  grammar: '(one | two | three | four) <digit> <digit> | (six | seven | eight | nine | niner) <digit> | <digit> hundred [[and] <below100>] | <grouped>',
  example: 'two five zero',
};

function vsMagnitude(toks: readonly string[], s: number, e: number): SlotResult<number> | null {
  const n = spoken(toks, s, e);
  if (!n) return null;
  if (n.value > 8000) return bad('vsRange', n.penalty);
  return ok(n.value, n.penalty + (n.value % 50 === 0 ? 0 : 0.2));
}

const vsMag: SlotDef<'vsMag'> = {
  name: 'vsMag',
  maxTokens: 6,
  accepts: num,
  parse: vsMagnitude,
  grammar: '<digit> thousand [<digit> hundred] | <hundreds> hundred | zero',
  example: 'one thousand five hundred',
};

const vs: SlotDef<'vs'> = {
  name: 'vs',
  maxTokens: 7,
  accepts: (t) => num(t) || SIGNS.has(t),
  parse(toks, s, e) {
    const first = toks[s]!;
    const signed = SIGNS.has(first);
    const r = vsMagnitude(toks, signed ? s + 1 : s, e);
    if (!r || 'invalid' in r) return r;
    return ok(first === 'minus' || first === 'negative' ? -r.value : r.value, r.penalty);
  },
  grammar: '[minus | plus | negative | positive] (<digit> thousand [<digit> hundred] | <hundreds> hundred) | zero',
  example: 'minus one thousand five hundred',
};

function frequency(check: (khz: number) => FrequencyCheck, toks: readonly string[], s: number, e: number): SlotResult<number> | null {
  const d = parseDecimalNumber(toks, s, e);
  let khz: number | null;
  let penalty: number;
  if (d) {
    if (d.int.value < 100 || d.int.value > 999) return null;
    khz = khzFromParts(d.int.value, d.fraction);
    penalty = d.penalty;
  } else {
    // No decimal mark: "one two one five" = 121.5 (digits only, lower confidence).
    const n = spoken(toks, s, e);
    if (!n?.digits || n.digits.length < 4 || n.digits.length > 6) return null;
    khz = khzFromParts(Number(n.digits.slice(0, 3)), n.digits.slice(3));
    penalty = n.penalty + 0.2;
  }
  if (khz === null) return null;
  const c = check(khz);
  return 'khz' in c ? ok(c.khz, penalty) : bad(c.invalid, penalty);
}

const comFreq: SlotDef<'comFreq'> = {
  name: 'comFreq',
  maxTokens: 9,
  accepts: numOrMark,
  parse: (toks, s, e) => frequency(checkComKhz, toks, s, e),
  grammar: 'one (one | two | three) <digit> <mark> <digit> [<digit> [zero | five]]',
  example: 'one two one decimal five',
};

const navFreq: SlotDef<'navFreq'> = {
  name: 'navFreq',
  maxTokens: 8,
  accepts: numOrMark,
  parse: (toks, s, e) => frequency(checkNavKhz, toks, s, e),
  grammar: 'one (zero | one) <digit> <mark> <digit> [zero | five]',
  example: 'one one zero decimal five',
};

const squawk: SlotDef<'squawk'> = {
  name: 'squawk',
  maxTokens: 5,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    if (!n) return null;
    if (n.digits !== undefined && n.digits.length !== 4) return bad('squawkLength', n.penalty);
    const text = n.digits ?? String(n.value);
    if (n.value > 7777 || NON_OCTAL.test(text)) return bad('squawkDigits', n.penalty);
    return ok(n.value, n.penalty);
  },
  grammar: '<digit> <digit> <digit> <digit> | <digit> thousand | (<teen> | <tens> [<nonzero>] | <nonzero> <digit>) hundred',
  example: 'seven thousand',
};

const pressure: SlotDef<'pressure'> = {
  name: 'pressure',
  maxTokens: 6,
  accepts: numOrMark,
  parse(toks, s, e) {
    const d = parseDecimalNumber(toks, s, e);
    if (d) {
      if (d.fraction.length !== 2 || d.int.value < 10 || d.int.value > 99) return null;
      const inHg = Number(`${d.int.value}.${d.fraction}`);
      return inHg >= 28 && inHg <= 31.5 ? ok({ unit: 'inHg', inHg }, d.penalty) : bad('altimeterRange', d.penalty);
    }
    const n = spoken(toks, s, e);
    if (!n) return null;
    const v = n.value;
    if (v >= 2800 && v <= 3150) return ok({ unit: 'inHg', inHg: v / 100 }, n.penalty);
    if (v >= 940 && v <= 1070) return ok({ unit: 'hPa', hPa: v }, n.penalty);
    return bad('altimeterRange', n.penalty);
  },
  grammar: '(two | three) <digit> [<mark>] <digit> <digit> | one zero <digit> <digit> | (nine | niner) <digit> <digit>',
  example: 'two niner niner two',
};

const flaps: SlotDef<'flaps'> = {
  name: 'flaps',
  maxTokens: 3,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    if (!n || (n.digits !== undefined && n.digits.length > 2)) return null;
    if (n.value > 40) return bad('flapsRange', n.penalty);
    return ok(n.value, n.penalty);
  },
  grammar: '<digit> [<digit>] | <teen> | <tens> [<nonzero>]',
  example: 'fifteen',
};

const RADIO_INDEX: Readonly<Record<string, [1 | 2, number]>> = {
  one: [1, 0],
  won: [1, HOMOPHONE_PENALTY],
  wun: [1, HOMOPHONE_PENALTY],
  two: [2, 0],
  to: [2, HOMOPHONE_PENALTY],
  too: [2, HOMOPHONE_PENALTY],
};
const radioIdx: SlotDef<'radioIdx'> = {
  name: 'radioIdx',
  maxTokens: 1,
  accepts: (t) => t in RADIO_INDEX,
  parse(toks, s, e) {
    const r = e === s + 1 ? RADIO_INDEX[toks[s]!] : undefined;
    return r ? ok(r[0], r[1]) : null;
  },
  grammar: 'one | two',
  example: 'one',
};

/**
 * Any spoken whole number, for a pilot's own commands ("set baro two nine nine two"): digits or
 * cardinals as the other slots read them; the custom command checks its own range.
 */
const number: SlotDef<'number'> = {
  name: 'number',
  maxTokens: 6,
  accepts: num,
  parse(toks, s, e) {
    const n = spoken(toks, s, e);
    return n ? ok(n.value, n.penalty) : null;
  },
  grammar: '<digit> [<digit> [<digit> [<digit> [<digit>]]]] | <teen> | <tens> [<nonzero>] | <hundreds> hundred [<below100>] | <thousands> thousand [<digit> hundred]',
  example: 'two nine nine two',
};

export const slots: { readonly [K in SlotName]: SlotDef<K> } = {
  heading,
  altitude,
  flightLevel,
  speed,
  vs,
  vsMag,
  comFreq,
  navFreq,
  squawk,
  pressure,
  flaps,
  radioIdx,
  number,
};

export function isSlotName(name: string): name is SlotName {
  return Object.prototype.hasOwnProperty.call(slots, name);
}
