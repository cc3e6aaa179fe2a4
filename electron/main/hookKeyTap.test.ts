import { describe, expect, it } from 'vitest';
import { HookProcessHost } from './hookProcess.js';
import { keycodeFor, type KeyTapRequest } from './hookProtocol.js';
import type { UtilityProcessLike } from './shellTypes.js';

/** uiohook's key table as the hook reports it in 'ready' (a few of its names). */
const TABLE = { A: 30, P: 25, F5: 63, Ctrl: 29, Shift: 42, Alt: 56, Meta: 3675, Space: 57, ArrowUp: 57416 };

/** An in-memory hook process: says ready, then answers each keyTap (or fails the ones it is told to). */
class TapChild implements UtilityProcessLike {
  readonly taps: KeyTapRequest[] = [];
  private listener: ((m: unknown) => void) | undefined;
  constructor(private readonly fail = false) {}
  on(event: 'message' | 'exit', listener: ((m: unknown) => void) | ((code: number) => void)): unknown {
    if (event === 'message') {
      this.listener = listener as (m: unknown) => void;
      queueMicrotask(() => this.listener?.({ type: 'ready', keys: TABLE }));
    }
    return this;
  }
  postMessage(m: unknown): void {
    const r = m as KeyTapRequest;
    this.taps.push(r);
    queueMicrotask(() => this.listener?.({ type: 'keyTapped', id: r.id, ...(this.fail ? { error: 'no display' } : {}) }));
  }
  kill(): boolean {
    return true;
  }
}

function hostWith(child: TapChild): Promise<HookProcessHost> {
  return new Promise((resolve) => {
    const h: HookProcessHost = new HookProcessHost({
      fork: () => child,
      availability: () => ({ ok: true }),
      onInput: () => {},
      onStatus: (s) => {
        if (s.state === 'running') resolve(h);
      },
      log: () => {},
      now: () => performance.now(),
    });
    h.start();
  });
}

describe('key presses for the pilot\'s own commands go through the input hook', () => {
  it('maps a combo onto uiohook keycodes and waits for the hook\'s answer', async () => {
    const child = new TapChild();
    const h = await hostWith(child);
    expect(await h.keyTap('p', ['ctrl', 'shift'])).toBeUndefined();
    expect(child.taps).toEqual([{ type: 'keyTap', id: 1, key: 25, modifiers: [29, 42] }]);
    expect(await h.keyTap('f5', [])).toBeUndefined();
    expect(child.taps[1]).toMatchObject({ key: 63, modifiers: [] });
    h.dispose();
  });

  it('says why when the hook cannot press it, or has no such key, or is not running', async () => {
    const failing = await hostWith(new TapChild(true));
    expect(await failing.keyTap('a', [])).toBe('no display');
    expect(await failing.keyTap('f24', [])).toMatch(/has no key f24/);
    failing.dispose();
    const stopped = new HookProcessHost({ fork: () => new TapChild(), availability: () => ({ ok: false, reason: 'no display' }), onInput: () => {}, onStatus: () => {}, log: () => {}, now: () => 0 });
    stopped.start();
    expect(await stopped.keyTap('a', [])).toMatch(/not running/);
  });

  it('names keys as the custom command format does', () => {
    expect(['ctrl', 'up', 'space', 'a', 'f5'].map((k) => keycodeFor(k, TABLE))).toEqual([29, 57416, 57, 30, 63]);
    expect(keycodeFor('hyper', TABLE)).toBeUndefined();
  });
});
