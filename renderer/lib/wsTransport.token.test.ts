import { describe, expect, it } from 'vitest';
import { closeCause, healthProbe, WS_CLOSE_TOKEN_ROTATED } from './wsTransport.js';

describe('why the overlay lost its socket', () => {
  it('a rotated token (4401) is "unauthorized" without asking the host', async () => {
    let asked = 0;
    expect(await closeCause(WS_CLOSE_TOKEN_ROTATED, () => Promise.resolve(++asked))).toBe('unauthorized');
    expect(asked).toBe(0);
  });

  it('a failed upgrade (1006) is "unauthorized" only when the host answers 401 to the same token', async () => {
    expect(await closeCause(1006, () => Promise.resolve(401))).toBe('unauthorized');
    expect(await closeCause(1006, () => Promise.resolve(200))).toBe('retry');
    expect(await closeCause(1006, () => Promise.resolve(null))).toBe('retry');
    expect(await closeCause(1001, () => Promise.resolve(401))).toBe('retry');
  });

  it('the probe sends the page token and reports an unreachable host as null', async () => {
    const seen: (string | null)[] = [];
    const ok = healthProbe('tok', (_url, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return Promise.resolve(new Response('{}', { status: 401 }));
    });
    expect(await ok()).toBe(401);
    expect(seen).toEqual(['Bearer tok']);
    const down = healthProbe('tok', () => Promise.reject(new TypeError('fetch failed')));
    expect(await down()).toBeNull();
  });
});
