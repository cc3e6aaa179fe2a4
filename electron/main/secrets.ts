import { join } from 'node:path';
import { FileSecretStore, plainCodec, type SecretCodec } from '../../core/config/node/fileSecretStore.js';
import type { SafeStorageLike } from './shellTypes.js';

/** The app's secrets file (the headless host's is secrets.json: the two do not share ciphertext). */
export const APP_SECRETS_FILE = 'secrets.keychain.json';

/** Marks a stored value as keychain ciphertext, so a run without the keychain never mistakes it for the key. */
const ENCRYPTED = 'keychain:';

/** Values encrypted by the OS keychain (Electron safeStorage), stored as base64 ciphertext. */
export function safeStorageCodec(safeStorage: SafeStorageLike): SecretCodec {
  return {
    encode: (plain) => `${ENCRYPTED}${safeStorage.encryptString(plain).toString('base64')}`,
    decode: (stored) => {
      if (!stored.startsWith(ENCRYPTED)) return stored; // saved while no keychain was available
      return safeStorage.decryptString(Buffer.from(stored.slice(ENCRYPTED.length), 'base64'));
    },
    protection: 'encrypted with the OS keychain (Electron safeStorage), in a file only your user account can read',
  };
}

/**
 * The desktop app's secret store: ciphertext from safeStorage in a 0600 file in the user's config
 * folder. Where the OS offers no keychain, the file is still 0600 but not encrypted, and its
 * description (shown in warnings) says so.
 */
export function appSecretStore(safeStorage: SafeStorageLike, configDir: string): FileSecretStore {
  const noKeychain: SecretCodec = {
    ...plainCodec,
    decode: (stored) => {
      if (stored.startsWith(ENCRYPTED)) throw new Error('the key was encrypted with the OS keychain, which is not available now');
      return stored;
    },
    protection: `${plainCodec.protection} (no OS keychain available)`,
  };
  // On Linux without a keyring (no GNOME Keyring/KWallet) Electron "encrypts" with a fixed key:
  // no better than the 0600 file, so say that instead of claiming keychain protection.
  const keyring = safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  const codec = keyring ? safeStorageCodec(safeStorage) : noKeychain;
  return new FileSecretStore(join(configDir, APP_SECRETS_FILE), codec);
}
