import { existsSync } from 'node:fs';
import { copyFile, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeZodError } from '../../base/common/zodError.js';
import { repairConfig } from '../common/configRepair.js';
import { configSchema, defaultConfig, envPatch, mergeConfig, type Config } from '../common/configSchema.js';
import { apiKeyProblem, LLM_API_KEY_SECRET, type SecretVault } from '../common/secrets.js';
import { patchPaths, pathsOverlap, valueAt } from '../common/settingsEffects.js';
import { removeStaleTemps, writeFileAtomic } from './atomicWrite.js';

export { writeFileAtomic } from './atomicWrite.js';

/** The user's config folder: %APPDATA%\Stratus, ~/Library/Application Support/Stratus, $XDG_CONFIG_HOME/stratus. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.STRATUS_HOME) return env.STRATUS_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Stratus');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Stratus');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'stratus');
}

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.STRATUS_CONFIG ?? join(userConfigDir(env), 'config.json');
}

/** A problem with the config file or environment, in the shape of the contract's warnings (config sits below api). */
export interface ConfigWarning {
  id: string;
  level: 'warning';
  message: string;
}

export interface LoadedConfig {
  config: Config;
  warnings: ConfigWarning[];
}

export interface ConfigStoreOptions {
  /** Where `llm.apiKey` goes (never into the file); without one, a key in an update is refused. */
  secrets?: SecretVault;
  /** Writes the file (writeFileAtomic); tests inject a failing one to stand for a read-only folder. */
  write?: (path: string, data: string) => Promise<void>;
}

/**
 * Config file + STRATUS_* environment, validated by the one schema. A file with invalid or
 * unknown settings keeps every valid one: the offending ones go back to their defaults, the
 * original is kept as `config.json.bad-<timestamp>`, and a warning names them. A key found in the
 * file (`llm.apiKey`, written by older versions) moves to the secret store. Nothing the user wrote is deleted.
 */
export class ConfigStore {
  private current: Config = defaultConfig();
  private fileConfig: Record<string, unknown> = {};
  private envOverrides: Record<string, unknown> = {};
  private writeChain: Promise<void> = Promise.resolve();
  private apiKeySet = false;
  private readonly secrets: SecretVault | undefined;
  private readonly write: (path: string, data: string) => Promise<void>;

  constructor(
    readonly path: string,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly now: () => Date = () => new Date(),
    options: ConfigStoreOptions = {},
  ) {
    this.secrets = options.secrets;
    this.write = options.write ?? ((p, d) => writeFileAtomic(p, d));
  }

  get config(): Config {
    return this.current;
  }

  /** Where secrets are kept in this run, in words (for warnings and the settings window). */
  get secretsWhere(): string | undefined {
    return this.secrets?.where;
  }

  async load(): Promise<LoadedConfig> {
    const warnings: ConfigWarning[] = [];
    this.fileConfig = {};
    await removeStaleTemps(this.path);
    if (existsSync(this.path)) this.fileConfig = await this.readFile(warnings);
    if (this.secrets) {
      try {
        this.apiKeySet = (await this.secrets.get(LLM_API_KEY_SECRET)) !== undefined;
      } catch (e) {
        warnings.push({ id: 'secrets-unreadable', level: 'warning', message: `Could not read the stored API key (${this.secrets.where}): ${(e as Error).message}` });
      }
    }
    const { patch, unknown } = envPatch(this.env);
    for (const name of unknown) {
      warnings.push({ id: `env-unknown-${name}`, level: 'warning', message: `Ignored ${name}: no such setting.` });
    }
    const result = configSchema.safeParse(mergeConfig(this.fileConfig, patch));
    if (result.success) {
      this.envOverrides = patch;
      this.current = this.withSecrets(result.data);
    } else {
      warnings.push({ id: 'env-invalid', level: 'warning', message: `Ignored STRATUS_* settings: ${describeZodError(result.error)}` });
      this.envOverrides = {};
      this.current = this.withSecrets(configSchema.parse(this.fileConfig));
    }
    return { config: this.current, warnings };
  }

