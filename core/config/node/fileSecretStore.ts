import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretVault } from '../common/secrets.js';
import { writeFileAtomic } from './atomicWrite.js';

/** Only the user may read or write the secrets file. */
const SECRET_FILE_MODE = 0o600;

/**
 * How stored values are encoded. The headless host stores them as they are (the file's 0600 mode
 * is the protection); the desktop app encrypts with the OS keychain (electron/main/secrets.ts).
 */
export interface SecretCodec {
  encode(plain: string): string;
  decode(stored: string): string;
  /** How the file is protected, in words ("encrypted with the OS keychain (Electron safeStorage)"). */
  readonly protection: string;
}

export const plainCodec: SecretCodec = {
  encode: (plain) => plain,
  decode: (stored) => stored,
  protection: 'a file only your user account can read (mode 0600), not encrypted',
};

/** The secrets file in the user's config folder. */
export function defaultSecretsPath(configDir: string): string {
  return join(configDir, 'secrets.json');
}

/**
 * Secrets in one JSON file `{ name: encoded value }`, written atomically with mode 0600 (and
 * put back to 0600 when found looser). Never part of config.json.
 */
export class FileSecretStore implements SecretVault {
  readonly where: string;

  constructor(
    readonly path: string,
    private readonly codec: SecretCodec = plainCodec,
  ) {
    this.where = `${codec.protection}: ${path}`;
  }

  async get(name: string): Promise<string | undefined> {
    const stored = (await this.readAll())[name];
    return stored === undefined ? undefined : this.codec.decode(stored);
  }

  async set(name: string, value: string | undefined): Promise<void> {
    const all = await this.readAll();
    if (value === undefined || value === '') delete all[name];
    else all[name] = this.codec.encode(value);
    await writeFileAtomic(this.path, `${JSON.stringify(all, null, 2)}\n`, SECRET_FILE_MODE);
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    if (process.platform !== 'win32') {
      const { mode } = await stat(this.path);
      if ((mode & 0o077) !== 0) await chmod(this.path, SECRET_FILE_MODE).catch(() => undefined);
    }
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${this.path} is not a JSON object`);
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
}
