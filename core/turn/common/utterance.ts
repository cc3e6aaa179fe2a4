import type { Utterance } from '../../speech/common/utterance.js';

export type { Utterance };

/** What starts a turn: a spoken utterance or typed text (a copilot action enters as text). */
export type TurnInput =
  | { kind: 'voice'; utterance: Utterance }
  /** `undoOf`: the text is "undo" from the history list, for that turn rather than the last command. */
  | { kind: 'text'; text: string; source?: 'text' | 'copilot'; undoOf?: string };
