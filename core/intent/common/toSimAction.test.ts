import { describe, expect, it } from 'vitest';
import { genericProfile, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { toSimAction } from './toSimAction.js';

const airliner: AircraftProfile = {
  ...genericProfile,
  id: 'test-jet',
  name: 'test jet',
  category: 'jet',
  flaps: [
    { name: 'up', degrees: 0, ratio: 0 },
    { name: '1', degrees: 1, ratio: 0.125 },
    { name: '5', degrees: 5, ratio: 0.375 },
    { name: '15', degrees: 15, ratio: 0.625 },
    { name: '30', degrees: 30, ratio: 1 },
  ],
};

describe('toSimAction', () => {
  it('resolves flaps by detent name, then degrees, and "up"/"full" by position', () => {
    expect(toSimAction({ kind: 'flaps', setting: 15 }, airliner)).toEqual({ action: { type: 'flaps', index: 3, ratio: 0.625 } });
    expect(toSimAction({ kind: 'flaps', setting: 'full' }, airliner)).toEqual({ action: { type: 'flaps', index: 4, ratio: 1 } });
    expect(toSimAction({ kind: 'flaps', setting: 'up' }, airliner)).toEqual({ action: { type: 'flaps', index: 0, ratio: 0 } });
    // Generic: detent "2" by name, 20 degrees is the same detent.
    expect(toSimAction({ kind: 'flaps', setting: 2 }, genericProfile)).toEqual({ action: { type: 'flaps', index: 2, ratio: 2 / 3 } });
    expect(toSimAction({ kind: 'flaps', setting: 20 }, genericProfile)).toEqual({ action: { type: 'flaps', index: 2, ratio: 2 / 3 } });
  });

  it('refuses an unknown detent with the valid ones', () => {
    expect(toSimAction({ kind: 'flaps', setting: 25 }, airliner)).toEqual({ refusal: 'unable, the test jet has no flaps twenty five; say flaps up, one, five, fifteen or thirty' });
  });

  it('converts hPa to inHg', () => {
    expect(toSimAction({ kind: 'altimeter', pressure: { unit: 'hPa', hPa: 1013 } }, genericProfile)).toEqual({ action: { type: 'altimeter', inHg: 29.91 } });
    expect(toSimAction({ kind: 'altimeter', pressure: { unit: 'inHg', inHg: 30.1 } }, genericProfile)).toEqual({ action: { type: 'altimeter', inHg: 30.1 } });
  });

  it('refuses what the connected sim cannot write, and fixed gear', () => {
    const writes = new Set(['apHeading'] as const);
    expect(toSimAction({ kind: 'transponder', code: 7000 }, genericProfile, writes)).toEqual({ refusal: 'unable, the connected sim cannot set the transponder' });
    expect(toSimAction({ kind: 'apHeading', headingDegMag: 90 }, genericProfile, writes)).toEqual({ action: { type: 'apHeading', headingDegMag: 90 } });
    expect(toSimAction({ kind: 'gear', down: true }, { ...genericProfile, retractableGear: false })).toEqual({ refusal: 'unable, the Generic aircraft has fixed gear' });
  });

  it('returns null for intents that are not sim writes', () => {
    expect(toSimAction({ kind: 'query', what: 'fuel' }, genericProfile)).toBeNull();
    expect(toSimAction({ kind: 'llm', reason: 'x' }, genericProfile)).toBeNull();
  });
});