  /** The file's settings with the invalid ones dropped (warned about), the original kept aside when anything was dropped. */
  private async readFile(warnings: ConfigWarning[]): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      warnings.push({ id: 'config-unreadable', level: 'warning', message: `Could not read ${this.path} (${(e as Error).message}); started with defaults.` });
      return {};
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      const aside = await this.keepAside(true);
      warnings.push({ id: 'config-invalid', level: 'warning', message: `Config file was not valid JSON (${(e as Error).message}); ${aside} Started with defaults.` });
      return {};
    }
    let rewrite = false;
    const moved = await this.moveKeyToSecrets(parsed, warnings);
    if (moved) rewrite = true;
    const { kept, dropped } = repairConfig(configSchema, stripDerived(parsed));
    if (dropped.length) {
      const aside = await this.keepAside(false);
      const names = dropped.map((d) => `${d.path} (${d.reason})`).join('; ');
      warnings.push({
        id: 'config-invalid',
        level: 'warning',
        message: `Config file had settings that cannot be used, back at their defaults: ${names}. Every other setting was kept; ${aside}`,
      });
      rewrite = true;
    }
    const keep = kept as Record<string, unknown>;
    if (rewrite) {
      await this.write(this.path, `${JSON.stringify(keep, null, 2)}\n`).catch((e: unknown) =>
        warnings.push({ id: 'config-not-rewritten', level: 'warning', message: `Could not rewrite ${this.path} (${saveProblem(e, this.path)}); this run uses the repaired settings.` }),
      );
    }
    return keep;
  }

  /** Copies (or, for a file that is no use at all, moves) the original aside; the sentence says where, or why not. */
  private async keepAside(move: boolean): Promise<string> {
    const aside = `${this.path}.bad-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      if (move) await rename(this.path, aside);
      else await copyFile(this.path, aside);
      return `the original is kept as ${aside}.`;
    } catch (e) {
      return `the file could not be moved aside (${saveProblem(e, this.path)}) and is left as it is.`;
    }
  }

  /** An `llm.apiKey` in the file goes to the secret store and out of the file. Returns whether the file changed. */
  private async moveKeyToSecrets(parsed: unknown, warnings: ConfigWarning[]): Promise<boolean> {
    const llm = isPlainObject(parsed) ? parsed.llm : undefined;
    if (!isPlainObject(llm) || !('apiKey' in llm)) return false;
    const key = llm.apiKey;
    delete llm.apiKey;
    if (typeof key !== 'string' || key === '' || apiKeyProblem(key)) return true;
    if (!this.secrets) {
      warnings.push({ id: 'secrets-moved', level: 'warning', message: 'The settings file held an API key in plain text; it was removed (no secret store in this run): enter it again in Settings.' });
      return true;
    }
    try {
      await this.secrets.set(LLM_API_KEY_SECRET, key);
      warnings.push({ id: 'secrets-moved', level: 'warning', message: `The API key was in the settings file in plain text; it is now kept in ${this.secrets.where} and removed from the settings file.` });
    } catch (e) {
      warnings.push({ id: 'secrets-moved', level: 'warning', message: `The settings file held an API key in plain text that could not be moved to ${this.secrets.where} (${(e as Error).message}); it was removed from the settings: enter it again.` });
    }
    return true;
  }

  /**
   * Validates a partial patch against the schema; on success saves it (and `llm.apiKey` to the
   * secret store) and only then applies it, returning the new config. An invalid patch throws
   * ConfigError, one that cannot be saved ConfigSaveError; either way nothing changes.
   */
  async update(patch: unknown): Promise<Config> {
    const { rest, apiKey } = takeApiKey(patch);
    if (apiKey !== undefined) {
      const problem = apiKeyProblem(apiKey);
      if (problem) throw new ConfigError(problem);
      if (!this.secrets) throw new ConfigError('llm.apiKey: this run has no secret store to keep a key in');
    }
    const nextFile = mergeConfig(this.fileConfig, rest);
    const fileResult = configSchema.safeParse(nextFile);
    if (!fileResult.success) throw new ConfigError(describeZodError(fileResult.error));
    const pruned = pruneTo(nextFile, fileResult.data) as Record<string, unknown>;
    const effective = configSchema.parse(mergeConfig(pruned, this.envOverrides));
    if (apiKey !== undefined) {
      try {
        await this.secrets!.set(LLM_API_KEY_SECRET, typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined);
      } catch (e) {
        throw new ConfigSaveError(`could not save the API key (${this.secrets!.where}): ${saveProblem(e, this.path)}`, { cause: e });
      }
      this.apiKeySet = typeof apiKey === 'string' && apiKey !== '';
    }
    await this.save(pruned);
    this.fileConfig = pruned;
    this.current = this.withSecrets(effective);
    return this.current;
  }

  /**
   * The settings in `patch` that a STRATUS_* variable holds for this run at another value (dotted
   * paths): saved to the file, but not what the running app uses.
   */
  heldByEnvironment(patch: unknown): string[] {
    const held = patchPaths(this.envOverrides);
    return patchPaths(patch).filter(
      (p) => held.some((h) => pathsOverlap(p, h)) && JSON.stringify(valueAt(patch, p)) !== JSON.stringify(valueAt(this.current, p)),
    );
  }

  /** Resets the file to defaults (environment overrides still apply; a stored key stays). */
  async reset(): Promise<Config> {
    await this.save(stripDerived(defaultConfig()));
    this.fileConfig = {};
    this.current = this.withSecrets(configSchema.parse(mergeConfig({}, this.envOverrides)));
    return this.current;
  }

  private withSecrets(config: Config): Config {
    return { ...config, llm: { ...config.llm, apiKeySet: this.apiKeySet } };
  }

  private save(value: unknown): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        await this.write(this.path, `${JSON.stringify(value, null, 2)}\n`);
      } catch (e) {
        throw new ConfigSaveError(`could not save settings: ${saveProblem(e, this.path)}`, { cause: e });
      }
    };
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }
}

/** The settings are invalid: the caller's mistake (HTTP 400). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Valid settings that could not be saved (a read-only or full folder): nothing was applied (HTTP 503). */
export class ConfigSaveError extends Error {
  override readonly name = 'ConfigSaveError';
}

/** A file-system error in words: "/home/p/.config/stratus is read-only". */
function saveProblem(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const folder = dirname(path);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return `${folder} is read-only (${code})`;
  if (code === 'ENOSPC') return `the disk holding ${folder} is full`;
  return `${basename(path)} in ${folder}: ${(e as Error).message}`;
}

/** Splits `llm.apiKey` off a patch; `llm.apiKeySet` (derived, read-only) is dropped. */
function takeApiKey(patch: unknown): { rest: unknown; apiKey: unknown } {
  if (!isPlainObject(patch) || !isPlainObject(patch.llm)) return { rest: patch, apiKey: undefined };
  const { apiKey, apiKeySet: _derived, ...llm } = patch.llm;
  const rest = { ...patch, llm };
  return { rest, apiKey };
}

/** A file's contents without the derived `llm.apiKeySet`. */
function stripDerived(value: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(value.llm) || !('apiKeySet' in value.llm)) return value;
  const { apiKeySet: _derived, ...llm } = value.llm;
  return { ...value, llm };
}

/** `value` with only the keys the parsed settings kept (unknown nested keys, which zod strips, are not saved). */
function pruneTo(value: unknown, parsed: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(parsed)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (Object.hasOwn(parsed, k)) out[k] = pruneTo(v, parsed[k]);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
