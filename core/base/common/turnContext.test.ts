import { describe, expect, it } from 'vitest';
import { createTurnContext, timeStage, TurnAbortedError } from './turnContext.js';

describe('TurnContext', () => {
  it('measures from the given origin and records stage metrics', async () => {
    let t = 1000;
    const ctx = createTurnContext({ turnId: 'a', clock: () => t, originMs: 900 });
    expect(ctx.now()).toBe(100);
    await timeStage(ctx, 'stt', async (mark) => {
      t += 20;
      mark.firstByte();
      t += 30;
    });
    expect(ctx.metrics.all()).toEqual([{ stage: 'stt', turnId: 'a', startedAt: 100, durationMs: 50, ttfbMs: 20, cancelled: false }]);
  });

  it('marks a stage cancelled when the turn was aborted', async () => {
    const ac = new AbortController();
    const ctx = createTurnContext({ signal: ac.signal });
    await expect(
      timeStage(ctx, 'tts', async () => {
        ac.abort('barge-in');
        throw new TurnAbortedError(ac.signal.reason);
      }),
    ).rejects.toThrow(/barge-in/);
    expect(ctx.metrics.all()[0]?.cancelled).toBe(true);
  });
});
