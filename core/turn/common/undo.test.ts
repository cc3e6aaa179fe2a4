import { describe, expect, it } from 'vitest';
import type { Intent } from '../../intent/common/intents.js';
import { genericProfile, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { applyDemoAction, demoInitialState } from '../../sim/common/demoFlightModel.js';
import type { SimState } from '../../sim/common/simState.js';
import { toSimAction } from '../../intent/common/toSimAction.js';
import { FakeScheduler } from '../testing/fakeScheduler.js';
import { inverseOf, UNDO_WINDOW_MS, UndoLedger } from './undo.js';

/** The demo model applies an intent the way the demo sim does. */
function apply(state: SimState, intent: Intent, profile: AircraftProfile = genericProfile): SimState {
  const m = toSimAction(intent, profile);
  if (!m || 'refusal' in m) throw new Error(`not a sim write: ${intent.kind}`);
  return applyDemoAction(state, m.action, profile);
}

/** Applies `intent`, then its inverse: the state must be what it was. */
function roundTrip(intent: Intent, before: SimState = demoInitialState(genericProfile)): { before: SimState; after: SimState; restored: SimState } {
  const after = apply(before, intent);
  const inverse = inverseOf(intent, before, genericProfile);
  expect(inverse).toBeDefined();
  const restored = inverse!.reduce((s, i) => apply(s, i), after);
  return { before, after, restored };
}

describe('inverseOf', () => {
  it('heading bug 270, "heading 090", undo: 270 again', () => {
    const start = apply(demoInitialState(genericProfile), { kind: 'apHeading', headingDegMag: 270 });
    const { after, restored } = roundTrip({ kind: 'apHeading', headingDegMag: 90 }, start);
    expect(after.ap.headingDegMag).toBe(90);
    expect(restored.ap.headingDegMag).toBe(270);
  });

  it('a bug at north comes back as 360 (the intents say 1-360)', () => {
    const start = apply(demoInitialState(genericProfile), { kind: 'apHeading', headingDegMag: 360 });
    expect(inverseOf({ kind: 'apHeading', headingDegMag: 90 }, start, genericProfile)).toEqual([{ kind: 'apHeading', headingDegMag: 360 }]);
  });

  it('puts back gear, flaps, swap, squawk, standby frequency, lights, autopilot, altitude, altimeter', () => {
    const cases: Intent[] = [
      { kind: 'gear', down: true },
      { kind: 'flaps', setting: 'full' },
      { kind: 'radioSwap', radio: 'com1' },
      { kind: 'transponder', code: 7700 },
      { kind: 'radio', radio: 'com2', slot: 'standby', khz: 124850 },
      { kind: 'light', light: 'landing', on: true },
      { kind: 'apMaster', on: false },
      { kind: 'apAltitude', altitudeFt: 9000 },
      { kind: 'apSpeed', speedKt: 95 },
      { kind: 'altimeter', pressure: { unit: 'hPa', hPa: 1001 } },
      { kind: 'apMode', mode: 'nav' },
      { kind: 'apVerticalSpeed', verticalSpeedFpm: -500 },
    ];
    for (const intent of cases) {
      const { before, after, restored } = roundTrip(intent);
      expect(after, intent.kind).not.toEqual(before);
      expect({ ...restored, timestampMs: 0 }, intent.kind).toEqual({ ...before, timestampMs: 0 });
    }
  });

  it('flaps go back to the prior detent, by name', () => {
    const at1 = apply(demoInitialState(genericProfile), { kind: 'flaps', setting: 1 });
    expect(inverseOf({ kind: 'flaps', setting: 'full' }, at1, genericProfile)).toEqual([{ kind: 'flaps', setting: 1 }]);
  });

  it('nothing to put back for what is not a sim write, or a value that cannot be said', () => {
    expect(inverseOf({ kind: 'query', what: 'fuel' }, demoInitialState(genericProfile), genericProfile)).toBeUndefined();
    const blank = demoInitialState(genericProfile);
    blank.radios.com2StandbyKhz = 0; // the sim does not report it
    expect(inverseOf({ kind: 'radio', radio: 'com2', slot: 'standby', khz: 124850 }, blank, genericProfile)).toBeUndefined();
  });
});

describe('UndoLedger', () => {
  const gear: Intent[] = [{ kind: 'gear', down: false }];
  it('offers the last command for 10 s, once', () => {
    const clock = new FakeScheduler();
    const ledger = new UndoLedger(() => clock.now());
    const e = ledger.record('t1', 'set gear down', 'gear down', [gear]);
    expect(e?.until).toBe(clock.now() + UNDO_WINDOW_MS);
    clock.advance(9_999);
    expect(ledger.take()?.inverse).toEqual(gear);
    expect(ledger.take()).toBeUndefined();
  });

  it('after 10 s there is nothing to undo', () => {
    const clock = new FakeScheduler();
    const ledger = new UndoLedger(() => clock.now());
    ledger.record('t1', 'set gear down', 'gear down', [gear]);
    clock.advance(UNDO_WINDOW_MS + 1);
    expect(ledger.take()).toBeUndefined();
  });

  it('a compound command undoes together, last write first; a part that cannot be undone offers none', () => {
    const clock = new FakeScheduler();
    const ledger = new UndoLedger(() => clock.now());
    const flaps: Intent[] = [{ kind: 'flaps', setting: 'up' }];
    expect(ledger.record('t1', 'set gear down; set flaps full', 'gear down, flaps full', [gear, flaps])?.inverse).toEqual([...flaps, ...gear]);
    expect(ledger.record('t2', 'x', 'x', [gear, undefined])).toBeUndefined();
    expect(ledger.take()).toBeUndefined();
  });
});
