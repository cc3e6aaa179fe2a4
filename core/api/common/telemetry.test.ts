import { describe, expect, it } from 'vitest';
import { emptySimState } from '../../sim/common/simState.js';
import { toTelemetry } from './telemetry.js';

describe('toTelemetry', () => {
  it('rounds to display steps without binary noise', () => {
    const t = toTelemetry({ ...emptySimState(), headingDegMag: 95.6000001, verticalSpeedFpm: 487, latDeg: 21.3187234567, iasKt: 109.96 });
    expect(t.headingDegMag).toBe(95.6);
    expect(t.verticalSpeedFpm).toBe(490);
    expect(t.latDeg).toBe(21.31872);
    expect(t.iasKt).toBe(110);
  });

  it('lists the engaged autopilot modes', () => {
    const s = emptySimState();
    s.ap.modes.hdg = true;
    s.ap.modes.vs = true;
    expect(toTelemetry(s).apModes).toEqual(['hdg', 'vs']);
  });
});
