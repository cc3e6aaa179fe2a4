/**
 * Waiting on conditions that no event announces (packet counters, a host's HTTP state): checked
 * every few milliseconds until they hold, or a named deadline fails the test with what it waited for.
 */

/** Between checks of an HTTP answer: short next to a start-up, and no busy loop on two cores. */
const DEFAULT_POLL_MS = 100;
/** Between checks of an in-process counter: counters move per datagram, so poll quickly. */
const COUNTER_POLL_MS = 10;

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, pollMs = DEFAULT_POLL_MS): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Polls the in-process condition `cond` until it holds or `timeoutMs` passes. */
export async function waitUntil(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  await waitFor(what, timeoutMs, () => (cond() ? true : undefined), COUNTER_POLL_MS);
}
