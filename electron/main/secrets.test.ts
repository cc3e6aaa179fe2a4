import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LLM_API_KEY_SECRET } from '../../core/config/common/secrets.js';
import { APP_SECRETS_FILE, appSecretStore } from './secrets.js';
import { FakeSafeStorage } from './testing/fakeElectron.js';

const KEY = 'sk-live-0123456789abcdef';
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the desktop app keeps the API key encrypted by the OS keychain', () => {
  it('stores ciphertext from safeStorage in a 0600 file and reads the key back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-appsecrets-'));
    const safe = new FakeSafeStorage();
    const store = appSecretStore(safe, dir);
    await store.set(LLM_API_KEY_SECRET, KEY);
    const text = readFileSync(join(dir, APP_SECRETS_FILE), 'utf8');
    expect(text).not.toContain(KEY);
    expect(safe.encryptions).toBe(1);
    if (process.platform !== 'win32') expect(statSync(join(dir, APP_SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(await appSecretStore(safe, dir).get(LLM_API_KEY_SECRET)).toBe(KEY);
    expect(store.where).toMatch(/OS keychain/);
  });

  it('without a keychain says so, and never sends keychain ciphertext as the key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-appsecrets-'));
    const safe = new FakeSafeStorage();
    await appSecretStore(safe, dir).set(LLM_API_KEY_SECRET, KEY);
    safe.available = false;
    const store = appSecretStore(safe, dir);
    expect(store.where).toMatch(/no OS keychain/);
    await expect(store.get(LLM_API_KEY_SECRET)).rejects.toThrow(/not available now/);
  });

  it("does not claim keychain protection for Linux's fixed-key fallback (no keyring)", async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-appsecrets-'));
    const safe = new FakeSafeStorage();
    safe.backend = 'basic_text';
    const store = appSecretStore(safe, dir);
    await store.set(LLM_API_KEY_SECRET, KEY);
    expect(safe.encryptions).toBe(0);
    expect(store.where).toMatch(/no OS keychain/);
    expect(await store.get(LLM_API_KEY_SECRET)).toBe(KEY);
  });
});
