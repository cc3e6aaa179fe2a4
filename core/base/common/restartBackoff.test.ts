import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restartBackoff.js';

describe('RestartBackoff', () => {
  const opts = { baseMs: 500, maxMs: 4000, healthyRunMs: 60_000 };

  it('doubles per crash in a row up to the maximum', () => {
    const b = new RestartBackoff(opts);
    expect([1, 2, 3, 4, 5].map(() => b.next(100))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(b.crashes).toBe(5);
  });

  it('starts again after a healthy run', () => {
    const b = new RestartBackoff(opts);
    b.next(10);
    b.next(10);
    expect(b.next(60_000)).toBe(500);
    expect(b.next(10)).toBe(1000);
  });
});
