import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';

/**
 * Callout ids, their words and priorities, and the per-profile numbers the engine checks.
 *
 * Ground-roll speed calls depend on the type: a jet or turboprop calls "eighty knots" and/or
 * "one hundred knots" only when it rotates above them; a light single (the c172 rotates at 55 kt
 * and never sees 60 on the roll) calls "airspeed alive" at 40 kt, and "sixty knots" only when
 * Vr is above 65 kt (a light twin, say).
 */
export const calloutIds = [
  'airspeed-alive',
  'sixty-knots',
  'eighty-knots',
  'one-hundred-knots',
  'v1',
  'rotate',
  'positive-rate',
  'gear-up',
  'flaps-retract',
  'one-thousand-to-go',
  'altitude-deviation',
  'five-hundred-above',
  'one-hundred-above',
  'minimums',
  'gear-not-down',
  'bank-angle',
  'overspeed',
  'flaps-overspeed',
  'stall',
  'low-fuel',
] as const;
export type CalloutId = (typeof calloutIds)[number];
export type CalloutPriority = 'info' | 'caution' | 'warning';

/** One spoken callout; matches the contract's `callout` event (plus `interrupts`). */
export interface Callout {
  id: CalloutId;
  text: string;
  priority: CalloutPriority;
  simTimeS: number;
  /** Warnings cut in over whatever is being said (the speaker stops the current sentence). */
  interrupts: boolean;
}

export const calloutPriority: Record<CalloutId, CalloutPriority> = {
  'airspeed-alive': 'info',
  'sixty-knots': 'info',
  'eighty-knots': 'info',
  'one-hundred-knots': 'info',
  v1: 'info',
  rotate: 'info',
  'positive-rate': 'info',
  'gear-up': 'info',
  'flaps-retract': 'info',
  'one-thousand-to-go': 'info',
  'altitude-deviation': 'caution',
  'five-hundred-above': 'info',
  'one-hundred-above': 'info',
  minimums: 'caution',
  'gear-not-down': 'warning',
  'bank-angle': 'warning',
  overspeed: 'warning',
  'flaps-overspeed': 'warning',
  stall: 'warning',
  'low-fuel': 'caution',
};

export const priorityRank: Record<CalloutPriority, number> = { warning: 0, caution: 1, info: 2 };

/** The numbers the callout engine checks for one aircraft. */
export interface CalloutLimits {
  rollCalls: { id: CalloutId; kt: number; text: string }[];
  v1Kt: number | undefined;
  vrKt: number;
  retractableGear: boolean;
  /** IAS at or above which flaps may come up one detent from index i (index 0 unused), kt. */
  flapRetractKt: number[];
  /** Stall speed with flaps up and with full flaps, kt. */
  vs1Kt: number;
  vsoKt: number;
  /** Red line: VMO for jets, VNE otherwise, kt. */
  maxKt: number;
  /** VFE per flap detent (Infinity where none), kt. */
  vfeKt: number[];
  lowFuelKg: number;
  /** Altitude deviation from a captured target that is called, ft. */
  deviationFt: number;
  /** Bank angle that is called, deg. */
  bankDeg: number;
}

export function calloutLimitsFor(profile: AircraftProfile): CalloutLimits {
  const s = profile.speeds;
  const light = profile.category === 'piston-single' || profile.category === 'piston-twin';
  const rollCalls: CalloutLimits['rollCalls'] = [];
  if (light) {
    rollCalls.push({ id: 'airspeed-alive', kt: 40, text: 'Airspeed alive' });
    if (s.vrKt > 65) rollCalls.push({ id: 'sixty-knots', kt: 60, text: 'Sixty knots' });
  } else {
    // Boeing-style 80 and Airbus-style 100, each only where the type reaches it before rotation.
    if (s.vrKt > 85) rollCalls.push({ id: 'eighty-knots', kt: 80, text: 'Eighty knots' });
    if (s.vrKt > 110) rollCalls.push({ id: 'one-hundred-knots', kt: 100, text: 'One hundred knots' });
  }
  const last = profile.flaps.length - 1;
  // Retracting from detent i: a margin over the clean stall speed that grows as the flaps get cleaner.
  const flapRetractKt = profile.flaps.map((_, i) => (i === 0 ? Infinity : Math.round(s.vs1Kt * 1.2 + 5 * (last - i))));
  return {
    rollCalls,
    v1Kt: s.v1Kt,
    vrKt: s.vrKt,
    retractableGear: profile.retractableGear,
    flapRetractKt,
    vs1Kt: s.vs1Kt,
    vsoKt: s.vsoKt,
    maxKt: s.vmoKt ?? s.vneKt,
    vfeKt: profile.flaps.map((d) => d.maxKt ?? Infinity),
    lowFuelKg: profile.lowFuelKg,
    deviationFt: light ? 200 : 300,
    bankDeg: light ? 45 : 35,
  };
}

/** Stall speed for a flap ratio: linear between VS1 (clean) and VSO (full), kt. */
export function stallKt(limits: CalloutLimits, flapsRatio: number): number {
  return limits.vs1Kt + (limits.vsoKt - limits.vs1Kt) * Math.min(1, Math.max(0, flapsRatio));
}

/** Words for a flap detent name in a callout: "up", "flaps 1" etc. */
export function flapWords(name: string): string {
  return name === 'up' ? 'flaps up' : `flaps ${name}`;
}
