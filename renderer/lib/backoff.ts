/** Reconnect delays: quick first retry, doubling, capped so a restarted host is found within seconds. */
export const RECONNECT_FIRST_DELAY_MS = 250;
/** Cap: a host that is down for long is still retried often enough to feel live when it returns. */
export const RECONNECT_MAX_DELAY_MS = 5_000;

export function reconnectDelayMs(attempt: number): number {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  return Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_FIRST_DELAY_MS * 2 ** Math.min(n, 16));
}
