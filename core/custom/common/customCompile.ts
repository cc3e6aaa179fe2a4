import { describeZodError } from '../../base/common/zodError.js';
import type { Rule, RuleContext } from '../../intent/common/commandRules.js';
import { compileGrammar, type CompiledGrammar } from '../../intent/common/grammar.js';
import type { Intent } from '../../intent/common/intents.js';
import { isFiller, normalise } from '../../intent/common/lexicon.js';
import { bestMatch } from '../../intent/common/matcher.js';
import { speakDigits } from '../../intent/common/spokenNumbers.js';
import { parsePhrase, type Seq } from '../../intent/common/templateDsl.js';
import { customStepSchema, customTargets, type CustomActions, type CustomStep, type CustomTarget } from '../../sim/common/customWrite.js';
import type { CustomCommand } from './customFormat.js';

/**
 * A pilot's own commands turned into grammar rules (core/intent's Rule), so the parser, the
 * pocketsphinx JSGF and the whisper prompt take them exactly as they take the built-in ones.
 * Everything is checked here, with a reason the pilot can act on: the phrase notation, slots,
 * every step with the values put in, and that no phrase is already a built-in (or another) command.
 */

export interface CustomProblem {
  id: string;
  reason: string;
}

export interface CompiledCustom {
  rules: Rule[];
  /** The commands that passed, in file order. */
  accepted: CustomCommand[];
  problems: CustomProblem[];
}

/** Examples tried per phrase for collisions: every optional/alternative path up to this many. */
const MAX_EXAMPLES = 64;
/** Step keys each target's list may hold (a dataref means nothing to FlightGear). */
const ALLOWED: Readonly<Record<CustomTarget, readonly string[]>> = {
  xplane: ['dataref', 'command', 'key', 'wait'],
  msfs: ['event', 'key', 'wait'],
  flightgear: ['property', 'key', 'wait'],
  demo: ['demo', 'key', 'wait'],
  any: ['key', 'wait'],
};
const SLOT = /\{([^{}]*)\}/g;

type SlotKind = { kind: 'number'; name: string } | { kind: 'choice'; name: string; words: string[] };

function slotsOf(cmd: CustomCommand): SlotKind[] {
  const out: SlotKind[] = [];
  for (const m of cmd.phrase.matchAll(SLOT)) {
    const name = m[1]!.trim();
    if (cmd.numbers?.[name]) out.push({ kind: 'number', name });
    else if (cmd.choices?.[name]) out.push({ kind: 'choice', name, words: Object.keys(cmd.choices[name]) });
    else if (name.includes('|')) {
      const words = name.split('|').map((w) => w.trim());
      throw new Error(`name the choice and give each word its value: {state} in the phrase, and choices: { state: { ${words.map((w, i) => `${w}: ${i === 0 ? 1 : 0}`).join(', ')} } }`);
    } else throw new Error(`the phrase names {${name}}, which is not declared under numbers or choices`);
  }
  const names = out.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error('a slot is named twice in the phrase');
  for (const declared of [...Object.keys(cmd.numbers ?? {}), ...Object.keys(cmd.choices ?? {})]) {
    if (!names.includes(declared)) throw new Error(`{${declared}} is declared but not in the phrase`);
  }
  if (out.filter((s) => s.kind === 'number').length > 1) throw new Error('a phrase may have one number slot');
  if (out.filter((s) => s.kind === 'choice').length > 1) throw new Error('a phrase may have one choice slot');
  for (const s of out) if (s.kind === 'choice' && (s.words.length === 0 || s.words.length > 8)) throw new Error(`{${s.name}} needs 1 to 8 choices`);
  return out;
}

type Values = Record<string, number | boolean | 'toggle'>;

function substitute(v: unknown, values: Values): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\{([a-zA-Z0-9]+)\}$/.exec(v);
  if (!m) return v;
  if (!(m[1]! in values)) throw new Error(`"${v}" names no slot of the phrase`);
  return values[m[1]!];
}

