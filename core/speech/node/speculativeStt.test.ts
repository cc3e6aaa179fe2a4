import { describe, expect, it } from 'vitest';
import { SpeculativeStt } from './speculativeStt.js';

const frames = (n: number, speechFrom?: number): Float32Array => Float32Array.from({ length: n }, (_, i) => (speechFrom !== undefined && i >= speechFrom ? 0.9 : 0.1));

describe('SpeculativeStt', () => {
  it('keeps the result when the release tail is silent', async () => {
    const s = new SpeculativeStt();
    s.start(Promise.resolve({ pcm: new Int16Array(512 * 10), probs: frames(10) }), async () => 'gear down');
    await Promise.resolve();
    const full = { pcm: new Int16Array(512 * 18), probs: frames(18) };
    s.settle(full, 0.5);
    await expect(s.take(full.pcm, new AbortController().signal)).resolves.toMatchObject({ text: 'gear down' });
    expect(s.used).toBe(1);
  });

  it('throws it away when someone kept talking in the tail', async () => {
    const s = new SpeculativeStt();
    let aborted = false;
    s.start(Promise.resolve({ pcm: new Int16Array(512 * 10), probs: frames(10) }), (_a, signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<string>(() => undefined);
    });
    await new Promise((r) => setImmediate(r));
    const full = { pcm: new Int16Array(512 * 18), probs: frames(18, 12) };
    s.settle(full, 0.5);
    expect(s.take(full.pcm, new AbortController().signal)).toBeUndefined();
    expect(aborted).toBe(true);
    expect(s.discarded).toBe(1);
  });

  it('rejects at once when the turn is aborted while waiting', async () => {
    const s = new SpeculativeStt();
    s.start(Promise.resolve({ pcm: new Int16Array(512), probs: frames(1) }), () => new Promise<string>(() => undefined));
    await new Promise((r) => setImmediate(r));
    const full = { pcm: new Int16Array(512 * 2), probs: frames(2) };
    s.settle(full, 0.5);
    const ac = new AbortController();
    const p = s.take(full.pcm, ac.signal)!;
    ac.abort('barge-in');
    await expect(p).rejects.toThrow(/barge-in/);
  });
});
