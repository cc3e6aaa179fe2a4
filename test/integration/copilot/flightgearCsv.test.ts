import { describe, expect, it } from 'vitest';
import { parseFlightgearCsv } from '../../../core/sim/common/flightgearCsv.js';
import { recordingText } from './recordings.js';

describe('parseFlightgearCsv on the real recordings', () => {
  it('parses the takeoff recording into SimStates with normalised units', () => {
    const { states, dropped } = parseFlightgearCsv(recordingText('takeoff'));
    expect(dropped).toBe(0);
    expect(states.length).toBe(2103);
    const maxVsFpm = Math.max(...states.map((s) => s.verticalSpeedFpm));
    expect(maxVsFpm).toBeCloseTo(23.3 * 60, -1);
    const airborne = states.find((s) => !s.onGround)!;
    expect(airborne.simTimeS).toBeGreaterThan(136);
    expect(airborne.simTimeS).toBeLessThan(137);
  });

  it('maps the descent flap positions to the c172 detents 10/20/30', () => {
    const { states, dropped } = parseFlightgearCsv(recordingText('descent_approach'));
    expect(dropped).toBe(0);
    const indexAt = (t: number): number => states.find((s) => s.simTimeS >= t)!.flapsIndex;
    expect(indexAt(100)).toBe(1);
    expect(indexAt(180)).toBe(2);
    expect(indexAt(260)).toBe(3);
  });

  it('keeps headings within 0..360 through north in the cruise recording', () => {
    const { states, dropped } = parseFlightgearCsv(recordingText('cruise_turns'));
    expect(dropped).toBe(0);
    expect(states.every((s) => s.headingDegMag >= 0 && s.headingDegMag < 360)).toBe(true);
  });
});
