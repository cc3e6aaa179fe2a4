/**
 * Classifies the merged stdout+stderr lines of `pocketsphinx_continuous` (pure). The process logs
 * to stderr and prints one hypothesis line per utterance to stdout; merged into one pipe (2>&1)
 * their order is kept, and every utterance's end is logged ("fsg N.NN wall") just before its
 * hypothesis is printed, so a hypothesis is the first non-log line after an end marker.
 */
export type PocketsphinxLine =
  | { kind: 'ready' }
  | { kind: 'utteranceEnd' }
  | { kind: 'hypothesis'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'log' };

const READY = /pocketsphinx_continuous COMPILED ON/;
const UTTERANCE_END = /^INFO: (fsg|ngram)_search\.c\(\d+\): (fsg|lm) [\d.]+ wall/;
const ERROR = /^(FATAL|ERROR|FATAL_ERROR):/;
const LOG = /^(INFO|WARN|WARNING|DEBUG|SYSTEM_ERROR):|^-|^\[NAME\]|^Current configuration|^\s*$|^\s+\d/;

export function classifyPocketsphinxLine(line: string): PocketsphinxLine {
  if (READY.test(line)) return { kind: 'ready' };
  if (UTTERANCE_END.test(line)) return { kind: 'utteranceEnd' };
  if (ERROR.test(line)) return { kind: 'error', message: line.replace(ERROR, '').trim() };
  if (LOG.test(line)) return { kind: 'log' };
  return { kind: 'hypothesis', text: line.trim() };
}
