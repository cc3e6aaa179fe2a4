import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets } from './redact.js';

describe('redactSecrets: nothing secret leaves the engine', () => {
  it('hides URL userinfo, key-like query parameters, bearer tokens and key-shaped words', () => {
    expect(redactSecrets('cannot reach https://bob:hunter2@api.example.com/v1 (ECONNREFUSED)')).toBe('cannot reach https://***@api.example.com/v1 (ECONNREFUSED)');
    expect(redactSecrets('GET http://h/v1/models?api_key=abc123&mode=x')).toBe('GET http://h/v1/models?api_key=***&mode=x');
    expect(redactSecrets('http://h/?x=1&access-token=zzz')).toBe('http://h/?x=1&access-token=***');
    expect(redactSecrets('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer ***');
    expect(redactSecrets('the key sk-proj-AbC123xyz789 was refused')).toBe('the key sk-*** was refused');
  });

  it('hides a known secret wherever it appears, and keeps ordinary text as it is', () => {
    expect(redactSecrets('echo: my-very-own-key!', ['my-very-own-key'])).toBe('echo: ***!');
    const plain = 'Ollama not running at http://127.0.0.1:11434 (ECONNREFUSED); heading 270, sky-blue';
    expect(redactSecrets(plain)).toBe(plain);
  });

  it('is idempotent and walks objects', () => {
    const once = redactSecrets('https://a:b@h/?token=t Bearer x');
    expect(redactSecrets(once)).toBe(once);
    expect(redactDeep({ a: ['https://u:p@h'], n: 3, b: { c: 'token sk-abcdefghij' } })).toEqual({ a: ['https://***@h'], n: 3, b: { c: 'token sk-***' } });
  });
});
