import { normalise } from '../../../core/intent/common/lexicon.js';

/**
 * Small matchers for the exported recogniser grammars: JSGF (pocketsphinx) and GBNF (whisper.cpp)
 * compiled to one regular expression over canonical tokens, so a test can ask "is this sentence in
 * the grammar's language?". The grammars are not recursive, so every rule reference is inlined.
 * Both sides are compared in the lexicon's canonical form: each run of literal words in the
 * grammar is normalised like an utterance ("q n h" -> qnh, "let's" and "please" -> nothing).
 */

type Item = { t: 'w'; w: string } | { t: 'ref'; name: string } | { t: 'grp'; alts: Item[][]; opt: boolean; rep?: '?' | '*' | '+' } | { t: 'never' };

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regex text for a run of literal words, normalised to canonical tokens ("tok " each). */
function wordsRegex(words: string[]): string {
  return normalise(words.join(' '))
    .tokens.map((t) => `${esc(t)} `)
    .join('');
}

class Compiler {
  private readonly memo = new Map<string, string>();
  constructor(private readonly rules: ReadonlyMap<string, Item[][]>) {}

  rule(name: string, stack: string[] = []): string {
    const hit = this.memo.get(name);
    if (hit !== undefined) return hit;
    if (stack.includes(name)) throw new Error(`recursive rule <${name}>`);
    const alts = this.rules.get(name);
    if (!alts) throw new Error(`undefined rule <${name}>`);
    const out = this.alts(alts, [...stack, name]);
    this.memo.set(name, out);
    return out;
  }

  private alts(alts: Item[][], stack: string[]): string {
    return `(?:${alts.map((a) => this.seq(a, stack)).join('|')})`;
  }

  private seq(items: Item[], stack: string[]): string {
    let out = '';
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 0) out += wordsRegex(run);
      run = [];
    };
    for (const it of items) {
      if (it.t === 'w') {
        run.push(it.w);
        continue;
      }
      flush();
      if (it.t === 'ref') out += this.rule(it.name, stack);
      else if (it.t === 'never') out += '(?!)';
      else out += `${this.alts(it.alts, stack)}${it.rep ?? (it.opt ? '?' : '')}`;
    }
    flush();
    return out;
  }
}

/** A compiled grammar: accepts(text) normalises the text like the parser and matches its tokens. */
export interface GrammarMatcher {
  acceptsTokens(tokens: readonly string[]): boolean;
  accepts(text: string): boolean;
  /** Length of the compiled regex (a sanity figure for the test report). */
  size: number;
}

function matcher(rules: Map<string, Item[][]>, root: string): GrammarMatcher {
  const re = new RegExp(`^${new Compiler(rules).rule(root)}$`);
  const acceptsTokens = (tokens: readonly string[]): boolean => re.test(tokens.map((t) => `${t} `).join(''));
  return { acceptsTokens, accepts: (text) => acceptsTokens(normalise(text).tokens), size: re.source.length };
}

/* ---------------- JSGF ---------------- */

function parseJsgfBody(body: string): Item[][] {
  const toks = body.match(/<[^>]+>|\/[^/]*\/|[()[\]|]|[^\s()[\]|<>/]+/g) ?? [];
  let i = 0;
  function alts(close: string | null): Item[][] {
    const out: Item[][] = [[]];
    while (i < toks.length) {
      const t = toks[i++]!;
      if (t === close) return out;
      if (t === '|') out.push([]);
      else if (t === '(' || t === '[') out.at(-1)!.push({ t: 'grp', alts: alts(t === '(' ? ')' : ']'), opt: t === '[' });
      else if (t.startsWith('<')) out.at(-1)!.push({ t: 'ref', name: t.slice(1, -1) });
      else if (t.startsWith('/')) continue; // a weight
      else out.at(-1)!.push({ t: 'w', w: t });
    }
    if (close !== null) throw new Error(`JSGF: missing "${close}"`);
    return out;
  }
  return alts(null);
}

/** Compiles JSGF text (its public rule is the root). */
export function jsgfMatcher(jsgf: string): GrammarMatcher {
  const rules = new Map<string, Item[][]>();
  let root: string | undefined;
  for (const m of jsgf.matchAll(/^(public\s+)?<([^>]+)>\s*=\s*([^;]*);/gm)) {
    rules.set(m[2]!, parseJsgfBody(m[3]!));
    if (m[1]) root ??= m[2]!;
  }
  if (root === undefined) throw new Error('JSGF: no public rule');
  return matcher(rules, root);
}

/* ---------------- GBNF ---------------- */

function parseGbnfBody(body: string): Item[][] {
  const toks = body.match(/"(?:[^"\\]|\\.)*"|\[(?:[^\]\\]|\\.)*\]|[()|?*+]|[a-z0-9-]+/g) ?? [];
  let i = 0;
  function alts(close: string | null): Item[][] {
    const out: Item[][] = [[]];
    while (i < toks.length) {
      const t = toks[i++]!;
      if (t === close) return out;
      const seq = out.at(-1)!;
      if (t === '|') out.push([]);
      else if (t === '(') seq.push({ t: 'grp', alts: alts(')'), opt: false });
      else if (t === '?' || t === '*' || t === '+') {
        const last = seq.pop();
        if (!last) throw new Error(`GBNF: "${t}" with nothing before it`);
        seq.push({ t: 'grp', alts: [[last]], opt: t !== '+', rep: t });
      } else if (t.startsWith('"')) seq.push(...t.slice(1, -1).trim().split(/\s+/).filter((w) => w !== '').map((w): Item => ({ t: 'w', w })));
      // Character classes only spell numerals and punctuation, which never survive normalise().
      else if (t.startsWith('[')) seq.push({ t: 'never' });
      else seq.push({ t: 'ref', name: t });
    }
    if (close !== null) throw new Error(`GBNF: missing "${close}"`);
    return out;
  }
  return alts(null);
}

/** Compiles GBNF text (root rule `root`), in canonical tokens: numerals and punctuation are not matched. */
export function gbnfMatcher(gbnf: string): GrammarMatcher {
  const rules = new Map<string, Item[][]>();
  for (const m of gbnf.matchAll(/^([a-z0-9-]+) ::= (.*)$/gm)) rules.set(m[1]!, parseGbnfBody(m[2]!));
  return matcher(rules, 'root');
}
