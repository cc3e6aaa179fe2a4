/**
 * GBNF text (core/intent's buildGbnf()) to whisper.cpp grammar elements, the encoding that
 * whisper_full_params.grammar_rules takes. A port of whisper.cpp/examples/grammar-parser.cpp: the
 * same rule ids (named rules in order of first mention, then one synthesized rule per group or
 * repetition), the same element sequences, so a grammar means the same here as in whisper's own
 * command example. Unlike the C++ parser it throws on errors (with the offset) and refuses a
 * reference to a rule that is never defined, which whisper.cpp would read past the end of.
 */

/** whisper.h enum whisper_gretype. */
export const GRETYPE = {
  END: 0,
  ALT: 1,
  RULE_REF: 2,
  CHAR: 3,
  CHAR_NOT: 4,
  CHAR_RNG_UPPER: 5,
  CHAR_ALT: 6,
} as const;
export type GreType = (typeof GRETYPE)[keyof typeof GRETYPE];

/** whisper.h whisper_grammar_element: a type and a code point or rule id. */
export interface GrammarElement {
  type: GreType;
  value: number;
}

export interface CompiledGrammar {
  /** Indexed by rule id; every rule ends with END. */
  rules: GrammarElement[][];
  /** Rule names (named and synthesized "command_12") to ids. */
  symbolIds: ReadonlyMap<string, number>;
  /** Id of the start rule (i_start_rule). */
  startRule: number;
}

export class GbnfError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
  }
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-zA-Z0-9-]/.test(c);

/** Parser state: the source as code points (so a "char" is what whisper.cpp's decode_utf8 yields). */
class Parser {
  readonly src: string[];
  readonly symbolIds = new Map<string, number>();
  readonly rules: GrammarElement[][] = [];

  constructor(text: string) {
    this.src = [...text];
  }

  private at(pos: number): string | undefined {
    return this.src[pos];
  }

  private symbolId(name: string): number {
    let id = this.symbolIds.get(name);
    if (id === undefined) {
      id = this.symbolIds.size;
      this.symbolIds.set(name, id);
    }
    return id;
  }

  private generateSymbolId(base: string): number {
    const id = this.symbolIds.size;
    this.symbolIds.set(`${base}_${id}`, id);
    return id;
  }

  private addRule(id: number, rule: GrammarElement[]): void {
    while (this.rules.length <= id) this.rules.push([]);
    this.rules[id] = rule;
  }

  private space(pos: number, newlineOk: boolean): number {
    for (;;) {
      const c = this.at(pos);
      if (c === ' ' || c === '\t' || (newlineOk && (c === '\r' || c === '\n'))) pos++;
      else if (c === '#') while (this.at(pos) !== undefined && this.at(pos) !== '\r' && this.at(pos) !== '\n') pos++;
      else return pos;
    }
  }

  private name(pos: number): number {
    const start = pos;
    while (isWordChar(this.at(pos))) pos++;
    if (pos === start) throw new GbnfError('expecting name', pos);
    return pos;
  }

