import { describe, expect, it } from 'vitest';
import { Int16Ring } from './ringBuffer.js';

describe('Int16Ring', () => {
  it('returns samples by absolute index across wrap-around', () => {
    const r = new Int16Ring(8);
    r.write(Int16Array.from([1, 2, 3, 4, 5]));
    r.write(Int16Array.from([6, 7, 8, 9, 10, 11]));
    expect(r.writtenTotal).toBe(11);
    expect(r.oldestIndex).toBe(3);
    expect(Array.from(r.read(5))).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(r.read(0, 5))).toEqual([4, 5]); // older samples are gone
  });

  it('keeps only the newest samples of an oversized write', () => {
    const r = new Int16Ring(4);
    r.write(Int16Array.from([1, 2, 3, 4, 5, 6, 7]));
    expect(Array.from(r.read(0))).toEqual([4, 5, 6, 7]);
  });
});
