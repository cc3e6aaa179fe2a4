/**
 * Turns what a recogniser wrote into canonical tokens: lower case, contractions expanded,
 * numerals spelled as digit words ("FL350" -> flight level three five zero, "121.5" -> one two one
 * decimal five), spelled letters joined ("q n h" -> qnh), recogniser misspellings mapped ("dawn" ->
 * down), filler words dropped. Digit homophones ("to", "for", "won", "ate") are NOT changed here:
 * the number parser decides by position whether they are digits.
 */

/** Utterances longer than this are not commands; the language model gets them. */
export const MAX_COMMAND_CHARS = 400;
/** Commands are short; a longer token list is a question or a paste. */
export const MAX_COMMAND_TOKENS = 40;

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

/** Single-word rewrites: misspellings, plurals, ICAO pronunciations with one canonical form. */
const WORD_MAP: Record<string, string> = {
  niner: 'nine',
  tree: 'three',
  fife: 'five',
  fower: 'four',
  tousand: 'thousand',
  thousands: 'thousand',
  hundreds: 'hundred',
  dawn: 'down',
  comm: 'com',
  comms: 'com',
  kom: 'com',
  coms: 'com',
  flap: 'flaps',
  lights: 'light',
  strobes: 'strobe',
  beacons: 'beacon',
  knot: 'knots',
  squak: 'squawk',
  squawking: 'squawk',
  swapped: 'swap',
  swapping: 'swap',
  flipped: 'flip',
  sqwak: 'squawk',
  dot: 'point',
  daycimal: 'decimal',
  decimals: 'decimal',
  callout: 'callouts',
  checklists: 'checklist',
  navigation: 'nav',
  hectopascals: 'hectopascal',
  millibars: 'hectopascal',
  millibar: 'hectopascal',
  inch: 'inches',
  inhg: 'inches',
  ft: 'feet',
  appr: 'approach',
  apr: 'approach',
  loc: 'localizer',
  localiser: 'localizer',
  greens: 'green',
  hpa: 'hectopascal',
  mb: 'hectopascal',
  mbar: 'hectopascal',
  kts: 'knots',
  kt: 'knots',
  kias: 'knots',
  autopilots: 'autopilot',
  degree: 'degrees',
  feets: 'feet',
  foot: 'feet',
  engaged: 'engage',
  disengaged: 'disengage',
  disconnected: 'disconnect',
  selected: 'select',
  takeoff: 'takeoff',
  'flip-flop': 'flip flop',
  okay: 'ok',
  airspeed: 'airspeed',
  groundspeed: 'groundspeed',
  transponders: 'transponder',
};

/** Word pairs/triples written apart (or letters spelled out) that mean one token. */
const JOINS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['q', 'n', 'h'], 'qnh'],
  [['f', 'l', 'c'], 'flc'],
  [['a', 't', 'i', 's'], 'atis'],
  [['i', 'l', 's'], 'ils'],
  [['l', 'nav'], 'lnav'],
  [['glide', 'slope'], 'glideslope'],
  [['a', 'p'], 'ap'],
  [['v', 's'], 'vs'],
  [['a', 'g', 'l'], 'agl'],
  [['f', 'l'], 'fl'],
  [['auto', 'pilot'], 'autopilot'],
  [['air', 'speed'], 'airspeed'],
  [['ground', 'speed'], 'groundspeed'],
  [['check', 'list'], 'checklist'],
  [['take', 'off'], 'takeoff'],
  [['call', 'outs'], 'callouts'],
  [['call', 'out'], 'callouts'],
  [['x', 'p', 'd', 'r'], 'transponder'],
  [['xpdr'], 'transponder'],
  [['fl'], 'flight level'],
  [['alt'], 'altitude'],
  [['hdg'], 'heading'],
  [['spd'], 'speed'],
  [['what', 's'], 'what is'],
  [['what', 'are', 'the'], 'what are'],
  [['can', 'you'], ''],
  [['could', 'you'], ''],
  [['would', 'you'], ''],
  [['will', 'you'], ''],
  [['go', 'ahead', 'and'], ''],
  [['right', 'now'], ''],
  [['thank', 'you'], ''],
  // Carrier words around a command (carrier.ts): "let's get the lights on", "I'd like flaps five".
  [['let', 'us'], ''],
  [['lets'], ''],
  [['i', 'would', 'like'], ''],
  // Words pocketsphinx's dictionary lacks, spoken as two it has (grammarExport SPOKEN_FORMS).
  [['be', 'lay'], 'belay'],
  [['un', 'mute'], 'unmute'],
  [['f', 'p', 'm'], 'fpm'],
];

