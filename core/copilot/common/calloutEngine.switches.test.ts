import { describe, expect, it } from 'vitest';
import { genericProfile, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState, type SimState } from '../../sim/common/simState.js';
import { CalloutEngine } from './calloutEngine.js';
import { calloutCatalog } from './calloutCatalog.js';
import { calloutIds, type Callout } from './calloutRules.js';

/** Per-callout switches applied live (Settings > Callouts): what a switch does mid-flight. */
const jet: AircraftProfile = { ...genericProfile, id: 'test-jet', category: 'jet', speeds: { vsoKt: 110, vs1Kt: 130, v1Kt: 140, vrKt: 145, v2Kt: 150, vneKt: 340, vmoKt: 340 }, lowFuelKg: 1500 };

function cruise(t: number, rollDeg: number): SimState {
  const s = emptySimState();
  return { ...s, simTimeS: t, onGround: false, altitudeFt: 5000, altitudeAglFt: 5000, iasKt: 250, groundSpeedKt: 250, engineRunning: true, fuelKg: 5000, gearDown: false, rollDeg, ap: { ...s.ap, altitudeFt: 5000 } };
}

function run(e: CalloutEngine, t0: number, t1: number, roll: (t: number) => number): Callout[] {
  const out: Callout[] = [];
  for (let i = 0; t0 + i / 10 <= t1; i++) out.push(...e.evaluate(cruise(t0 + i / 10, roll(t0 + i / 10)), jet));
  return out;
}

describe('per-callout switches', () => {
  it('switching a callout on mid-excursion does not blurt the stale call; it is called at the next one', () => {
    const e = new CalloutEngine({ enabled: true, muted: false, rules: { 'bank-angle': false } });
    expect(run(e, 0, 20, (t) => (t > 8 ? 50 : 0)).map((c) => c.id)).toEqual([]);
    e.configure({ rules: { 'bank-angle': true } });
    expect(run(e, 20.1, 25, () => 50)).toEqual([]);
    expect(run(e, 25.1, 40, (t) => (t < 30 ? 0 : 50)).map((c) => c.id)).toEqual(['bank-angle']);
  });

  it('the settings replace the switches: a rule no longer listed is on again', () => {
    const e = new CalloutEngine({ enabled: true, muted: false, rules: { 'bank-angle': false } });
    e.configure({ enabled: true, muted: false, rules: {} });
    expect(run(e, 0, 20, (t) => (t > 8 ? 50 : 0)).map((c) => c.id)).toEqual(['bank-angle']);
  });

  it('every callout has a title and a description for the settings list', () => {
    for (const id of calloutIds) {
      expect(calloutCatalog[id].title.length, id).toBeGreaterThan(2);
      expect(calloutCatalog[id].description.length, id).toBeGreaterThan(10);
    }
  });
});
