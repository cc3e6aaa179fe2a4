import { describe, expect, it } from 'vitest';
import { trustView, UNDO_FADE_MS } from './trustView.js';

const now = 1_700_000_000_000;
const confirmation = { turnId: 't1', notation: 'set gear up', question: 'Confirm gear up?', expiresAt: now + 4_200 };
const undo = { turnId: 't2', notation: 'set gear up', readback: 'gear up', until: now + 10_000 };

describe('trustView', () => {
  it('shows the question with whole seconds left, until it expires', () => {
    expect(trustView({ confirmation, undo: null }, now).confirm).toEqual({ turnId: 't1', question: 'Confirm gear up?', secondsLeft: 5 });
    expect(trustView({ confirmation, undo: null }, now + 4_100).confirm?.secondsLeft).toBe(1);
    expect(trustView({ confirmation, undo: null }, now + 4_200).confirm).toBeNull();
  });

  it('shows the undo chance, fading over its last seconds, gone at the end', () => {
    expect(trustView({ confirmation: null, undo }, now).undo).toEqual({ turnId: 't2', what: 'Gear up', opacity: 1 });
    expect(trustView({ confirmation: null, undo }, now + 10_000 - UNDO_FADE_MS / 2).undo?.opacity).toBeCloseTo(0.5);
    expect(trustView({ confirmation: null, undo }, now + 10_000).undo).toBeNull();
    expect(trustView(undefined, now)).toEqual({ confirm: null, undo: null });
  });
});
