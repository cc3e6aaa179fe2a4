import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describeZodError } from '../../base/common/zodError.js';
import { Emitter } from '../../base/common/emitter.js';
import { assetsDir } from '../../config/node/paths.js';
import { writeFileAtomic } from '../../config/node/atomicWrite.js';
import type { Rule } from '../../intent/common/commandRules.js';
import { allRules, compileGrammar, defaultGrammar, type CompiledGrammar } from '../../intent/common/grammar.js';
import { isSpeakable, WORDS_NOT_IN_CMUDICT } from '../../intent/common/grammarExport.js';
import { canonicalWord } from '../../intent/common/lexicon.js';
import { allWords, parsePhrase } from '../../intent/common/templateDsl.js';
import { loadDictionaryWords } from '../../intent/node/cmuDict.js';
import { compileCustom, type CustomProblem } from '../common/customCompile.js';
import { CUSTOM_FORMAT_VERSION, customCommandSchema, customFileSchema, type CustomCommand } from '../common/customFormat.js';

/** The pilot's own commands, in the user's config folder (beside config.json). */
export const CUSTOM_FILE_NAME = 'custom-commands.yaml';
/** Largest commands file read: 200 commands are well under this; anything bigger is not ours. */
export const MAX_CUSTOM_FILE_BYTES = 512 * 1024;

/** The shipped examples (landing lights, parking brake, pause for each sim), loaded as defaults. */
export function defaultCustomDir(): string {
  return path.join(assetsDir(), 'custom-commands');
}

export type CommandSource = 'shipped' | 'user';
export interface ListedCommand {
  command: CustomCommand;
  source: CommandSource;
}
export interface CustomListing {
  commands: ListedCommand[];
  /** Commands left out, with why (the file keeps them: nothing is lost). */
  problems: Array<CustomProblem & { source: CommandSource | 'file' }>;
  /** Commands in use that pocketsphinx cannot hear in full (words not in its dictionary): whisper still can. */
  warnings: CustomProblem[];
  file: string;
}
export type SaveResult = { ok: true } | { ok: false; problems: CustomProblem[] };

/** A YAML or JSON commands file as text -> its commands, or the reason it cannot be used. */
export function parseCommandsText(text: string): { commands: CustomCommand[] } | { error: string } {
  if (text.length > MAX_CUSTOM_FILE_BYTES) return { error: `the file is over ${MAX_CUSTOM_FILE_BYTES / 1024} KiB` };
  let raw: unknown;
  try {
    raw = text.trim() === '' ? { version: CUSTOM_FORMAT_VERSION, commands: [] } : parseYaml(text, { maxAliasCount: 0 });
  } catch (e) {
    return { error: `not YAML or JSON: ${(e as Error).message.split('\n')[0]!}` };
  }
  const r = customFileSchema.safeParse(raw);
  return r.success ? { commands: r.data.commands } : { error: describeZodError(r.error) };
}

