import type { IntentOf } from './intents.js';
import { invalidReasons } from './invalidReasons.js';
import { isNumberToken } from './numberWords.js';

/**
 * A short utterance that starts like a command but whose value did not parse ("heading two seven
 * banana", "squawk"): ask for the value again instead of sending it to the language model.
 */
const HEADS: Readonly<Record<string, string>> = {
  heading: 'heading',
  altitude: 'altitude',
  squawk: 'squawk',
  transponder: 'squawk',
  flaps: 'flap setting',
  altimeter: 'altimeter setting',
  qnh: 'QNH',
  com: 'frequency',
  nav: 'frequency',
  speed: 'speed',
  vertical: 'vertical speed',
  tune: 'frequency',
};
/** Longer utterances are sentences, not a command with a bad value. */
const MAX_NEAR_MISS_TOKENS = 8;

export function nearMiss(tokens: readonly string[]): IntentOf<'invalid'> | undefined {
  if (tokens.length < 2 || tokens.length > MAX_NEAR_MISS_TOKENS) return undefined;
  const start = tokens[0] === 'set' ? 1 : 0;
  const head = HEADS[tokens[start] ?? ''];
  if (head === undefined) return undefined;
  // Only when a number was attempted: "heading for the airport" is a sentence.
  if (!tokens.some((t, i) => i > start && isNumberToken(t) && t !== 'to' && t !== 'for' && t !== 'and')) return undefined;
  return { kind: 'invalid', code: 'noValue', reason: invalidReasons.noValue.reason, spoken: `say again the ${head}` };
}
