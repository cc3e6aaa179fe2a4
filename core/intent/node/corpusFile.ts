import { readFile } from 'node:fs/promises';

/** One line of a corpus file: `utterance<TAB>expected notation`. */
export interface CorpusLine {
  /** 1-based line number in the file. */
  line: number;
  utterance: string;
  expected: string;
}

/** Parses corpus text: skips blank and `#` lines; a line without a tab is an error with its number. */
export function parseCorpusText(text: string): { lines: CorpusLine[]; errors: string[] } {
  const lines: CorpusLine[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const tab = raw.indexOf('\t');
    if (tab < 0) {
      errors.push(`line ${i + 1}: no tab between utterance and expected notation`);
      return;
    }
    lines.push({ line: i + 1, utterance: raw.slice(0, tab).trim(), expected: raw.slice(tab + 1).trim() });
  });
  return { lines, errors };
}

export async function readCorpusFile(path: string): Promise<{ lines: CorpusLine[]; errors: string[] }> {
  return parseCorpusText(await readFile(path, 'utf8'));
}
