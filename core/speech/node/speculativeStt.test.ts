import { describe, expect, it } from 'vitest';
import { SpeculativeStt } from './speculativeStt.js';

const frames = (n: number, speechFrom?: number): Float32Array => Float32Array.from({ length: n }, (_, i) => (speechFrom !== undefined && i >= speechFrom ? 0.9 : 0.1));

describe('SpeculativeStt', () => {
  it('keeps the result when nothing was said after the snapshot', async () => {
    const s = new SpeculativeStt();
    s.start(Promise.resolve({ pcm: new Int16Array(512 * 10), probs: frames(10) }), async () => ({ text: 'gear down' }));
    await Promise.resolve();
    const early = s.settle({ pcm: new Int16Array(512 * 18), probs: frames(18) }, 0.5);
    await expect(early).resolves.toMatchObject({ text: 'gear down' });
    expect(s.used).toBe(1);
  });

  it('throws it away when the pilot kept talking after it', async () => {
    const s = new SpeculativeStt();
    let aborted = false;
    s.start(Promise.resolve({ pcm: new Int16Array(512 * 10), probs: frames(10) }), (_a, signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<never>(() => undefined);
    });
    await new Promise((r) => setImmediate(r));
    expect(s.settle({ pcm: new Int16Array(512 * 18), probs: frames(18, 12) }, 0.5)).toBeUndefined();
    expect(aborted).toBe(true);
    expect(s.discarded).toBe(1);
  });

  it('throws it away when the snapshot had not even arrived', () => {
    const s = new SpeculativeStt();
    s.start(new Promise(() => undefined), async () => ({ text: 'never' }));
    expect(s.settle({ pcm: new Int16Array(512 * 4), probs: frames(4) }, 0.5)).toBeUndefined();
    expect(s.discarded).toBe(1);
  });
});