/** The steps per target with the values put in; throws with the reason when one is wrong for its use. */
export function resolveActions(cmd: CustomCommand, values: Values): CustomActions {
  const out: CustomActions = {};
  for (const target of customTargets) {
    const list = cmd.actions[target];
    if (!list) continue;
    out[target] = list.map((raw, i): CustomStep => {
      const where = `actions.${target}[${i}]`;
      const kind = Object.keys(raw).find((k) => k !== 'value') ?? 'value';
      if (!ALLOWED[target].includes(kind)) throw new Error(`${where}: a ${kind} step does not belong under ${target} (there: ${ALLOWED[target].join(', ')})`);
      const filled = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, substitute(v, values)]));
      const r = customStepSchema.safeParse(filled);
      if (!r.success) throw new Error(`${where}: ${describeZodError(r.error)}`);
      return r.data;
    });
  }
  return out;
}

/**
 * The phrase in grammar notation for one choice: {number slot} -> <number>, {choice} -> the word,
 * and filler words ("the", "please") optional, as the parser drops them from what is said anyway.
 */
function grammarPhrase(cmd: CustomCommand, choice: string | undefined): string {
  return cmd.phrase
    .replace(SLOT, (_m, name: string) => (cmd.numbers?.[name.trim()] ? '<number>' : (choice ?? '')))
    .replace(/(?<![<\w'])[a-z']+(?![>\w'])/g, (w) => (isFiller(w) ? `[${w}]` : w));
}

/** Example utterances of a phrase: each path through optional words and alternatives (capped). */
function examples(seq: Seq, numberWords: string): string[] {
  let acc: string[][] = [[]];
  for (const n of seq) {
    if (n.t === 'w') acc = acc.map((a) => [...a, n.w]);
    else if (n.t === 'r') acc = acc.map((a) => [...a, numberWords]);
    else {
      const alts = n.alts.flatMap((alt) => examples(alt, numberWords));
      if (n.opt) alts.push('');
      acc = acc.flatMap((a) => alts.map((x) => (x ? [...a, x] : a))).slice(0, MAX_EXAMPLES);
    }
  }
  return acc.map((a) => a.join(' '));
}

function speakValue(n: number): string {
  return n < 0 ? `minus ${speakDigits(-n)}` : speakDigits(n);
}

/** The readback: the reply template (or the phrase's plain path) with the values said. */
function replyFor(cmd: CustomCommand, choice: string | undefined, said: number | undefined): string {
  const numberName = Object.keys(cmd.numbers ?? {})[0];
  const fill = (s: string): string => s.replace(SLOT, (_m, name: string) => (name.trim() === numberName ? (said === undefined ? '' : speakValue(said)) : (choice ?? '')));
  if (cmd.reply) return fill(cmd.reply).replace(/\s+/g, ' ').trim();
  const seq = parsePhrase(grammarPhrase(cmd, choice));
  return examples(seq, said === undefined ? '' : speakValue(said))[0]!.replace(/\s+/g, ' ').trim();
}

function buildIntent(cmd: CustomCommand, choice: string | undefined, said: number | undefined, ctx: RuleContext): Intent {
  if (cmd.aircraft !== 'any' && ctx.profile?.id !== cmd.aircraft) {
    return { kind: 'invalid', code: 'customAircraft', reason: `${cmd.id} is for ${cmd.aircraft}`, spoken: `unable, that command is for the ${cmd.aircraft} profile` };
  }
  const values: Values = {};
  const [numberName, range] = Object.entries(cmd.numbers ?? {})[0] ?? [];
  if (numberName && range) {
    if (said === undefined) return { kind: 'invalid', code: 'noValue', reason: 'value not understood', spoken: 'say again the value' };
    if (said < range.min || said > range.max) {
      return { kind: 'invalid', code: 'customRange', reason: `${cmd.id} takes ${range.min} to ${range.max}`, spoken: `unable, say ${speakValue(range.min)} to ${speakValue(range.max)}` };
    }
    values[numberName] = range.divide ? said / range.divide : said;
  }
  const [choiceName, options] = Object.entries(cmd.choices ?? {})[0] ?? [];
  if (choiceName && options && choice !== undefined) values[choiceName] = options[choice]!;
  try {
    return { kind: 'custom', id: cmd.id, say: replyFor(cmd, choice, said), confirm: cmd.confirm, actions: resolveActions(cmd, values) };
  } catch (e) {
    // Checked at load for every choice and both ends of the range; a value between cannot fail, but never throw from a parse.
    return { kind: 'invalid', code: 'customStep', reason: (e as Error).message, spoken: 'unable, that command cannot be sent' };
  }
}

/** Checks one command against the built-ins and the commands before it; its rules, or throws the reason. */
function compileOne(cmd: CustomCommand, taken: CompiledGrammar[]): Rule[] {
  const slots = slotsOf(cmd);
  const choice = slots.find((s): s is Extract<SlotKind, { kind: 'choice' }> => s.kind === 'choice');
  const numberName = slots.find((s) => s.kind === 'number')?.name;
  const range = numberName ? cmd.numbers![numberName]! : undefined;
  // Every step, with every choice and both ends of the range put in, must be valid for its use.
  for (const word of choice?.words ?? [undefined]) {
    for (const said of range ? [range.min, range.max] : [undefined]) {
      const values: Values = {};
      if (numberName && range && said !== undefined) values[numberName] = range.divide ? said / range.divide : said;
      if (choice && word !== undefined) values[choice.name] = cmd.choices![choice.name]![word]!;
      resolveActions(cmd, values);
    }
  }
  const rules: Rule[] = (choice?.words ?? [undefined]).map((word) => ({
    id: `custom.${cmd.id}${word ? `.${word}` : ''}`,
    phrases: [grammarPhrase(cmd, word)],
    build: (v, ctx) => buildIntent(cmd, word, v.number, ctx),
  }));
  let own: CompiledGrammar;
  try {
    own = compileGrammar(rules);
  } catch (e) {
    throw new Error(`phrase "${cmd.phrase}": ${(e as Error).message.replace(/ in ".*"$/, '')}`, { cause: e });
  }
  for (const p of own.phrases) if (p.minTokens === 0) throw new Error(`phrase "${cmd.phrase}" can be said with no words`);
  const numberWords = range ? speakValue(range.min) : '';
  for (const rule of rules) {
    for (const text of examples(parsePhrase(rule.phrases[0]!), numberWords)) {
      const { tokens } = normalise(text);
      for (const g of taken) {
        const m = tokens.length > 0 ? bestMatch(g, tokens) : undefined;
        if (m) {
          const other = m.phrase.rule.id.startsWith('custom.') ? `your command ${m.phrase.rule.id.split('.')[1]}` : `the built-in command "${m.phrase.source}"`;
          throw new Error(`"${text}" is already ${other}`);
        }
      }
    }
  }
  return rules;
}

/**
 * Compiles the commands in order; one that fails is left out with its reason (the others still
 * work). `builtIn` is the grammar the phrases must not collide with.
 */
export function compileCustom(commands: readonly CustomCommand[], builtIn: CompiledGrammar): CompiledCustom {
  const rules: Rule[] = [];
  const accepted: CustomCommand[] = [];
  const problems: CustomProblem[] = [];
  const taken: CompiledGrammar[] = [builtIn];
  const ids = new Set<string>();
  for (const cmd of commands) {
    try {
      if (ids.has(cmd.id)) throw new Error('the id is used twice');
      const own = compileOne(cmd, taken);
      taken.push(compileGrammar(own));
      rules.push(...own);
      accepted.push(cmd);
      ids.add(cmd.id);
    } catch (e) {
      problems.push({ id: cmd.id, reason: (e as Error).message });
    }
  }
  return { rules, accepted, problems };
}
