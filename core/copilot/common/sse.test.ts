import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.js';

describe('SseParser', () => {
  it('joins events split across chunks and ignores comments', () => {
    const p = new SseParser();
    expect(p.push(': keep-alive\n\ndata: {"a"')).toEqual([]);
    expect(p.push(':1}\n\ndata: [DONE]\r\n\r\n')).toEqual(['{"a":1}', '[DONE]']);
    expect(p.hasPartial).toBe(false);
  });

  it('reports a stream cut inside an event', () => {
    const p = new SseParser();
    p.push('data: {"choices":');
    expect(p.hasPartial).toBe(true);
  });
});
