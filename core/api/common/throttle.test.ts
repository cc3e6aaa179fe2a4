import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestThrottle } from './throttle.js';

describe('LatestThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first value at once, coalesces a burst, and always delivers the last', () => {
    const sent: number[] = [];
    const t = new LatestThrottle<number>(100, (v) => sent.push(v), () => Date.now());
    t.push(1);
    expect(sent).toEqual([1]);
    for (let i = 2; i <= 50; i++) t.push(i);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([1, 50]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 50]); // nothing scheduled while idle
  });

  it('never exceeds one value per interval under a steady 50 Hz stream', () => {
    const sent: number[] = [];
    const t = new LatestThrottle<number>(100, (v) => sent.push(v), () => Date.now());
    for (let i = 0; i < 100; i++) {
      t.push(i);
      vi.advanceTimersByTime(20);
    }
    expect(sent.length).toBeLessThanOrEqual(21);
    expect(sent.length).toBeGreaterThanOrEqual(19);
    t.dispose();
  });
});
