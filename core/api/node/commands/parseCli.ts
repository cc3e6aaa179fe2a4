import { parseUtterance } from '../../../intent/common/parser.js';
import { readCorpusFile } from '../../../intent/node/corpusFile.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = 'usage: stratus parse "<text>" [--json] | stratus parse --corpus FILE.tsv';

/**
 * `stratus parse "<text>"` prints the intent in the corpus notation (with --json: the full
 * result). `stratus parse --corpus FILE.tsv` checks every line, prints each miss and ends with
 * `N passed, M failed`. Corpus lines are parsed as if a checklist were running, so checklist
 * answers ("checked", "next") mean what they mean during a checklist. Returns the exit code.
 */
export async function runParseCli(args: string[], io: CliIo): Promise<number> {
  const corpusAt = args.indexOf('--corpus');
  if (corpusAt >= 0) {
    const file = args[corpusAt + 1];
    if (!file) {
      io.err(USAGE);
      return 2;
    }
    let corpus;
    try {
      corpus = await readCorpusFile(file);
    } catch (e) {
      io.err(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    for (const e of corpus.errors) io.err(`${file}: ${e}`);
    let passed = 0;
    let failed = corpus.errors.length;
    for (const l of corpus.lines) {
      const r = parseUtterance(l.utterance, { checklistActive: true });
      if (r.notation === l.expected) passed++;
      else {
        failed++;
        io.out(`MISS line ${l.line}: "${l.utterance}" -> ${r.notation} (expected ${l.expected})`);
      }
    }
    io.out(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  }
  const json = args.includes('--json');
  const text = args.filter((a) => a !== '--json').join(' ');
  if (text.trim() === '') {
    io.err(USAGE);
    return 2;
  }
  const r = parseUtterance(text);
  if (json) io.out(JSON.stringify(r));
  else io.out(r.notation);
  return 0;
}
