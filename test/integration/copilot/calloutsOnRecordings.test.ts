import { describe, expect, it } from 'vitest';
import { CalloutEngine } from '../../../core/copilot/common/calloutEngine.js';
import type { Callout } from '../../../core/copilot/common/calloutRules.js';
import type { Phase } from '../../../core/copilot/common/phaseDetector.js';
import { genericProfile } from '../../../core/sim/common/aircraftProfile.js';
import { loadRecording, type RecordingName } from './recordings.js';

/** The c172p: the generic light single's detents and speeds, with fixed gear. */
const c172p = { ...genericProfile, id: 'c172p', retractableGear: false };

function replay(name: RecordingName): { callouts: Callout[]; phases: { phase: Phase; t: number }[] } {
  const engine = new CalloutEngine({ enabled: true, muted: false, rules: {} });
  const callouts: Callout[] = [];
  const phases: { phase: Phase; t: number }[] = [];
  for (const s of loadRecording(name)) {
    callouts.push(...engine.evaluate(s, c172p));
    if (phases[phases.length - 1]?.phase !== engine.phase) phases.push({ phase: engine.phase, t: s.simTimeS });
  }
  return { callouts, phases };
}

const warningsOrCautions = (cs: Callout[]): Callout[] => cs.filter((c) => c.priority !== 'info');

describe('callouts and phases on the FlightGear recordings (c172p)', () => {
  it('takeoff: airspeed alive, rotate, positive rate in order, once each, within 1 s of the README events', () => {
    const { callouts, phases } = replay('takeoff');
    const ids = callouts.map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual(['airspeed-alive', 'rotate', 'positive-rate']);
    for (const id of ['airspeed-alive', 'rotate', 'positive-rate'] as const) expect(ids.filter((i) => i === id)).toHaveLength(1);
    const at = (id: string): number => callouts.find((c) => c.id === id)!.simTimeS;
    expect(Math.abs(at('airspeed-alive') - 131.2)).toBeLessThanOrEqual(1); // README: IAS 40 at t 131.2
    expect(Math.abs(at('rotate') - 136.0)).toBeLessThanOrEqual(1); // IAS 55: rotate
    expect(Math.abs(at('positive-rate') - 136.6)).toBeLessThanOrEqual(1); // all wheels off at 136.6
    expect(at('positive-rate')).toBeGreaterThan(136.6);
    // Climbing to the selected 1500 ft: "one thousand to go" passing 500 ft.
    const toGo = callouts.find((c) => c.id === 'one-thousand-to-go');
    expect(toGo).toBeDefined();
    expect(warningsOrCautions(callouts)).toEqual([]);
    expect(callouts.some((c) => c.id === 'gear-up' || c.id === 'eighty-knots')).toBe(false); // fixed gear, rotates at 55
    // parked from engine start to brake release at 117.8, then the roll, then airborne.
    const phaseAt = (t: number): Phase => [...phases].reverse().find((p) => p.t <= t)!.phase;
    expect(phaseAt(110)).toBe('parked');
    expect(phaseAt(130)).toBe('takeoff-roll');
    expect(phaseAt(140)).toBe('initial-climb');
    expect(phaseAt(250)).toBe('climb');
    const roll = phases.find((p) => p.phase === 'takeoff-roll')!;
    expect(roll.t).toBeGreaterThan(117.8);
    expect(roll.t).toBeLessThan(123);
  });

  it('cruise: "one thousand to go" for the 3000 -> 4000 climb and no spurious warnings', () => {
    const { callouts, phases } = replay('cruise_turns');
    const toGo = callouts.filter((c) => c.id === 'one-thousand-to-go');
    expect(toGo).toHaveLength(1);
    expect(toGo[0]!.simTimeS).toBeGreaterThan(73.4); // target 4000 selected at 73.4
    expect(toGo[0]!.simTimeS).toBeLessThan(80);
    // 4000 -> 3500 is a 500 ft change: no "one thousand to go"; 20 deg turns: no bank angle.
    expect(warningsOrCautions(callouts)).toEqual([]);
    expect(callouts.map((c) => c.id)).toEqual(['one-thousand-to-go']);
    expect(phases.map((p) => p.phase)).toContain('climb');
    expect(phases[phases.length - 1]!.phase).toBe('descent');
  });

  it('descent: five hundred above, one hundred above, minimums in order, then the landing roll', () => {
    const { callouts, phases } = replay('descent_approach');
    const approach = callouts.filter((c) => ['five-hundred-above', 'one-hundred-above', 'minimums'].includes(c.id));
    expect(approach.map((c) => c.id)).toEqual(['five-hundred-above', 'one-hundred-above', 'minimums']);
    const minimums = approach[2]!;
    expect(Math.abs(minimums.simTimeS - 267.3)).toBeLessThanOrEqual(1); // README: 200 ft AGL at t 267.3
    expect(warningsOrCautions(callouts).map((c) => c.id)).toEqual(['minimums']);
    const landing = phases.find((p) => p.phase === 'landing-roll')!;
    expect(Math.abs(landing.t - 309.1)).toBeLessThanOrEqual(2); // touchdown at 309.1
    expect(phases.slice(-3).map((p) => p.phase)).toEqual(['landing-roll', 'taxi', 'parked']);
  });
});
