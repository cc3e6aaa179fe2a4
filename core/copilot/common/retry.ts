import { LlmError } from './llmTypes.js';

/** Attempts for a request whose connection fails (the first try included). */
export const CONNECT_ATTEMPTS = 3;
/** First backoff; doubles each retry. Short: the pilot is waiting for an answer. */
export const BACKOFF_BASE_MS = 200;

/** Resolves after `ms`, or rejects with an 'aborted' LlmError when the signal fires first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new LlmError('aborted', 'aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new LlmError('aborted', 'aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` and retries with exponential backoff only on connection errors, only while it has
 * yielded nothing (so speech is never repeated), and never after the signal fires.
 */
export async function* withConnectRetry<T>(
  attempt: () => AsyncIterable<T>,
  signal: AbortSignal,
  attempts = CONNECT_ATTEMPTS,
  baseMs = BACKOFF_BASE_MS,
): AsyncGenerator<T> {
  for (let i = 0; ; i++) {
    let yielded = false;
    try {
      for await (const item of attempt()) {
        yielded = true;
        yield item;
      }
      return;
    } catch (err) {
      const retry = err instanceof LlmError && err.retryable && !yielded && i + 1 < attempts && !signal.aborted;
      if (!retry) throw err;
      await abortableDelay(baseMs * 2 ** i, signal);
    }
  }
}
