import { describe, expect, it } from 'vitest';
import { genericProfile } from './aircraftProfile.js';
import { DemoSim } from './demoSim.js';
import type { SimAction } from './simAction.js';

/** Model step for these tests: 10 Hz, as the engine's demo runs. */
const DT_S = 0.1;

/** A demo sim flying 090 whose clock the test drives (one tick per second of real time at most, never counted on). */
async function demo(): Promise<DemoSim> {
  const sim = new DemoSim({ rateHz: 1, profile: genericProfile });
  await sim.start();
  return sim;
}

async function command(sim: DemoSim, action: SimAction): Promise<void> {
  const outcome = sim.write(action);
  sim.tick(DT_S);
  expect((await outcome).status).toBe('applied');
}

function fly(sim: DemoSim, seconds: number): void {
  for (let t = 0; t < seconds; t += DT_S) sim.tick(DT_S);
}

describe('the demo aircraft turns the way the pilot said', () => {
  it('"turn left heading one zero zero" from 090 turns left, the long way round, and captures 100', async () => {
    const sim = await demo();
    await command(sim, { type: 'apHeading', headingDegMag: 100, turn: 'left' });
    fly(sim, 5);
    expect(sim.state().headingDegMag).toBeGreaterThan(70);
    expect(sim.state().headingDegMag).toBeLessThan(80); // 090 - 5 s x 3 deg/s: turning left
    expect(sim.state().rollDeg).toBeLessThan(0);
    fly(sim, 60);
    expect(sim.state().headingDegMag).toBeGreaterThan(245); // 65 s x 3 deg/s left of 090: through south
    expect(sim.state().headingDegMag).toBeLessThan(265);
    fly(sim, 60);
    expect(sim.state().headingDegMag).toBeCloseTo(100, 3);
    fly(sim, 10);
    expect(sim.state().headingDegMag).toBeCloseTo(100, 3); // holds it, no second orbit
    expect(Math.abs(sim.state().rollDeg)).toBeLessThan(1);
    await sim.dispose();
  });

  it('"turn right heading zero eight zero" from 090 turns right, the long way round', async () => {
    const sim = await demo();
    await command(sim, { type: 'apHeading', headingDegMag: 80, turn: 'right' });
    fly(sim, 5);
    expect(sim.state().headingDegMag).toBeGreaterThan(100);
    expect(sim.state().rollDeg).toBeGreaterThan(0);
    fly(sim, 125);
    expect(sim.state().headingDegMag).toBeCloseTo(80, 3);
    await sim.dispose();
  });

  it('without a direction it turns the shorter way; a new heading without one cancels the old direction', async () => {
    const sim = await demo();
    await command(sim, { type: 'apHeading', headingDegMag: 100 });
    fly(sim, 2);
    expect(sim.state().headingDegMag).toBeGreaterThan(90);
    await command(sim, { type: 'apHeading', headingDegMag: 60, turn: 'right' });
    fly(sim, 2);
    expect(sim.state().headingDegMag).toBeGreaterThan(96); // still right, toward 060 the long way
    await command(sim, { type: 'apHeading', headingDegMag: 60 });
    fly(sim, 5);
    expect(sim.state().headingDegMag).toBeLessThan(96); // now the short way: left
    await sim.dispose();
  });
});

describe('sims that only take a heading bug', () => {
  it('get the bug for a heading with a turn direction (their autopilot turns the shorter way)', async () => {
    const { xplaneWritesFor } = await import('./xplaneDatarefs.js');
    const { flightgearSetsFor } = await import('./flightgearProtocol.js');
    const { msfsEventsFor } = await import('./msfsMapping.js');
    const { demoInitialState } = await import('./demoFlightModel.js');
    const action: SimAction = { type: 'apHeading', headingDegMag: 270, turn: 'left' };
    const state = demoInitialState(genericProfile);
    expect(xplaneWritesFor(action, state, genericProfile)).toEqual([{ kind: 'dref', path: 'sim/cockpit2/autopilot/heading_dial_deg_mag_pilot', value: 270 }]);
    expect(flightgearSetsFor(action, state, genericProfile)).toEqual([{ path: '/autopilot/settings/heading-bug-deg', value: '270.0' }]);
    expect(msfsEventsFor(action, state)).toEqual([{ event: 'HEADING_BUG_SET', data: 270 }]);
  });
});
