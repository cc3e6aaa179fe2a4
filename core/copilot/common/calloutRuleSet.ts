import type { SimState } from '../../sim/common/simState.js';
import { flapWords, stallKt, type CalloutId, type CalloutLimits } from './calloutRules.js';
import type { Phase } from './phaseDetector.js';

/** What a rule may look at besides the frame. */
export interface RuleEnv {
  phase: Phase;
  prev: SimState;
  limits: CalloutLimits;
  minimumsAglFt: number;
  /** Counts takeoff rolls: takeoff calls re-arm on each new one. */
  takeoffCount: number;
  /** Counts entries into the approach phase: approach calls re-arm on each. */
  approachCount: number;
  /** MSL altitude on the last frame with a wheel on the ground (liftoff altitude once airborne). */
  lastGroundAltitudeFt: number;
  /** The selected altitude and where the aircraft was when it was selected. */
  target: { altitudeFt: number; startAltitudeFt: number; generation: number; captured: boolean };
}

export interface CalloutRule {
  id: CalloutId;
  /** Condition; the rule fires once it has held for `holdS`. */
  when(s: SimState, env: RuleEnv): boolean;
  text(s: SimState, env: RuleEnv): string;
  /** Debounce, sim seconds. */
  holdS?: number;
  /** The rule re-arms when this key changes (a new takeoff, target or approach). */
  armKey?(env: RuleEnv): string;
  /** Or when the condition has been clear this long, s. */
  rearmAfterClearS?: number;
}

const takeoffPhases: ReadonlySet<Phase> = new Set(['takeoff-roll', 'initial-climb']);
const levelChangePhases: ReadonlySet<Phase> = new Set(['initial-climb', 'climb', 'cruise', 'descent']);
/** A selected altitude this close to where the change began is too small for "one thousand to go", ft. */
const MIN_LEVEL_CHANGE_FT = 900;
/** Inside this distance the capture is under way; calling "one thousand to go" would be late, ft. */
const CAPTURE_ZONE_FT = 150;

const takeoffKey = (env: RuleEnv): string => `t${env.takeoffCount}`;
const approachKey = (env: RuleEnv): string => `a${env.approachCount}`;

/** Height crossed downwards between the previous frame and this one. */
function crossedDown(s: SimState, env: RuleEnv, aglFt: number): boolean {
  return env.prev.altitudeAglFt > aglFt && s.altitudeAglFt <= aglFt && s.verticalSpeedFpm < 0;
}

function approachCall(id: CalloutId, aboveMinimumsFt: number, words: string): CalloutRule {
  return {
    id,
    when: (s, env) => (env.phase === 'approach' || env.phase === 'descent') && !s.onGround && crossedDown(s, env, env.minimumsAglFt + aboveMinimumsFt),
    text: () => words,
    armKey: approachKey,
  };
}

