import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSessionToken, rotateSessionToken, SessionTokenStore, tokenFileProblem } from './sessionToken.js';

const posix = process.platform !== 'win32';
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stratus-token-'));
  path = join(dir, 'session-token');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('session token file', () => {
  it('is made on first run with mode 0600 and read back unchanged on the next', async () => {
    const first = await loadSessionToken(path);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await loadSessionToken(path);
    expect(again).toEqual({ token: first.token, created: false });
  });

  it.skipIf(!posix)('is replaced, with a warning, when other users could read it', async () => {
    const { token } = await loadSessionToken(path);
    chmodSync(path, 0o644);
    const loaded = await loadSessionToken(path);
    expect(loaded.token).not.toBe(token);
    expect(loaded.warning).toMatch(/could be read by other users \(mode 0644/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('is replaced, with a warning, when it holds no token', async () => {
    writeFileSync(path, '{"not": "a token"}\n', { mode: 0o600 });
    const loaded = await loadSessionToken(path);
    expect(loaded.warning).toMatch(/corrupt/);
    expect(readFileSync(path, 'utf8').trim()).toBe(loaded.token);
  });

  it.skipIf(!posix)('is never followed through a symlink: the link is replaced by a private file', async () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'A'.repeat(32), { mode: 0o600 });
    symlinkSync(target, path);
    const loaded = await loadSessionToken(path);
    expect(loaded.warning).toMatch(/not a regular file/);
    expect(readFileSync(target, 'utf8')).toBe('A'.repeat(32));
    expect(statSync(path).isFile()).toBe(true);
  });

  it('where it cannot be saved (the folder is not writable), a token for this run only, with a warning: never a failed start', async () => {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const loaded = await loadSessionToken(join(notAFolder, 'session-token'));
    expect(loaded.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(loaded.warning).toMatch(/could not be saved in .*plain-file \(E[A-Z]+\): a new token is used for this run only/);
  });

  it('rotate writes a new token that a running store notices', async () => {
    const { store } = await SessionTokenStore.open(path);
    const before = store.current();
    const rotated = await rotateSessionToken(path);
    expect(rotated).not.toBe(before);
    expect(store.current()).toBe(rotated);
    const again = await store.rotate();
    expect(store.current()).toBe(again);
    expect(readFileSync(path, 'utf8').trim()).toBe(again);
  });

  it('names each problem', () => {
    const good = 'x'.repeat(32);
    expect(tokenFileProblem({ mode: 0o100600, uid: 5, isFile: true }, good, 5)).toBeNull();
    expect(tokenFileProblem({ mode: 0o100600, uid: 6, isFile: true }, good, 5)).toMatch(/another user/);
    expect(tokenFileProblem({ mode: 0o100640, uid: 5, isFile: true }, good, 5)).toMatch(/0640/);
    expect(tokenFileProblem({ mode: 0o100644, uid: 5, isFile: true }, good, null)).toBeNull();
    expect(tokenFileProblem({ mode: 0o100600, uid: 5, isFile: true }, 'short', 5)).toMatch(/corrupt/);
  });
});
