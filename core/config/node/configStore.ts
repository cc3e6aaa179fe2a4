import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeZodError } from '../../base/common/zodError.js';
import { configSchema, defaultConfig, envPatch, mergeConfig, type Config } from '../common/configSchema.js';
import { patchPaths, pathsOverlap, valueAt } from '../common/settingsEffects.js';

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

/**
 * Config file + STRATUS_* environment, validated by the one schema. A file that is not JSON or
 * fails validation is moved aside to `config.json.bad-<timestamp>` and defaults are used, with a
 * warning for the overlay and the log; nothing the user wrote is deleted.
 */
export class ConfigStore {
  private current: Config = defaultConfig();
  private fileConfig: unknown = {};
  private envOverrides: Record<string, unknown> = {};
  private writeChain: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get config(): Config {
    return this.current;
  }

  async load(): Promise<LoadedConfig> {
    const warnings: ConfigWarning[] = [];
    this.fileConfig = {};
    if (existsSync(this.path)) {
      const text = await readFile(this.path, 'utf8');
      let parsed: unknown;
      let problem: string | undefined;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        problem = `not valid JSON (${(e as Error).message})`;
      }
      if (!problem) {
        const result = configSchema.safeParse(parsed);
        if (result.success) this.fileConfig = parsed;
        else problem = describeZodError(result.error);
      }
      if (problem) {
        const aside = `${this.path}.bad-${this.now().toISOString().replace(/[:.]/g, '-')}`;
        await rename(this.path, aside);
        warnings.push({
          id: 'config-invalid',
          level: 'warning',
          message: `Config file was invalid (${problem}); kept it as ${aside} and started with defaults.`,
        });
      }
    }
    const { patch, unknown } = envPatch(this.env);
    for (const name of unknown) {
      warnings.push({ id: `env-unknown-${name}`, level: 'warning', message: `Ignored ${name}: no such setting.` });
    }
    const merged = mergeConfig(this.fileConfig, patch);
    const result = configSchema.safeParse(merged);
    if (result.success) {
      this.envOverrides = patch;
      this.current = result.data;
    } else {
      warnings.push({
        id: 'env-invalid',
        level: 'warning',
        message: `Ignored STRATUS_* settings: ${describeZodError(result.error)}`,
      });
      this.envOverrides = {};
      this.current = configSchema.parse(this.fileConfig);
    }
    return { config: this.current, warnings };
  }

  /**
   * Validates a partial patch against the schema; on success saves it atomically and returns
   * the new config, else throws with the reason and changes nothing.
   */
  async update(patch: unknown): Promise<Config> {
    const nextFile = mergeConfig(this.fileConfig, patch);
    const fileResult = configSchema.safeParse(nextFile);
    if (!fileResult.success) throw new ConfigError(describeZodError(fileResult.error));
    const effective = configSchema.parse(mergeConfig(nextFile, this.envOverrides));
    this.fileConfig = nextFile;
    this.current = effective;
    await this.save(nextFile);
    return effective;
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

  /** Resets the file to defaults (environment overrides still apply). */
  async reset(): Promise<Config> {
    this.fileConfig = {};
    this.current = configSchema.parse(mergeConfig({}, this.envOverrides));
    await this.save(defaultConfig());
    return this.current;
  }

  private save(value: unknown): Promise<void> {
    const run = async (): Promise<void> => {
      await writeFileAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`);
    };
    this.writeChain = this.writeChain.then(run, run);
    return this.writeChain;
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Writes via a temp file in the same folder, fsync, then rename: readers see old or new, never half. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

