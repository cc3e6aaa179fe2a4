import { describe, expect, it } from 'vitest';
import { genericProfile, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState, type SimState } from '../../sim/common/simState.js';
import { CalloutEngine, type CalloutSettings } from './calloutEngine.js';
import type { Callout } from './calloutRules.js';

const jet: AircraftProfile = {
  ...genericProfile,
  id: 'test-jet',
  category: 'jet',
  retractableGear: true,
  flaps: [
    { name: 'up', ratio: 0 },
    { name: '1', ratio: 0.25, maxKt: 230 },
    { name: '5', ratio: 0.5, maxKt: 220 },
    { name: '15', ratio: 0.75, maxKt: 200 },
    { name: '30', ratio: 1, maxKt: 175 },
  ],
  speeds: { vsoKt: 110, vs1Kt: 130, v1Kt: 140, vrKt: 145, v2Kt: 150, vneKt: 340, vmoKt: 340 },
  lowFuelKg: 1500,
};

const on: CalloutSettings = { enabled: true, muted: false, rules: {} };

function cruise(t: number, patch: Partial<SimState> = {}): SimState {
  const s = emptySimState();
  return { ...s, simTimeS: t, onGround: false, altitudeFt: 5000, altitudeAglFt: 5000, iasKt: 250, groundSpeedKt: 250, engineRunning: true, fuelKg: 5000, gearDown: false, ap: { ...s.ap, altitudeFt: 5000 }, ...patch };
}

/** Runs frames at 10 Hz from t0 to t1 built by `frame`, collecting every callout. */
function run(engine: CalloutEngine, profile: AircraftProfile, t0: number, t1: number, frame: (t: number) => SimState): Callout[] {
  const out: Callout[] = [];
  for (let i = 0; t0 + i / 10 <= t1; i++) out.push(...engine.evaluate(frame(t0 + i / 10), profile));
  return out;
}

