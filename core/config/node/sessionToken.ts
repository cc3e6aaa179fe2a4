import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { lstat, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomicWrite.js';

/** Only the user may read or write the token file: the token opens the whole API. */
export const TOKEN_FILE_MODE = 0o600;
/** 24 random bytes: 192 bits, written as 32 base64url characters. */
const TOKEN_BYTES = 24;
/** What a stored token must look like; anything else is a corrupt file and is replaced. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;
/** The file's name in the user's config folder (beside config.json). */
export const SESSION_TOKEN_FILE = 'session-token';

/** The token file for a config file: beside it, in the same (the user's) config folder. */
export function sessionTokenPath(configPath: string): string {
  return join(dirname(configPath), SESSION_TOKEN_FILE);
}

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export interface LoadedToken {
  token: string;
  /** Set when the file was missing: a new token was made (first run). */
  created: boolean;
  /** Set when the file was replaced because it was unsafe or corrupt: say so where the pilot sees it. */
  warning?: string;
}

/** Why a token file cannot be trusted, or null when it can. Pure over what lstat and the read gave. */
export function tokenFileProblem(st: { mode: number; uid: number; isFile: boolean }, text: string, ownUid: number | null): string | null {
  if (!st.isFile) return 'is not a regular file';
  if (ownUid !== null && st.uid !== ownUid) return `belongs to another user (uid ${st.uid})`;
  if (ownUid !== null && (st.mode & 0o077) !== 0) return `could be read by other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, expected 0600)`;
  if (!TOKEN_PATTERN.test(text.trim())) return 'does not hold a token (corrupt)';
  return null;
}

/** The current user's id where file modes mean something (not on Windows). */
function ownUid(): number | null {
  return process.platform === 'win32' || typeof process.getuid !== 'function' ? null : process.getuid();
}

async function writeToken(path: string, token: string): Promise<void> {
  await writeFileAtomic(path, `${token}\n`, TOKEN_FILE_MODE);
}

/**
 * A new token, saved if the folder allows. A folder that cannot be written (read-only, full)
 * must not stop the host: the token then lives for this run only, and the warning says so.
 */
async function saveNewToken(path: string, why?: string): Promise<LoadedToken> {
  const token = newSessionToken();
  try {
    await writeToken(path, token);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { token, created: why === undefined, warning: `${why ? `The session token file ${path} ${why}. ` : ''}A session token could not be saved in ${dirname(path)} (${reason}): a new token is used for this run only, so open pages will need the new URLs after a restart.` };
  }
  return why ? { token, created: false, warning: `The session token file ${path} ${why}; it was replaced with a new token. Open the overlay and settings URLs the host prints now.` } : { token, created: true };
}

/**
 * The install's session token: read from `path`, made on first run, and replaced (with a warning
 * that names the reason) when the file is not a private regular file holding a token. A token
 * from a file others could read may have leaked, so it is never reused, only replaced.
 */
export async function loadSessionToken(path: string): Promise<LoadedToken> {
  let st;
  try {
    st = await lstat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? saveNewToken(path) : saveNewToken(path, `cannot be read (${code ?? (e as Error).message})`);
  }
  const text = st.isFile() ? await readFile(path, 'utf8').catch(() => '') : '';
  const problem = tokenFileProblem({ mode: st.mode, uid: st.uid, isFile: st.isFile() }, text, ownUid());
  if (!problem) return { token: text.trim(), created: false };
  // A symlink or folder in its place is removed, not written through.
  if (!st.isFile()) await unlink(path).catch(() => undefined);
  return saveNewToken(path, problem);
}

/** A new token in the file; the old one stops working wherever the file is read. */
export async function rotateSessionToken(path: string): Promise<string> {
  const token = newSessionToken();
  await writeToken(path, token);
  return token;
}

/**
 * The token a running host checks against. `current()` notices when the file was rotated by
 * another process (`stratus token rotate`) and takes the new token, so a rotation from the CLI
 * ends the old token in a running host too. A file made unreadable or corrupt meanwhile keeps
 * the token in memory (never an open API) until the next rotate or start.
 */
export class SessionTokenStore {
  private token: string;
  private stamp: string;

  private constructor(
    readonly path: string,
    loaded: LoadedToken,
  ) {
    this.token = loaded.token;
    this.stamp = this.fileStamp();
  }

  /** Loads (or makes) the token; `warning` is set when the file had to be replaced. */
  static async open(path: string): Promise<{ store: SessionTokenStore; warning?: string }> {
    const loaded = await loadSessionToken(path);
    return { store: new SessionTokenStore(path, loaded), ...(loaded.warning ? { warning: loaded.warning } : {}) };
  }

  current(): string {
    const stamp = this.fileStamp();
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      try {
        const st = lstatSync(this.path);
        const text = st.isFile() ? readFileSync(this.path, 'utf8') : '';
        if (!tokenFileProblem({ mode: st.mode, uid: st.uid, isFile: st.isFile() }, text, ownUid())) this.token = text.trim();
      } catch {
        // gone or unreadable: keep the token in memory
      }
    }
    return this.token;
  }

  async rotate(): Promise<string> {
    const token = await rotateSessionToken(this.path);
    this.token = token;
    this.stamp = this.fileStamp();
    return token;
  }

  /** Changes whenever the file is replaced (writeFileAtomic renames a new inode in). */
  private fileStamp(): string {
    try {
      const st = lstatSync(this.path);
      return `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      return 'missing';
    }
  }
}
