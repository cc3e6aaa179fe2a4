import { isKeyLikeParam } from './llmUrl.js';

/** What a removed secret is replaced with. */
export const REDACTED = '***';

/** Values this long and longer that look like API keys ("sk-…", "sk-proj-…") are hidden even outside URLs. */
const KEY_PATTERN = /\b(sk|rk|pk|gsk|xai|hf)[-_][A-Za-z0-9_-]{8,}/g;

/**
 * Removes secrets from text on its way out of the engine (state, errors, log lines, status text,
 * API replies): URL userinfo (`https://user:pass@host` → `https://***@host`), key-like query
 * parameters (`?api_key=…` → `?api_key=***`), `Bearer …` tokens, key-shaped words (`sk-…`), and
 * any of the `known` secret values (the stored API key) wherever they appear. Pure and idempotent.
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, `$1${REDACTED}@`);
  out = out.replace(/([?&;])([^=&#\s]+)=([^&#\s]*)/g, (whole, sep: string, name: string) => (isKeyLikeParam(decodeName(name)) ? `${sep}${name}=${REDACTED}` : whole));
  out = out.replace(/\b(bearer)\s+[^\s,;"']+/gi, `$1 ${REDACTED}`);
  out = out.replace(KEY_PATTERN, (_m, prefix: string) => `${prefix}-${REDACTED}`);
  return out;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Redacts every string inside a JSON-like value (state objects, API replies); other values are kept. */
export function redactDeep<T>(value: T, known: readonly string[] = []): T {
  if (typeof value === 'string') return redactSecrets(value, known) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, known)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, known);
    return out as T;
  }
  return value;
}
