import { describe, expect, it } from 'vitest';
import { configSchema } from './configSchema.js';
import { KEY_IN_URL_REASON, parseLlmUrl } from './llmUrl.js';

describe('parseLlmUrl: the one judge of language-model endpoints (schema and clients)', () => {
  it('gives the clients an explicit-port URL without a trailing slash', () => {
    expect(parseLlmUrl('http://127.0.0.1:11434')).toEqual({ ok: true, url: 'http://127.0.0.1:11434' });
    expect(parseLlmUrl('https://api.openai.com/v1/')).toEqual({ ok: true, url: 'https://api.openai.com:443/v1' });
    expect(parseLlmUrl('http://[::1]:1234/v1')).toEqual({ ok: true, url: 'http://[::1]:1234/v1' });
    expect(parseLlmUrl('HTTP://localhost')).toEqual({ ok: true, url: 'http://localhost:80' });
  });

  it.each([
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['localhost:114340', /http:\/\/ or https:\/\//],
    ['http://localhost:114340', /invalid port "114340"/],
    ['http://localhost:0', /invalid port/],
    ['http://localhost:abc', /invalid port/],
    ['ftp://host', /http:\/\/ or https:\/\//],
    ['http://', /not a valid URL|no host/],
    ['http://exa mple.com', /spaces/],
    ['http://host/#x', /fragment/],
    ['http://host/v1?mode=x', /query/],
    ['', /empty/],
    [`http://h/${'a'.repeat(3000)}`, /longer than/],
  ])('refuses %s', (raw, reason) => {
    const r = parseLlmUrl(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each(['http://user:pass@127.0.0.1:1234/v1', 'http://sk-abc@host/v1', 'https://h/v1?api_key=sk-1', 'https://h/v1?key=1', 'https://h/v1?access_token=t', 'https://h/v1?x-api-key=1'])(
    'refuses credentials in %s and points to the API key field',
    (raw) => {
      expect(parseLlmUrl(raw)).toEqual({ ok: false, reason: KEY_IN_URL_REASON });
    },
  );

  it('is what the settings schema applies to llm.host and llm.baseUrl', () => {
    for (const raw of ['javascript:alert(1)', 'http://localhost:114340', 'https://u:p@h/v1', 'http://127.0.0.1:11434', 'https://api.openai.com/v1']) {
      const ok = parseLlmUrl(raw).ok;
      expect(configSchema.safeParse({ llm: { host: raw } }).success, raw).toBe(ok);
      expect(configSchema.safeParse({ llm: { baseUrl: raw } }).success, raw).toBe(ok);
    }
  });
});
