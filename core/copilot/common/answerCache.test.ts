import { describe, expect, it } from 'vitest';
import { AnswerCache, cacheKey, isCacheableQuestion } from './answerCache.js';

describe('AnswerCache', () => {
  it('evicts the least recently used entry and expires entries after the TTL', () => {
    let nowMs = 0;
    const cache = new AnswerCache(2, 1000, () => nowMs);
    cache.set('a', ['A.']);
    cache.set('b', ['B.']);
    expect(cache.get('a')).toEqual(['A.']); // a is now most recent
    cache.set('c', ['C.']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(['A.']);
    nowMs = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('caches general questions only, never questions about this flight', () => {
    expect(isCacheableQuestion('What does V1 mean?')).toBe(true);
    expect(isCacheableQuestion('what is a squawk code used for')).toBe(false); // mentions squawk: state-linked
    expect(isCacheableQuestion('Explain density altitude')).toBe(false);
    expect(isCacheableQuestion('What is a Dutch roll?')).toBe(true);
    expect(isCacheableQuestion('Can we make it to Kona with this fuel?')).toBe(false);
    expect(isCacheableQuestion("What's our fuel?")).toBe(false);
    expect(isCacheableQuestion('What is the wind now')).toBe(false);
    expect(cacheKey('m', 'What does V1 mean?')).toBe(cacheKey('m', 'what does v1 mean'));
    expect(cacheKey('m', 'x')).not.toBe(cacheKey('n', 'x'));
  });
});
