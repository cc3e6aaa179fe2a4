import { describe, expect, it } from 'vitest';
import { emptySimState, type SimState } from '../../sim/common/simState.js';
import { PhaseDetector, type Phase } from './phaseDetector.js';

function frames(detector: PhaseDetector, t0: number, t1: number, frame: (t: number) => Partial<SimState>): Phase[] {
  const seen: Phase[] = [];
  for (let i = 0; t0 + i / 10 <= t1; i++) {
    const t = t0 + i / 10;
    const p = detector.update({ ...emptySimState(), simTimeS: t, ...frame(t) });
    if (seen[seen.length - 1] !== p) seen.push(p);
  }
  return seen;
}

describe('PhaseDetector', () => {
  it('is parked before any frame and on a stationary first frame', () => {
    const d = new PhaseDetector();
    expect(d.phase).toBe('parked');
    expect(frames(d, 0, 3, () => ({}))).toEqual(['parked']);
  });

  it('goes taxi -> parked after stopping for a while', () => {
    const d = new PhaseDetector();
    expect(frames(d, 0, 20, (t) => ({ groundSpeedKt: t < 10 ? 12 : 0 }))).toEqual(['taxi', 'parked']);
  });

  it('holds climb through a vertical-speed oscillation instead of flapping', () => {
    const d = new PhaseDetector();
    const seen = frames(d, 0, 120, (t) => ({ onGround: false, altitudeAglFt: 5000, altitudeFt: 5000, iasKt: 100, verticalSpeedFpm: 600 + 500 * Math.sin(t) }));
    expect(seen).toEqual(['climb']);
  });

  it('needs the dwell time before changing an airborne phase', () => {
    const d = new PhaseDetector();
    const air = { onGround: false, altitudeAglFt: 5000, altitudeFt: 5000, iasKt: 100 };
    frames(d, 0, 10, () => ({ ...air }));
    expect(d.phase).toBe('cruise');
    // a 2 s dip is ignored
    frames(d, 10.1, 12, () => ({ ...air, verticalSpeedFpm: -1000 }));
    frames(d, 12.1, 20, () => ({ ...air }));
    expect(d.phase).toBe('cruise');
    expect(frames(d, 20.1, 40, () => ({ ...air, verticalSpeedFpm: -1000 }))).toEqual(['cruise', 'descent']);
  });

  it('tells a landing roll from a takeoff roll and restarts on a sim-time reset', () => {
    const d = new PhaseDetector();
    frames(d, 0, 20, (t) => ({ onGround: false, altitudeAglFt: 1000 - t * 10, altitudeFt: 1000 - t * 10, verticalSpeedFpm: -600, iasKt: 70, flapsIndex: 2 }));
    expect(d.phase).toBe('approach');
    expect(frames(d, 20.1, 30, (t) => ({ onGround: true, groundSpeedKt: 60 - (t - 20) * 5, iasKt: 60 }))).toEqual(['approach', 'landing-roll', 'taxi']);
    d.update({ ...emptySimState(), simTimeS: 0 });
    expect(d.phase).toBe('parked');
  });
});