export function buildCalloutRules(limits: CalloutLimits): CalloutRule[] {
  const rules: CalloutRule[] = [];
  for (const call of limits.rollCalls) {
    rules.push({ id: call.id, when: (s, env) => env.phase === 'takeoff-roll' && s.iasKt >= call.kt, text: () => call.text, armKey: takeoffKey });
  }
  const v1Kt = limits.v1Kt;
  if (v1Kt !== undefined) {
    rules.push({ id: 'v1', when: (s, env) => env.phase === 'takeoff-roll' && s.iasKt >= v1Kt, text: () => 'V one', armKey: takeoffKey });
  }
  rules.push({ id: 'rotate', when: (s, env) => env.phase === 'takeoff-roll' && s.iasKt >= limits.vrKt, text: () => 'Rotate', armKey: takeoffKey });
  // Both the vertical speed and the altimeter show a climb, with all wheels off the ground.
  const positiveRate = (s: SimState, env: RuleEnv): boolean =>
    takeoffPhases.has(env.phase) && !s.onGround && s.verticalSpeedFpm > 100 && s.altitudeFt >= env.lastGroundAltitudeFt + 1;
  rules.push({ id: 'positive-rate', when: positiveRate, text: () => 'Positive rate', armKey: takeoffKey });
  if (limits.retractableGear) {
    rules.push({ id: 'gear-up', when: (s, env) => positiveRate(s, env) && s.gearDown, text: () => 'Gear up', armKey: takeoffKey });
  }
  rules.push({
    id: 'flaps-retract',
    when: (s, env) =>
      env.takeoffCount > 0 && (env.phase === 'initial-climb' || env.phase === 'climb') && s.altitudeAglFt < 3000 && s.flapsIndex > 0 && s.altitudeAglFt > 400 && s.verticalSpeedFpm > 0 &&
      s.iasKt >= (limits.flapRetractKt[s.flapsIndex] ?? Infinity),
    text: (s) => `Speed checks, ${flapWords(s.flapsIndex <= 1 ? 'up' : String(s.flapsIndex - 1))}`,
    armKey: (env) => `${takeoffKey(env)}:${env.prev.flapsIndex}`,
  });
  rules.push({
    id: 'one-thousand-to-go',
    when: (s, env) => {
      const t = env.target;
      const toGoFt = t.altitudeFt - s.altitudeFt;
      const towardFpm = s.verticalSpeedFpm * Math.sign(toGoFt);
      return (
        levelChangePhases.has(env.phase) && t.altitudeFt > s.altitudeFt - s.altitudeAglFt && Math.abs(t.altitudeFt - t.startAltitudeFt) >= MIN_LEVEL_CHANGE_FT &&
        Math.abs(toGoFt) <= 1000 && Math.abs(toGoFt) > CAPTURE_ZONE_FT && towardFpm > 100
      );
    },
    text: () => 'One thousand to go',
    armKey: (env) => `g${env.target.generation}`,
  });
  rules.push({
    id: 'altitude-deviation',
    when: (s, env) => env.target.captured && levelChangePhases.has(env.phase) && Math.abs(s.altitudeFt - env.target.altitudeFt) > limits.deviationFt,
    text: (s, env) => {
      const devFt = Math.round((s.altitudeFt - env.target.altitudeFt) / 10) * 10;
      return `Altitude, ${Math.abs(devFt)} feet ${devFt > 0 ? 'high' : 'low'}`;
    },
    holdS: 2,
    armKey: (env) => `g${env.target.generation}`,
    rearmAfterClearS: 5,
  });
  rules.push(approachCall('five-hundred-above', 500, 'Five hundred above'));
  rules.push(approachCall('one-hundred-above', 100, 'One hundred above'));
  rules.push(approachCall('minimums', 0, 'Minimums'));
  if (limits.retractableGear) {
    rules.push({
      id: 'gear-not-down',
      when: (s) => !s.onGround && !s.gearDown && s.flapsIndex > 0 && s.altitudeAglFt < 1000 && s.verticalSpeedFpm < -100,
      text: () => 'Gear not down',
      holdS: 1,
      rearmAfterClearS: 5,
    });
  }
  rules.push({ id: 'bank-angle', when: (s) => !s.onGround && Math.abs(s.rollDeg) > limits.bankDeg, text: () => 'Bank angle', holdS: 1, rearmAfterClearS: 2 });
  rules.push({ id: 'overspeed', when: (s) => s.iasKt > limits.maxKt, text: () => 'Overspeed', holdS: 1, rearmAfterClearS: 3 });
  rules.push({
    id: 'flaps-overspeed',
    when: (s) => s.flapsIndex > 0 && s.iasKt > (limits.vfeKt[s.flapsIndex] ?? Infinity) + 2,
    text: () => 'Flap overspeed',
    holdS: 2,
    rearmAfterClearS: 3,
  });
  rules.push({
    id: 'stall',
    when: (s) => !s.onGround && s.altitudeAglFt > 50 && s.iasKt < stallKt(limits, s.flapsRatio),
    text: () => 'Stall, stall',
    holdS: 0.5,
    rearmAfterClearS: 2,
  });
  rules.push({
    id: 'low-fuel',
    when: (s) => s.engineRunning && s.fuelKg < limits.lowFuelKg,
    text: (s) => `Low fuel, ${Math.round(s.fuelKg)} kilograms remaining`,
    holdS: 10,
    rearmAfterClearS: 60,
  });
  return rules;
}
