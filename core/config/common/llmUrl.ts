/**
 * The language-model endpoints (llm.host for Ollama, llm.baseUrl for OpenAI-compatible servers):
 * one function decides whether a URL is usable and what the clients send requests to. The
 * settings schema refuses what it refuses, so a saved endpoint is one the clients accept.
 */

/** Longest endpoint URL accepted: a real server address is far shorter; this bounds what is stored and shown. */
export const MAX_LLM_URL_CHARS = 2048;

/** Query parameters that carry credentials (matched case-insensitively, ignoring - and _). */
const KEY_LIKE_PARAMS = ['key', 'apikey', 'token', 'accesstoken', 'authtoken', 'auth', 'secret', 'password', 'pass', 'pwd', 'sig', 'signature', 'bearer', 'credential', 'credentials'];

/** The sentence for a URL carrying a key: keys are kept in the secret store, never in settings. */
export const KEY_IN_URL_REASON = 'contains credentials: put the key in the API key field instead (it is kept in the secret store, not in the settings file)';

export type LlmUrlResult = { ok: true; url: string } | { ok: false; reason: string };

/** Whether a query parameter's name looks like a credential ("api_key", "access-token", "sig"). */
export function isKeyLikeParam(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  return KEY_LIKE_PARAMS.includes(n) || n.endsWith('key') || n.endsWith('token') || n.endsWith('secret');
}

/**
 * Parses an endpoint URL: http or https, a host, a valid port, no credentials (user:pass@ or a
 * key-like query parameter), no fragment. Returns the URL the clients use: scheme, host, an
 * explicit port and the path without a trailing slash (http://127.0.0.1:11434,
 * https://api.openai.com:443/v1), or the reason it cannot be used.
 */
export function parseLlmUrl(raw: string): LlmUrlResult {
  if (raw.length === 0) return { ok: false, reason: 'is empty' };
  if (raw.length > MAX_LLM_URL_CHARS) return { ok: false, reason: `is longer than ${MAX_LLM_URL_CHARS} characters` };
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\s]/.test(raw)) return { ok: false, reason: 'contains spaces or control characters' };
  if (!/^https?:\/\//i.test(raw)) return { ok: false, reason: 'must start with http:// or https:// (e.g. http://127.0.0.1:11434)' };
  // The port is checked on the text too: URL() refuses a port past 65535 with a bare "Invalid URL".
  const port = /^https?:\/\/(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:]*)(?::([^/?#]*))?/i.exec(raw)?.[1];
  if (port !== undefined && port !== '' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return { ok: false, reason: `has an invalid port "${port.slice(0, 12)}" (1-65535)` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  if (!url.hostname) return { ok: false, reason: 'has no host name' };
  if (url.username || url.password) return { ok: false, reason: KEY_IN_URL_REASON };
  for (const name of url.searchParams.keys()) if (isKeyLikeParam(name)) return { ok: false, reason: KEY_IN_URL_REASON };
  if (url.hash) return { ok: false, reason: 'must not have a #fragment' };
  if (url.search) return { ok: false, reason: 'must not have a ?query (the client adds its own paths)' };
  const explicitPort = url.port || (url.protocol === 'https:' ? '443' : '80');
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.hostname}:${explicitPort}${path}` };
}