const CONTRACTIONS: Record<string, string> = {
  "what's": 'what is',
  "where's": 'where is',
  "how's": 'how is',
  "what're": 'what are',
  "we're": 'we are',
  "let's": 'let us',
  "it's": 'it is',
  "that's": 'that is',
  "i'm": 'i am',
  "i'd": 'i would',
  whats: 'what is',
  wheres: 'where is',
};

/** Dropped anywhere: hesitations, politeness, articles and possessives that never carry meaning. */
const FILLERS: ReadonlySet<string> = new Set([
  'uh',
  'um',
  'umm',
  'uhh',
  'er',
  'erm',
  'ah',
  'hmm',
  'mm',
  'please',
  'kindly',
  'ok',
  'now',
  'just',
  'the',
  'a',
  'an',
  'our',
  'my',
  'then',
  'hey',
  'stratus',
  'roger',
  'alright',
  'sir',
  'thanks',
  'quickly',
  'mhz',
  'megahertz',
]);

/** Words a pilot uses only in the middle of a command; kept out of FILLERS because queries need them. */
const SPLIT = /[^a-z0-9.'-]+/;
const NUMERAL = /^-?\d+(\.\d+)?$/;
const LETTER_DIGIT = /([a-z])(\d)/g;
const DIGIT_LETTER = /(\d)([a-z])/g;
const THOUSANDS_COMMA = /(\d),(\d{3})/g;
const CURLY_QUOTE = /[\u2018\u2019]/g;
const TRAILING_PUNCT = /^[.'-]+|[.'-]+$/g;

export interface Normalised {
  tokens: string[];
  /** How many filler words were dropped (lowers confidence a little). */
  fillers: number;
}

function spellNumeral(tok: string, out: string[]): void {
  let s = tok;
  if (s.startsWith('-')) {
    out.push('minus');
    s = s.slice(1);
  }
  for (const ch of s) {
    if (ch === '.') out.push('decimal');
    else out.push(DIGIT_WORDS[ch.charCodeAt(0) - 48]!);
  }
}

function pushWord(w: string, out: string[]): void {
  const mapped = CONTRACTIONS[w] ?? WORD_MAP[w] ?? w;
  if (mapped.includes(' ')) for (const part of mapped.split(' ')) out.push(part);
  else out.push(mapped);
}

function applyJoins(raw: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  outer: while (i < raw.length) {
    for (const [seq, joined] of JOINS) {
      if (i + seq.length > raw.length) continue;
      let ok = true;
      for (let k = 0; k < seq.length; k++) {
        if (raw[i + k] !== seq[k]) {
          ok = false;
          break;
        }
      }
      if (ok) {
        if (joined !== '') for (const part of joined.split(' ')) out.push(part);
        i += seq.length;
        continue outer;
      }
    }
    out.push(raw[i]!);
    i++;
  }
  return out;
}

/** True for words normalise() always drops. */
export function isFiller(w: string): boolean {
  return FILLERS.has(w);
}

/** The canonical form of one phrase word (grammar phrases may use any spelling the lexicon maps). */
export function canonicalWord(w: string): string {
  return CONTRACTIONS[w] ?? WORD_MAP[w] ?? w;
}

/** Canonical tokens for an utterance (empty when nothing usable is left). */
export function normalise(text: string): Normalised {
  const lowered = text
    .toLowerCase()
    .replace(CURLY_QUOTE, "'")
    .replace(THOUSANDS_COMMA, '$1$2')
    .replace(LETTER_DIGIT, '$1 $2')
    .replace(DIGIT_LETTER, '$1 $2');
  const raw: string[] = [];
  for (const piece of lowered.split(SPLIT)) {
    if (piece === '') continue;
    if (NUMERAL.test(piece)) {
      spellNumeral(piece, raw);
      continue;
    }
    const w = piece.replace(TRAILING_PUNCT, '');
    if (w === '') continue;
    if (NUMERAL.test(w)) spellNumeral(w, raw);
    else if (w.includes('-') && !(w in WORD_MAP)) {
      for (const part of w.split('-')) {
        if (part === '') continue;
        if (NUMERAL.test(part)) spellNumeral(part, raw);
        else pushWord(part, raw);
      }
    }
    else pushWord(w, raw);
  }
  const joined = applyJoins(raw);
  const tokens: string[] = [];
  let fillers = 0;
  for (const t of joined) {
    if (FILLERS.has(t)) fillers++;
    else tokens.push(t);
  }
  return { tokens, fillers };
}
