import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlightgearCsv } from './flightgearCsv.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/flightgear/${name}`, import.meta.url)), 'utf8');

describe('parseFlightgearCsv', () => {
  it('parses the takeoff recording into SimStates with normalised units', () => {
    const { states, dropped } = parseFlightgearCsv(fixture('takeoff.csv'));
    expect(dropped).toBe(0);
    expect(states.length).toBe(2103);
    const first = states[0]!;
    expect(first.simTimeS).toBeCloseTo(46.99, 2);
    expect(first.timestampMs).toBe(1795932076910);
    expect(first.onGround).toBe(true);
    expect(first.gearDown).toBe(true); // c172p fixed gear although gear_down is 0
    expect(first.radios.com1ActiveKhz).toBe(123900);
    expect(first.radios.nav1ActiveKhz).toBe(112000);
    // 10.75 US gal of avgas at 0.72 kg/l
    expect(first.fuelKg).toBeCloseTo(10.75 * 3.785411784 * 0.72, 3);
    const maxVsFpm = Math.max(...states.map((s) => s.verticalSpeedFpm));
    expect(maxVsFpm).toBeCloseTo(23.3 * 60, -1);
    const airborne = states.find((s) => !s.onGround)!;
    expect(airborne.simTimeS).toBeGreaterThan(136);
    expect(airborne.simTimeS).toBeLessThan(137);
  });

  it('maps the descent flap positions to the c172 detents 10/20/30', () => {
    const { states } = parseFlightgearCsv(fixture('descent_approach.csv'));
    const indexAt = (t: number): number => states.find((s) => s.simTimeS >= t)!.flapsIndex;
    expect(indexAt(100)).toBe(1);
    expect(indexAt(180)).toBe(2);
    expect(indexAt(260)).toBe(3);
  });

  it('keeps headings within 0..360 through north in the cruise recording', () => {
    const { states, dropped } = parseFlightgearCsv(fixture('cruise_turns.csv'));
    expect(dropped).toBe(0);
    expect(states.every((s) => s.headingDegMag >= 0 && s.headingDegMag < 360)).toBe(true);
  });

  it('counts malformed rows instead of throwing', () => {
    const [header, row] = fixture('takeoff.csv').split('\n');
    const text = [header, row, 'garbage', row!.replace('21.9', 'abc'), row!.split(',').slice(0, 5).join(','), '', row].join('\n');
    const { states, dropped } = parseFlightgearCsv(text);
    expect(states.length).toBe(2);
    expect(dropped).toBe(3);
  });

  it('drops every row when required columns are missing and handles empty input', () => {
    expect(parseFlightgearCsv('a,b\n1,2\n3,4')).toEqual({ states: [], dropped: 2 });
    expect(parseFlightgearCsv('')).toEqual({ states: [], dropped: 0 });
  });

  it('reads gear_down when the aircraft has retractable gear', () => {
    const { states } = parseFlightgearCsv(fixture('takeoff.csv').split('\n').slice(0, 3).join('\n'), { retractableGear: true });
    expect(states[0]!.gearDown).toBe(false);
  });
});
