import { describe, expect, it } from 'vitest';
import { emptySimState, type SimState } from '../../sim/common/simState.js';
import { controlsOf, sameSetting } from './controls.js';
import type { HistoryEntry } from './historyEntry.js';
import { formatControlValue, TurnHistory } from './turnHistory.js';

/** The history store on its own: events in, entries out; the undo checks against a given sim state. */
function withHeading(deg: number): SimState {
  const s = emptySimState();
  return { ...s, ap: { ...s.ap, headingDegMag: deg } };
}

describe('TurnHistory', () => {
  it('a question asked in one turn shows how it was answered, and the entry is re-published', () => {
    const changed: HistoryEntry[] = [];
    const h = new TurnHistory((e) => changed.push(e), () => 0);
    h.onEvent({ type: 'turnStarted', turnId: 'a', source: 'voice', at: 1 });
    h.onEvent({ type: 'transcript', turnId: 'a', kind: 'final', text: 'gear up' });
    h.onEvent({ type: 'confirmationPending', turnId: 'a', notation: 'set gear up', question: 'Confirm gear up?', expiresAt: 9, windowMs: 8 });
    h.onEvent({ type: 'turnEnded', turnId: 'a', outcome: { status: 'confirming' }, metrics: [], headline: { totalMs: 1 } });
    h.onEvent({ type: 'confirmationResolved', turnId: 'a', notation: 'set gear up', outcome: 'negated' });
    expect(h.get('a')).toMatchObject({ result: 'asked', question: 'Confirm gear up?', confirmation: 'negated', undo: { state: 'none' } });
    expect(changed.map((e) => e.confirmation ?? null)).toEqual([null, 'negated']);
  });

  it('a turn cut short after its write (spoken over) is listed as applied, not as if nothing happened', () => {
    const h = new TurnHistory(() => undefined, () => 0);
    for (const [id, applied] of [['a', true], ['b', false]] as const) {
      h.onEvent({ type: 'turnStarted', turnId: id, source: 'voice', at: 1 });
      if (applied) h.onEvent({ type: 'actionApplied', turnId: id, notation: 'set ap.heading 270', latencyMs: 20 });
      h.onEvent({ type: 'turnEnded', turnId: id, outcome: { status: 'cancelled' }, metrics: [], headline: { totalMs: 1 } });
    }
    expect(h.get('a')).toMatchObject({ result: 'applied', outcome: { status: 'cancelled' } });
    expect(h.get('b')).toMatchObject({ result: 'cancelled' });
  });

  it('two commits in one turn undo last-first, and the values read as set', () => {
    const h = new TurnHistory(() => undefined, () => 0);
    h.onEvent({ type: 'turnStarted', turnId: 'a', source: 'copilot', at: 1 });
    h.committed('a', [{ intent: { kind: 'apHeading', headingDegMag: 90 }, inverse: [{ kind: 'apHeading', headingDegMag: 360 }], before: withHeading(0) }], withHeading(90), 'heading zero niner zero');
    h.committed('a', [{ intent: { kind: 'apHeading', headingDegMag: 180 }, inverse: [{ kind: 'apHeading', headingDegMag: 90 }], before: withHeading(90) }], withHeading(180), 'heading one eight zero');
    expect(h.inverseOf('a')).toEqual([{ kind: 'apHeading', headingDegMag: 90 }, { kind: 'apHeading', headingDegMag: 360 }]);
    expect(h.get('a')!.changes).toEqual([{ control: 'ap.headingDegMag', label: 'heading bug', before: 0, after: 180 }]);
    h.onEvent({ type: 'turnEnded', turnId: 'a', outcome: { status: 'llm' }, metrics: [], headline: { totalMs: 1 } });
    expect(h.undoProblem('a', withHeading(180))).toBeUndefined();
    expect(h.undoProblem('a', withHeading(181))).toBe('the heading bug is 181 now, not 180 as this command left it (changed outside Stratus)');
  });

  it('a write without an inverse makes the turn not undoable, with the reason', () => {
    const h = new TurnHistory(() => undefined, () => 0);
    h.onEvent({ type: 'turnStarted', turnId: 'a', source: 'text', at: 1 });
    h.committed('a', [{ intent: { kind: 'apMode', mode: 'hdg' }, inverse: undefined, before: emptySimState() }], emptySimState(), 'heading mode');
    expect(h.get('a')!.undo.state).toBe('not-undoable');
    expect(h.undoProblem('a', emptySimState())).toMatch(/no earlier value/);
  });

  it('headings wrap (360 and 0 are one setting); values read as a pilot says them', () => {
    const [bug] = controlsOf({ kind: 'apHeading', headingDegMag: 360 });
    expect(sameSetting(bug!, 359.8, 0)).toBe(true);
    expect(sameSetting(bug!, 350, 0)).toBe(false);
    expect(formatControlValue('ap.headingDegMag', 0)).toBe('360');
    expect(formatControlValue('xpdrCode', 200)).toBe('0200');
    expect(formatControlValue('altimeterInHg', 29.9)).toBe('29.90');
  });
});
