import { describe, expect, it } from 'vitest';
import { LlmError } from './llmTypes.js';
import { withConnectRetry } from './retry.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('withConnectRetry', () => {
  it('retries connection errors and then succeeds', async () => {
    let calls = 0;
    async function* attempt(): AsyncGenerator<string> {
      calls++;
      if (calls < 3) throw new LlmError('connection', 'ECONNREFUSED');
      yield 'ok';
    }
    expect(await collect(withConnectRetry(attempt, new AbortController().signal, 3, 1))).toEqual(['ok']);
    expect(calls).toBe(3);
  });

  it('does not retry HTTP errors, nor a connection error after output started', async () => {
    let calls = 0;
    async function* http(): AsyncGenerator<string> {
      calls++;
      yield* [];
      throw new LlmError('http', 'boom', 500);
    }
    await expect(collect(withConnectRetry(http, new AbortController().signal, 3, 1))).rejects.toMatchObject({ kind: 'http' });
    expect(calls).toBe(1);
    calls = 0;
    async function* midway(): AsyncGenerator<string> {
      calls++;
      yield 'a';
      throw new LlmError('connection', 'reset');
    }
    await expect(collect(withConnectRetry(midway, new AbortController().signal, 3, 1))).rejects.toMatchObject({ kind: 'connection' });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted during the backoff', async () => {
    const ac = new AbortController();
    async function* attempt(): AsyncGenerator<string> {
      yield* [];
      setTimeout(() => ac.abort(), 0); // fires once the backoff has started
      throw new LlmError('connection', 'refused');
    }
    await expect(collect(withConnectRetry(attempt, ac.signal, 3, 60_000))).rejects.toMatchObject({ kind: 'aborted' });
  });
});
