/**
 * Carrier words pilots put around a command: "okay, heading two seven zero", "can you set flaps
 * fifteen", "go ahead and lower the gear", "let's get the landing lights on", "squawk seven
 * thousand, please". The lexicon drops them wherever they stand (FILLERS and JOINS in lexicon.ts),
 * so the parser needs nothing per rule; the recogniser grammars need them said, so grammarExport
 * wraps every command in `[<carrierPrefix>] ... [<carrierSuffix>]` with these phrases.
 * A test checks the lexicon drops every one of them (carrier.test.ts).
 */
export const CARRIER_PREFIX = "(okay | please | can you | could you | go ahead and | let's)";
export const CARRIER_SUFFIX = '(please | thanks | thank you)';

/**
 * Negations in front of a command: "don't lower the gear", "do not arm approach". The recogniser
 * grammars include them so a negated command is heard as said (not forced onto the bare command);
 * the parser then never turns a negated utterance into a command (it goes to the language model).
 * Only "don't": with "do not" and "never" pocketsphinx inserted them in front of ordinary commands.
 */
export const NEGATION_PREFIX = "don't";
const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'not',
  "don't",
  'dont',
  'never',
  "doesn't",
  "didn't",
  "won't",
  "shouldn't",
  "can't",
  'cannot',
  "isn't",
  "aren't",
  "wouldn't",
  "mustn't",
]);

/** True when the canonical tokens negate what they say ("don't", "do not", "never"). */
export function isNegated(tokens: readonly string[]): boolean {
  return tokens.some((t) => NEGATION_WORDS.has(t));
}
