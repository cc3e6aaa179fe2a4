/**
 * The one notation every phrase in the grammar is written in, JSGF-like:
 *   words            literal tokens (canonical, lower case)
 *   [ a | b c ]      optional, with alternatives
 *   ( a | b c )      required alternatives
 *   <name>           a slot (a spoken value) or a sub-rule
 * The parser matches it against tokens; grammarExport turns it into JSGF and GBNF.
 */

export type Node =
  | { t: 'w'; w: string }
  | { t: 'r'; name: string }
  | { t: 'g'; alts: Node[][]; opt: boolean };

export type Seq = Node[];

const PUNCT = new Set(['[', ']', '(', ')', '|']);
const WORD_CHAR = /^[a-z0-9.']$/;

/** Splits a phrase into punctuation, `<slot>` and word tokens. */
function lex(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (PUNCT.has(c)) {
      out.push(c);
      i++;
    } else if (c === '<') {
      const close = src.indexOf('>', i);
      if (close < 0) throw new Error(`unclosed "<" at ${i} in "${src}"`);
      out.push(src.slice(i, close + 1));
      i = close + 1;
    } else {
      let j = i;
      while (j < src.length && WORD_CHAR.test(src[j]!)) j++;
      if (j === i) throw new Error(`phrase syntax error at ${i} in "${src}"`);
      out.push(src.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** Parses one phrase (mapWord: canonical spelling of each word, for matching); throws on a syntax error (phrases are source code, checked by tests at start-up). */
export function parsePhrase(src: string, mapWord: (w: string) => string = (w) => w): Seq {
  const toks = lex(src);
  let i = 0;
  function alts(close: string | null): Node[][] {
    const out: Node[][] = [[]];
    while (i < toks.length) {
      const t = toks[i]!;
      if (t === close) {
        i++;
        return out;
      }
      i++;
      if (t === '|') out.push([]);
      else if (t === '[' || t === '(') {
        const inner = alts(t === '[' ? ']' : ')');
        out[out.length - 1]!.push({ t: 'g', alts: inner, opt: t === '[' });
      } else if (t === ']' || t === ')') throw new Error(`unbalanced "${t}" in "${src}"`);
      else if (t.startsWith('<')) out[out.length - 1]!.push({ t: 'r', name: t.slice(1, -1) });
      else for (const w of mapWord(t).split(' ')) out[out.length - 1]!.push({ t: 'w', w });
    }
    if (close !== null) throw new Error(`missing "${close}" in "${src}"`);
    return out;
  }
  const top = alts(null);
  if (top.length !== 1) return [{ t: 'g', alts: top, opt: false }];
  return top[0]!;
}

/** Words that every match of the sequence must contain (for a fast pre-filter). */
export function requiredWords(seq: Seq): string[] {
  const out: string[] = [];
  for (const n of seq) {
    if (n.t === 'w') out.push(n.w);
    else if (n.t === 'g' && !n.opt && n.alts.length === 1) out.push(...requiredWords(n.alts[0]!));
  }
  return out;
}

/** Every literal word in the sequence (for vocabularies). */
export function allWords(seq: Seq, into: Set<string>): void {
  for (const n of seq) {
    if (n.t === 'w') into.add(n.w);
    else if (n.t === 'g') for (const a of n.alts) allWords(a, into);
  }
}
