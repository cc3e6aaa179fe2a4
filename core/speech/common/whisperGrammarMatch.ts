import { GRETYPE, type CompiledGrammar, type GrammarElement } from './whisperGrammar.js';

/**
 * whisper.cpp's grammar pushdown automaton (whisper_grammar_advance_stack / _accept), ported so
 * the worker can tell what whisper's sampler does not: whether the text decoded so far is a
 * complete sentence of the grammar. whisper.cpp penalises tokens the grammar rejects but never
 * end-of-text, so without this a decoder may stop halfway through a command ("gear d"). Also
 * used by the tests to check compiled grammars by the language they accept.
 *
 * A position is one element of one rule, packed as ruleId * POS_STRIDE + index; a stack is a
 * list of positions (top last); a state is the set of stacks that are alive.
 */
const POS_STRIDE = 1 << 20;

type Stack = readonly number[];

export class GrammarMatcher {
  private readonly rules: readonly (readonly GrammarElement[])[];

  constructor(grammar: CompiledGrammar) {
    this.rules = grammar.rules;
    for (const r of this.rules) if (r.length >= POS_STRIDE) throw new Error('grammar rule too long');
    this.initial = this.start(grammar.startRule);
  }

  /** Stacks before any character. */
  readonly initial: readonly Stack[];

  private el(pos: number): GrammarElement {
    const e = this.rules[Math.floor(pos / POS_STRIDE)]?.[pos % POS_STRIDE];
    if (!e) throw new Error(`grammar position ${pos} out of range`);
    return e;
  }

  private isEnd(pos: number): boolean {
    const t = this.el(pos).type;
    return t === GRETYPE.END || t === GRETYPE.ALT;
  }

  /** Calls `each` with the first position of every alternate of rule `ruleId`. */
  private alternates(ruleId: number, each: (pos: number) => void): void {
    let pos = ruleId * POS_STRIDE;
    for (;;) {
      each(pos);
      while (!this.isEnd(pos)) pos++;
      if (this.el(pos).type !== GRETYPE.ALT) return;
      pos++;
    }
  }

  private advance(stack: Stack, out: Map<string, Stack>): void {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      out.set('', stack);
      return;
    }
    const e = this.el(top);
    if (e.type === GRETYPE.RULE_REF) {
      const rest = stack.slice(0, -1);
      this.alternates(e.value, (sub) => {
        const next = [...rest];
        if (!this.isEnd(top + 1)) next.push(top + 1);
        if (!this.isEnd(sub)) next.push(sub);
        this.advance(next, out);
      });
    } else if (e.type === GRETYPE.CHAR || e.type === GRETYPE.CHAR_NOT) {
      out.set(stack.join(','), stack);
    } else {
      throw new Error(`grammar stack left on element type ${e.type}`);
    }
  }

  private start(ruleId: number): Stack[] {
    const out = new Map<string, Stack>();
    this.alternates(ruleId, (pos) => this.advance(this.isEnd(pos) ? [] : [pos], out));
    return [...out.values()];
  }

  /** [matches, position after the char range]. */
  private matchChar(pos: number, cp: number): [boolean, number] {
    const positive = this.el(pos).type === GRETYPE.CHAR;
    let found = false;
    do {
      const e = this.el(pos);
      const next = this.rules[Math.floor(pos / POS_STRIDE)]?.[(pos % POS_STRIDE) + 1];
      if (next?.type === GRETYPE.CHAR_RNG_UPPER) {
        found ||= e.value <= cp && cp <= next.value;
        pos += 2;
      } else {
        found ||= e.value === cp;
        pos += 1;
      }
    } while (this.el(pos).type === GRETYPE.CHAR_ALT);
    return [found === positive, pos];
  }

  /** The stacks after one more code point (empty: the text left the grammar). */
  accept(stacks: readonly Stack[], cp: number): Stack[] {
    const out = new Map<string, Stack>();
    for (const stack of stacks) {
      const top = stack[stack.length - 1];
      if (top === undefined) continue;
      const [ok, after] = this.matchChar(top, cp);
      if (!ok) continue;
      const next = stack.slice(0, -1);
      if (!this.isEnd(after)) next.push(after);
      this.advance(next, out);
    }
    return [...out.values()];
  }

  acceptText(stacks: readonly Stack[], text: string): Stack[] {
    let s = [...stacks];
    for (const ch of text) {
      if (s.length === 0) break;
      s = this.accept(s, ch.codePointAt(0)!);
    }
    return s;
  }

  /** Some stack is empty: the text so far is a whole sentence of the grammar. */
  static isComplete(stacks: readonly Stack[]): boolean {
    return stacks.some((s) => s.length === 0);
  }

  /** Whether `text` is a sentence of the grammar. */
  matches(text: string): boolean {
    return GrammarMatcher.isComplete(this.acceptText(this.initial, text));
  }

  /** Whether `text` can still be continued into a sentence (or is one). */
  isPrefix(text: string): boolean {
    return this.acceptText(this.initial, text).length > 0;
  }
}

export type GrammarStacks = readonly Stack[];
