import { describe, expect, it } from 'vitest';
import { genericProfile } from './aircraftProfile.js';
import { applyDemoAction, demoInitialState, headingDeltaDeg, stepDemo } from './demoFlightModel.js';
import { DemoSim } from './demoSim.js';

const fly = (seconds: number, s = demoInitialState(genericProfile), dt = 0.05) => {
  for (let t = 0; t < seconds; t += dt) s = stepDemo(s, dt, genericProfile);
  return s;
};

describe('demo flight model', () => {
  it('is deterministic: the same steps give the same state', () => {
    const a = fly(20, applyDemoAction(demoInitialState(genericProfile), { type: 'apHeading', headingDegMag: 200 }, genericProfile));
    const b = fly(20, applyDemoAction(demoInitialState(genericProfile), { type: 'apHeading', headingDegMag: 200 }, genericProfile));
    expect(a).toEqual(b);
  });

  it('turns toward the heading bug the short way at standard rate, then holds it', () => {
    const s0 = applyDemoAction(demoInitialState(genericProfile), { type: 'apHeading', headingDegMag: 60 }, genericProfile);
    const after5 = fly(5, s0);
    expect(after5.headingDegMag).toBeCloseTo(75, 0); // left turn from 090 at 3 deg/s
    expect(after5.rollDeg).toBeLessThan(0);
    const after20 = fly(20, s0);
    expect(after20.headingDegMag).toBeCloseTo(60, 1);
  });

  it('turns through north', () => {
    let s = applyDemoAction(demoInitialState(genericProfile), { type: 'apHeading', headingDegMag: 270 }, genericProfile);
    s = { ...s, headingDegMag: 10 };
    s = fly(10, s);
    expect(s.headingDegMag).toBeGreaterThan(330);
    expect(headingDeltaDeg(350, 10)).toBe(20);
    expect(headingDeltaDeg(10, 350)).toBe(-20);
  });

  it('climbs to and captures a new altitude', () => {
    const s = fly(240, applyDemoAction(demoInitialState(genericProfile), { type: 'apAltitude', altitudeFt: 7000 }, genericProfile));
    expect(s.altitudeFt).toBeGreaterThan(6950);
    expect(s.altitudeFt).toBeLessThan(7050);
    expect(Math.abs(s.verticalSpeedFpm)).toBeLessThan(100);
  });

  it('flies a selected vertical speed and stops at the selected altitude', () => {
    let s = applyDemoAction(demoInitialState(genericProfile), { type: 'apAltitude', altitudeFt: 4500 }, genericProfile);
    s = applyDemoAction(s, { type: 'apVerticalSpeed', verticalSpeedFpm: -1000 }, genericProfile);
    const mid = fly(30, s);
    expect(mid.verticalSpeedFpm).toBeCloseTo(-1000, -1);
    const end = fly(120, s);
    expect(end.altitudeFt).toBeGreaterThan(4400);
    expect(end.altitudeFt).toBeLessThan(4560);
  });

  it('chases the selected speed and burns fuel', () => {
    const s0 = demoInitialState(genericProfile);
    const s = fly(60, applyDemoAction(s0, { type: 'apSpeed', speedKt: 130 }, genericProfile));
    expect(s.iasKt).toBeCloseTo(130, 0);
    expect(s.fuelKg).toBeLessThan(s0.fuelKg);
    expect(s.lonDeg).toBeGreaterThan(s0.lonDeg); // flying east
  });

  it('applies radios, swap, transponder, lights, gear and flaps', () => {
    let s = demoInitialState(genericProfile);
    s = applyDemoAction(s, { type: 'radio', radio: 'com1', slot: 'standby', khz: 121500 }, genericProfile);
    s = applyDemoAction(s, { type: 'radioSwap', radio: 'com1' }, genericProfile);
    expect(s.radios.com1ActiveKhz).toBe(121500);
    expect(s.radios.com1StandbyKhz).toBe(118300);
    s = applyDemoAction(s, { type: 'transponder', code: 7000 }, genericProfile);
    s = applyDemoAction(s, { type: 'light', light: 'landing', on: true }, genericProfile);
    s = applyDemoAction(s, { type: 'gear', down: true }, genericProfile);
    s = applyDemoAction(s, { type: 'flaps', index: 2, ratio: 2 / 3 }, genericProfile);
    expect(s).toMatchObject({ xpdrCode: 7000, gearDown: true, flapsIndex: 2, lights: { landing: true } });
  });
});

describe('DemoSim adapter', () => {
  it('confirms a write by readback on the next tick and refuses after dispose', async () => {
    const sim = new DemoSim({ rateHz: 50 });
    await sim.start();
    const states: number[] = [];
    sim.onState((s) => states.push(s.ap.headingDegMag));
    const outcome = await sim.write({ type: 'apHeading', headingDegMag: 270 });
    expect(outcome.status).toBe('applied');
    expect(sim.state().ap.headingDegMag).toBe(270);
    expect(states.at(-1)).toBe(270);
    expect(sim.connection().phase).toBe('connected');
    await sim.dispose();
    expect(sim.connection().phase).toBe('stopped');
    expect((await sim.write({ type: 'apHeading', headingDegMag: 90 })).status).toBe('refused');
  });

  it('reports a cancelled write as refused', async () => {
    const sim = new DemoSim({ rateHz: 1 });
    await sim.start();
    const ac = new AbortController();
    const p = sim.write({ type: 'apAltitude', altitudeFt: 9000 }, ac.signal);
    ac.abort();
    expect(await p).toMatchObject({ status: 'refused', reason: 'cancelled' });
    await sim.dispose();
  });

  it('rejects a nonsensical tick rate', () => {
    expect(() => new DemoSim({ rateHz: 0 })).toThrow(/1-240 Hz/);
  });
});

describe('cloneSimState', () => {
  it('copies every nested record, so changing the copy leaves the original alone', async () => {
    const { cloneSimState } = await import('./simState.js');
    const a = demoInitialState(genericProfile);
    const b = cloneSimState(a);
    expect(b).toEqual(a);
    b.ap.modes.hdg = !a.ap.modes.hdg;
    b.radios.com1ActiveKhz = 1;
    b.lights.landing = !a.lights.landing;
    expect(a).toEqual(demoInitialState(genericProfile));
  });
});
