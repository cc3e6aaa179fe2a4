import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { demoInitialState } from '../../sim/common/demoFlightModel.js';
import { riskOf } from './risk.js';

describe('a said turn direction counts in the risk of a heading change', () => {
  const state = demoInitialState(genericProfile); // heading and bug 090

  it('"turn left heading one zero zero" on 090 is a 350 degree turn: high risk', () => {
    expect(riskOf({ kind: 'apHeading', headingDegMag: 100, turn: 'left' }, state, genericProfile)).toBe('high');
  });

  it('"turn right heading one zero zero", or no direction, is the 10 degree turn it looks', () => {
    expect(riskOf({ kind: 'apHeading', headingDegMag: 100, turn: 'right' }, state, genericProfile)).toBe('normal');
    expect(riskOf({ kind: 'apHeading', headingDegMag: 100 }, state, genericProfile)).toBe('normal');
  });
});