  private hex(pos: number, size: number): [number, number] {
    const digits = this.src.slice(pos, pos + size).join('');
    if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(digits)) throw new GbnfError(`expecting ${size} hex chars`, pos);
    return [parseInt(digits, 16), pos + size];
  }

  /** One (possibly escaped) character: [code point, next position]. */
  private char(pos: number): [number, number] {
    const c = this.at(pos);
    if (c === undefined) throw new GbnfError('unexpected end of input', pos);
    if (c !== '\\') return [c.codePointAt(0)!, pos + 1];
    const e = this.at(pos + 1);
    switch (e) {
      case 'x':
        return this.hex(pos + 2, 2);
      case 'u':
        return this.hex(pos + 2, 4);
      case 'U':
        return this.hex(pos + 2, 8);
      case 't':
        return [9, pos + 2];
      case 'r':
        return [13, pos + 2];
      case 'n':
        return [10, pos + 2];
      case '\\':
      case '"':
      case '[':
      case ']':
        return [e.codePointAt(0)!, pos + 2];
      default:
        throw new GbnfError('unknown escape', pos);
    }
  }

  private sequence(pos: number, ruleName: string, out: GrammarElement[], nested: boolean): number {
    let lastSymStart = out.length;
    for (;;) {
      const c = this.at(pos);
      if (c === undefined) return pos;
      if (c === '"') {
        pos++;
        lastSymStart = out.length;
        while (this.at(pos) !== '"') {
          const [cp, next] = this.char(pos);
          out.push({ type: GRETYPE.CHAR, value: cp });
          pos = next;
        }
        pos = this.space(pos + 1, nested);
      } else if (c === '[') {
        pos++;
        let startType: GreType = GRETYPE.CHAR;
        if (this.at(pos) === '^') {
          pos++;
          startType = GRETYPE.CHAR_NOT;
        }
        lastSymStart = out.length;
        while (this.at(pos) !== ']') {
          const [cp, next] = this.char(pos);
          pos = next;
          out.push({ type: lastSymStart < out.length ? GRETYPE.CHAR_ALT : startType, value: cp });
          if (this.at(pos) === '-' && this.at(pos + 1) !== ']' && this.at(pos + 1) !== undefined) {
            const [upper, after] = this.char(pos + 1);
            out.push({ type: GRETYPE.CHAR_RNG_UPPER, value: upper });
            pos = after;
          }
        }
        pos = this.space(pos + 1, nested);
      } else if (isWordChar(c)) {
        const end = this.name(pos);
        const ref = this.symbolId(this.src.slice(pos, end).join(''));
        pos = this.space(end, nested);
        lastSymStart = out.length;
        out.push({ type: GRETYPE.RULE_REF, value: ref });
      } else if (c === '(') {
        pos = this.space(pos + 1, true);
        const sub = this.generateSymbolId(ruleName);
        pos = this.alternates(pos, ruleName, sub, true);
        lastSymStart = out.length;
        out.push({ type: GRETYPE.RULE_REF, value: sub });
        if (this.at(pos) !== ')') throw new GbnfError("expecting ')'", pos);
        pos = this.space(pos + 1, nested);
      } else if (c === '*' || c === '+' || c === '?') {
        if (lastSymStart === out.length) throw new GbnfError(`expecting preceding item to ${c}`, pos);
        // S* -> S' ::= S S' |      S+ -> S' ::= S S' | S      S? -> S' ::= S |
        const sub = this.generateSymbolId(ruleName);
        const symbol = out.slice(lastSymStart);
        const rule: GrammarElement[] = [...symbol];
        if (c !== '?') rule.push({ type: GRETYPE.RULE_REF, value: sub });
        rule.push({ type: GRETYPE.ALT, value: 0 });
        if (c === '+') rule.push(...symbol);
        rule.push({ type: GRETYPE.END, value: 0 });
        this.addRule(sub, rule);
        out.length = lastSymStart;
        out.push({ type: GRETYPE.RULE_REF, value: sub });
        pos = this.space(pos + 1, nested);
      } else {
        return pos;
      }
    }
  }

  private alternates(pos: number, ruleName: string, ruleId: number, nested: boolean): number {
    const rule: GrammarElement[] = [];
    pos = this.sequence(pos, ruleName, rule, nested);
    while (this.at(pos) === '|') {
      rule.push({ type: GRETYPE.ALT, value: 0 });
      pos = this.space(pos + 1, true);
      pos = this.sequence(pos, ruleName, rule, nested);
    }
    rule.push({ type: GRETYPE.END, value: 0 });
    this.addRule(ruleId, rule);
    return pos;
  }

  private rule(pos: number): number {
    const end = this.name(pos);
    const name = this.src.slice(pos, end).join('');
    const id = this.symbolId(name);
    pos = this.space(end, false);
    if (this.src.slice(pos, pos + 3).join('') !== '::=') throw new GbnfError('expecting ::=', pos);
    pos = this.space(pos + 3, true);
    pos = this.alternates(pos, name, id, false);
    const c = this.at(pos);
    if (c === '\r') pos += this.at(pos + 1) === '\n' ? 2 : 1;
    else if (c === '\n') pos++;
    else if (c !== undefined) throw new GbnfError('expecting newline or end', pos);
    return this.space(pos, true);
  }

  parse(): void {
    let pos = this.space(0, true);
    while (pos < this.src.length) pos = this.rule(pos);
  }
}

/** Compiles GBNF text; `startRule` names the rule decoding starts from (whisper's command example uses "root"). */
export function compileGbnf(text: string, startRule = 'root'): CompiledGrammar {
  const p = new Parser(text);
  p.parse();
  for (const [name, id] of p.symbolIds) {
    const rule = p.rules[id];
    if (!rule || rule.length === 0) throw new Error(`GBNF: rule "${name}" is used but never defined`);
  }
  const start = p.symbolIds.get(startRule);
  if (start === undefined) throw new Error(`GBNF: no start rule "${startRule}"`);
  return { rules: p.rules, symbolIds: p.symbolIds, startRule: start };
}

/** Total elements over all rules (for the native buffer). */
export function elementCount(g: CompiledGrammar): number {
  return g.rules.reduce((n, r) => n + r.length, 0);
}
