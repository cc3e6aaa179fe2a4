import { readFile } from 'node:fs/promises';

/** Where Debian's pocketsphinx-en-us puts the en-us pronouncing dictionary. */
export const DEBIAN_CMUDICT_PATH = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

/** The words of a pocketsphinx dictionary ("word(2)" alternates folded into "word"). */
export async function loadDictionaryWords(path: string = DEBIAN_CMUDICT_PATH): Promise<Set<string>> {
  const text = await readFile(path, 'utf8');
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const w = line.slice(0, space);
    const paren = w.indexOf('(');
    words.add(paren > 0 ? w.slice(0, paren) : w);
  }
  return words;
}