export function commandsToYaml(commands: readonly CustomCommand[]): string {
  return stringifyYaml({ version: CUSTOM_FORMAT_VERSION, commands });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Loads the shipped examples and the user's file, compiles them against the built-in grammar and
 * keeps the grammar the parser and recognisers use. A user command with a shipped command's id
 * replaces it. Changes are validated whole before anything is written; a listener hears each one
 * (the engine rebuilds the recogniser's grammar from it, without a restart).
 */
export class CustomCommandStore {
  private shipped: CustomCommand[] = [];
  private user: CustomCommand[] = [];
  /** Why the user's file could not be read, if it could not: then it is never overwritten. */
  private fileError: string | undefined;
  private compiled: { rules: Rule[]; grammar: CompiledGrammar; listing: CustomListing } | undefined;
  private readonly changes = new Emitter<void>();
  /** pocketsphinx's dictionary, when installed: a grammar word it lacks would stop it loading the grammar. */
  private dictionary: ReadonlySet<string> | undefined;

  constructor(
    readonly userFile: string,
    private readonly shippedDir: string = defaultCustomDir(),
  ) {}

  /** Whether pocketsphinx can say a word (its dictionary when installed, else the built-in list). */
  readonly isKnownWord = (w: string): boolean => !WORDS_NOT_IN_CMUDICT.has(w) && (this.dictionary?.has(w) ?? true);

  /**
   * Reads pocketsphinx's dictionary (a quarter of a second): before the recogniser's grammar is
   * built, so a word it lacks leaves that alternative out instead of failing the grammar.
   */
  async loadDictionary(): Promise<void> {
    if (this.dictionary) return;
    this.dictionary = await loadDictionaryWords().catch(() => undefined);
    this.compiled = undefined;
  }

  async load(): Promise<string[]> {
    const warnings: string[] = [];
    this.shipped = [];
    for (const name of (await readdir(this.shippedDir).catch(() => [])).filter((n) => /\.(ya?ml|json)$/.test(n)).sort()) {
      const r = parseCommandsText(await readFile(path.join(this.shippedDir, name), 'utf8'));
      if ('error' in r) warnings.push(`custom commands ${name}: ${r.error}`);
      else this.shipped.push(...r.commands);
    }
    this.user = [];
    this.fileError = undefined;
    const text = await readText(this.userFile).catch((e: Error) => {
      this.fileError = e.message;
      return undefined;
    });
    if (text !== undefined) {
      const r = parseCommandsText(text);
      if ('error' in r) this.fileError = r.error;
      else this.user = r.commands;
    }
    if (this.fileError) warnings.push(`custom commands in ${this.userFile} are not used: ${this.fileError} (the file is kept as it is)`);
    this.compiled = undefined;
    for (const p of this.listing().problems) warnings.push(`custom command ${p.id} is not used: ${p.reason}`);
    return warnings;
  }

  private compile(user: readonly CustomCommand[]): { rules: Rule[]; grammar: CompiledGrammar; listing: CustomListing } {
    const ids = new Set(user.map((c) => c.id));
    const shipped = this.shipped.filter((c) => !ids.has(c.id));
    const r = compileCustom([...user, ...shipped], defaultGrammar());
    const userIds = new Set(user.map((c) => c.id));
    const problems: CustomListing['problems'] = r.problems.map((p) => ({ ...p, source: userIds.has(p.id) ? 'user' : 'shipped' }));
    if (this.fileError) problems.unshift({ id: '*', reason: this.fileError, source: 'file' });
    const commands = r.accepted.map((command): ListedCommand => ({ command, source: userIds.has(command.id) ? 'user' : 'shipped' }));
    const warnings: CustomProblem[] = [];
    for (const rule of r.rules) {
      const words = new Set<string>();
      for (const p of rule.phrases) allWords(parsePhrase(p), words);
      const unheard = [...words].filter((w) => !this.isKnownWord(w) && !(isSpeakable(w) && canonicalWord(w).split(' ').every(this.isKnownWord)));
      const id = rule.id.split('.')[1]!;
      if (unheard.length > 0 && !warnings.some((x) => x.id === id)) warnings.push({ id, reason: `pocketsphinx cannot hear ${unheard.map((w) => `"${w}"`).join(', ')} (not in its dictionary): that way of saying it works with whisper only` });
    }
    return { rules: r.rules, grammar: compileGrammar([...allRules, ...r.rules]), listing: { commands, problems, warnings, file: this.userFile } };
  }

  private current(): NonNullable<CustomCommandStore['compiled']> {
    this.compiled ??= this.compile(this.user);
    return this.compiled;
  }

  listing(): CustomListing {
    return this.current().listing;
  }
  /** The parser's grammar: built-in rules, then these. */
  grammar(): CompiledGrammar {
    return this.current().grammar;
  }
  /** Rules for the recogniser exports (JSGF, GBNF, whisper prompt). */
  rules(): readonly Rule[] {
    return [...allRules, ...this.current().rules];
  }
  userCommands(): readonly CustomCommand[] {
    return this.user;
  }
  onChange(listener: () => void): () => void {
    return this.changes.on(listener);
  }

  /** Replaces the user's commands: all of them must be valid (else nothing is written, with the reasons). */
  async save(commands: readonly CustomCommand[]): Promise<SaveResult> {
    if (this.fileError) return { ok: false, problems: [{ id: '*', reason: `${this.userFile} has errors and is kept as it is: ${this.fileError}; fix or move it first` }] };
    const compiled = this.compile(commands);
    const ids = new Set(commands.map((c) => c.id));
    const mine = compiled.listing.problems.filter((p) => ids.has(p.id) && p.source === 'user');
    if (mine.length > 0) return { ok: false, problems: mine };
    await writeFileAtomic(this.userFile, commandsToYaml(commands));
    this.user = [...commands];
    this.compiled = compiled;
    this.changes.emit();
    return { ok: true };
  }

  /** Adds a command, or replaces the user's command with its id. */
  async put(input: unknown): Promise<SaveResult> {
    const r = customCommandSchema.safeParse(input);
    if (!r.success) return { ok: false, problems: [{ id: typeof (input as { id?: unknown })?.id === 'string' ? (input as { id: string }).id : '?', reason: describeZodError(r.error) }] };
    const next = this.user.filter((c) => c.id !== r.data.id);
    return this.save([...next, r.data]);
  }

  async remove(id: string): Promise<SaveResult> {
    if (!this.user.some((c) => c.id === id)) return { ok: false, problems: [{ id, reason: this.shipped.some((c) => c.id === id) ? 'a shipped example cannot be deleted: add your own with its id to replace it' : 'no such command' }] };
    return this.save(this.user.filter((c) => c.id !== id));
  }

  /** Imports a shared file's text: its commands are added (same id: replaced). All or nothing. */
  async importText(text: string): Promise<SaveResult & { added?: number }> {
    const r = parseCommandsText(text);
    if ('error' in r) return { ok: false, problems: [{ id: '*', reason: r.error }] };
    const ids = new Set(r.commands.map((c) => c.id));
    const saved = await this.save([...this.user.filter((c) => !ids.has(c.id)), ...r.commands]);
    return saved.ok ? { ...saved, added: r.commands.length } : saved;
  }

  /** The user's commands (or every command in use, with `all`) as a shareable file. */
  exportText(all = false): string {
    return commandsToYaml(all ? this.listing().commands.map((c) => c.command) : this.user);
  }
}
