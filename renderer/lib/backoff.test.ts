import { describe, expect, it } from 'vitest';
import { RECONNECT_FIRST_DELAY_MS, RECONNECT_MAX_DELAY_MS, reconnectDelayMs } from './backoff.js';

describe('reconnectDelayMs', () => {
  it('starts short, doubles, and is capped', () => {
    expect(reconnectDelayMs(0)).toBe(RECONNECT_FIRST_DELAY_MS);
    expect(reconnectDelayMs(1)).toBe(RECONNECT_FIRST_DELAY_MS * 2);
    expect(reconnectDelayMs(3)).toBe(RECONNECT_FIRST_DELAY_MS * 8);
    expect(reconnectDelayMs(50)).toBe(RECONNECT_MAX_DELAY_MS);
  });
  it('never goes below the first delay for odd input', () => {
    expect(reconnectDelayMs(-3)).toBe(RECONNECT_FIRST_DELAY_MS);
    expect(reconnectDelayMs(Number.NaN)).toBeGreaterThanOrEqual(RECONNECT_FIRST_DELAY_MS);
  });
});
