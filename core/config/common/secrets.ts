/**
 * Where secrets (the language-model API key) are kept: never in the settings file. The desktop
 * app encrypts them with the OS keychain (Electron safeStorage); the headless host keeps them in
 * a file only the user can read (0600) in the user's config folder.
 */
export interface SecretVault {
  get(name: string): Promise<string | undefined>;
  /** Stores a secret; `undefined` removes it. */
  set(name: string, value: string | undefined): Promise<void>;
  /** Where and how secrets are kept, in words for warnings ("a file only you can read (0600): /home/…/secrets.json"). */
  readonly where: string;
}

/** The secret name the OpenAI-compatible API key is stored under. */
export const LLM_API_KEY_SECRET = 'llm.openai.apiKey';

/** Longest API key accepted: real keys are under 200 characters. */
export const MAX_API_KEY_CHARS = 1024;

/** Why an API key cannot be stored, or undefined when it can ('' removes the key). */
export function apiKeyProblem(key: unknown): string | undefined {
  if (key === null || key === '') return undefined;
  if (typeof key !== 'string') return 'llm.apiKey: expected a string (or "" to remove the key)';
  if (key.length > MAX_API_KEY_CHARS) return `llm.apiKey: longer than ${MAX_API_KEY_CHARS} characters`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(key)) return 'llm.apiKey: must not contain spaces or control characters';
  return undefined;
}