describe('CalloutEngine', () => {
  it('calls the jet takeoff sequence once each: 80, 100, V1, rotate, positive rate, gear up', () => {
    const e = new CalloutEngine(on);
    const ground = (t: number): SimState => {
      const s = emptySimState();
      return { ...s, simTimeS: t, engineRunning: true, fuelKg: 5000, altitudeFt: 100, altitudeAglFt: 0, gearDown: true };
    };
    const calls = [
      ...run(e, jet, 0, 10, ground),
      // roll: 4 kt/s from t 10
      ...run(e, jet, 10.1, 47, (t) => ({ ...ground(t), iasKt: (t - 10) * 4, groundSpeedKt: (t - 10) * 4 })),
      ...run(e, jet, 47.1, 60, (t) => ({ ...ground(t), onGround: false, iasKt: 150, groundSpeedKt: 150, verticalSpeedFpm: 1500, altitudeFt: 100 + (t - 47) * 25, altitudeAglFt: (t - 47) * 25 })),
    ];
    expect(calls.map((c) => c.id)).toEqual(['eighty-knots', 'one-hundred-knots', 'v1', 'rotate', 'positive-rate', 'gear-up']);
    const at = (id: string): number => calls.find((c) => c.id === id)!.simTimeS;
    expect(at('eighty-knots')).toBeCloseTo(30, 0);
    expect(at('v1')).toBeCloseTo(45, 0);
  });

  it('does not call "airspeed alive" for a jet nor "eighty knots" for the c172', () => {
    const e = new CalloutEngine(on);
    const c172 = { ...genericProfile, retractableGear: false };
    const calls = run(e, c172, 0, 40, (t) => ({ ...emptySimState(), simTimeS: t, engineRunning: true, fuelKg: 100, iasKt: Math.max(0, (t - 10) * 3), groundSpeedKt: Math.max(0, (t - 10) * 3) }));
    expect(calls.map((c) => c.id)).toEqual(['airspeed-alive', 'rotate']);
  });

  it('debounces bank angle, calls it once per excursion, and re-arms after it clears', () => {
    const e = new CalloutEngine(on);
    const roll = (t: number): number => (t < 10 ? 0 : t < 10.5 ? 40 : t < 12 ? 0 : t < 20 ? 40 : t < 25 ? 0 : 40);
    const calls = run(e, jet, 0, 30, (t) => cruise(t, { rollDeg: roll(t) }));
    expect(calls.filter((c) => c.id === 'bank-angle').map((c) => Math.round(c.simTimeS))).toEqual([13, 26]);
  });

  it('puts a warning first and marks it to interrupt', () => {
    const e = new CalloutEngine(on);
    const calls = run(e, jet, 0, 12, (t) => cruise(t, t > 8 ? { rollDeg: 50, iasKt: 360, fuelKg: 100 } : {}));
    const frame = calls.filter((c) => c.simTimeS === calls[0]!.simTimeS);
    expect(frame.map((c) => c.id)).toEqual(['bank-angle', 'overspeed']);
    expect(frame.every((c) => c.interrupts)).toBe(true);
    const low = run(e, jet, 12.1, 25, (t) => cruise(t, { fuelKg: 100 }));
    expect(low.map((c) => c.id)).toEqual(['low-fuel']);
    expect(low[0]!.priority).toBe('caution');
    expect(low[0]!.interrupts).toBe(false);
  });

  it('stays silent when muted or disabled, and honours per-rule switches', () => {
    const muted = new CalloutEngine({ ...on, muted: true });
    expect(run(muted, jet, 0, 20, (t) => cruise(t, { rollDeg: 50 }))).toEqual([]);
    // Unmuting mid-excursion does not replay the latched call.
    muted.configure({ muted: false });
    expect(run(muted, jet, 20.1, 25, (t) => cruise(t, { rollDeg: 50 }))).toEqual([]);
    const off = new CalloutEngine({ ...on, rules: { 'bank-angle': false } });
    expect(run(off, jet, 0, 20, (t) => cruise(t, { rollDeg: 50, iasKt: 360 })).map((c) => c.id)).toEqual(['overspeed']);
    const disabled = new CalloutEngine({ ...on, enabled: false });
    expect(run(disabled, jet, 0, 20, (t) => cruise(t, { rollDeg: 50 }))).toEqual([]);
  });

  it('calls an altitude deviation from a captured altitude, with the amount', () => {
    const e = new CalloutEngine(on);
    const calls = run(e, jet, 0, 30, (t) => cruise(t, { altitudeFt: t < 15 ? 5000 : 5000 + (t - 15) * 40 }));
    const dev = calls.filter((c) => c.id === 'altitude-deviation');
    expect(dev).toHaveLength(1);
    expect(dev[0]!.text).toMatch(/^Altitude, \d+ feet high$/);
    expect(dev[0]!.simTimeS).toBeCloseTo(24.6, 0); // 300 ft exceeded at t 22.5, held 2 s
  });

  it('warns when the gear is up below 1000 ft with flaps out on a descent', () => {
    const e = new CalloutEngine(on);
    const calls = run(e, jet, 0, 40, (t) =>
      cruise(t, { altitudeFt: 2000 - t * 40, altitudeAglFt: 2000 - t * 40, verticalSpeedFpm: -2400, iasKt: 160, flapsIndex: 4, flapsRatio: 1, gearDown: false }),
    );
    expect(calls.filter((c) => c.id === 'gear-not-down').map((c) => Math.round(c.simTimeS))).toEqual([26]);
  });

  it('calls a stall below the flap-dependent stall speed but not on the ground', () => {
    const e = new CalloutEngine(on);
    const calls = run(e, jet, 0, 20, (t) => cruise(t, { iasKt: t > 10 ? 120 : 200, flapsRatio: 0, flapsIndex: 0 }));
    expect(calls.map((c) => c.id)).toEqual(['stall']);
    const ground = new CalloutEngine(on);
    expect(run(ground, jet, 0, 20, (t) => cruise(t, { onGround: true, altitudeAglFt: 0, iasKt: t > 10 ? 20 : 0, gearDown: true }))).toEqual([]);
  });

  it('says nothing during the first seconds while a sim is still loading zeros', () => {
    const e = new CalloutEngine(on);
    const zeros = { ...emptySimState(), onGround: false };
    expect(run(e, jet, 0, 4.5, (t) => ({ ...zeros, simTimeS: t }))).toEqual([]);
  });
});
