import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { demoInitialState } from '../../sim/common/demoFlightModel.js';
import { buildSimContext } from './simContext.js';

describe('buildSimContext', () => {
  it('carries phase, position, altitude, speed, heading, autopilot, fuel, profile and checklist', () => {
    const state = demoInitialState(genericProfile);
    const text = buildSimContext({
      state,
      profile: genericProfile,
      phase: 'cruise',
      checklist: { type: 'checklist', name: 'approach', title: 'Approach', index: 1, items: [{ challenge: 'Altimeter', response: 'Set', status: 'checked' }, { challenge: 'Fuel selector', response: 'Both', status: 'pending' }], done: false },
    });
    expect(text).toContain('Phase: cruise; airborne');
    expect(text).toContain('Position 21.3187N 157.9224W; altitude 5500 ft MSL');
    expect(text).toContain('IAS 110 kt');
    expect(text).toContain('heading 090 magnetic');
    expect(text).toContain('Autopilot engaged (HDG ALT); selected heading 090, altitude 5500 ft');
    expect(text).toContain('Fuel 140.0 kg');
    expect(text).toContain('endurance 4 h 23 min'); // 140 kg at 32 kg/h
    expect(text).toContain('Aircraft: Generic aircraft (piston-single, retractable gear)');
    expect(text).toContain('Checklist in progress: Approach, item 2 of 2 (Fuel selector).');
    expect(text).toContain('COM1 118.300');
    expect(text.length).toBeLessThan(1400);
  });

  it('says when endurance is unknown', () => {
    const state = { ...demoInitialState(genericProfile), fuelFlowKgPerH: 0 };
    expect(buildSimContext({ state, profile: genericProfile })).toContain('endurance unknown');
  });
});
