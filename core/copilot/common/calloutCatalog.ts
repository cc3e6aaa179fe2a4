import type { CalloutId } from './calloutRules.js';

/** What a callout is for, in the words the Settings list shows beside its switch. */
export interface CalloutInfo {
  /** The words as spoken, or their gist. */
  title: string;
  /** When it is called, for a pilot deciding whether to keep it. */
  description: string;
}

/** Every callout, in calloutIds order: a missing one fails to compile. */
export const calloutCatalog: Record<CalloutId, CalloutInfo> = {
  'airspeed-alive': { title: 'Airspeed alive', description: 'Takeoff roll of a light aircraft: the airspeed indicator comes alive (40 kt).' },
  'sixty-knots': { title: 'Sixty knots', description: 'Takeoff roll of a light aircraft that rotates above 65 kt: the speed cross-check.' },
  'eighty-knots': { title: 'Eighty knots', description: 'Takeoff roll of a jet or turboprop that rotates above 85 kt: the Boeing-style speed check.' },
  'one-hundred-knots': { title: 'One hundred knots', description: 'Takeoff roll of a type that rotates above 110 kt: the Airbus-style speed check.' },
  v1: { title: 'V one', description: 'Takeoff roll: decision speed reached (types with a V1 in their profile).' },
  rotate: { title: 'Rotate', description: 'Takeoff roll: rotation speed (Vr) reached.' },
  'positive-rate': { title: 'Positive rate', description: 'After liftoff: vertical speed and altimeter both show a climb.' },
  'gear-up': { title: 'Gear up', description: 'Positive rate with the gear still down (retractable gear only).' },
  'flaps-retract': { title: 'Speed checks, flaps …', description: 'Climb-out: the speed is high enough to retract the flaps one step.' },
  'one-thousand-to-go': { title: 'One thousand to go', description: 'Climbing or descending: 1,000 ft before the selected altitude.' },
  'altitude-deviation': { title: 'Altitude, … feet high/low', description: 'Level at a captured altitude: the aircraft has drifted off it (200 ft light, 300 ft others).' },
  'five-hundred-above': { title: 'Five hundred above', description: 'Approach: 500 ft above the minimums.' },
  'one-hundred-above': { title: 'One hundred above', description: 'Approach: 100 ft above the minimums.' },
  minimums: { title: 'Minimums', description: 'Approach: at the decision height (200 ft above the ground unless set otherwise).' },
  'gear-not-down': { title: 'Gear not down', description: 'Descending below 1,000 ft above the ground with flaps out and the gear up.' },
  'bank-angle': { title: 'Bank angle', description: 'Bank beyond 45° (light aircraft) or 35° (others) for a second.' },
  overspeed: { title: 'Overspeed', description: 'Above the red line (VMO or VNE) for a second.' },
  'flaps-overspeed': { title: 'Flap overspeed', description: 'Faster than the flap limit speed (VFE) of the current detent.' },
  stall: { title: 'Stall, stall', description: 'Airborne below the stall speed for the flap setting.' },
  'low-fuel': { title: 'Low fuel', description: "Engine running with less fuel than the aircraft profile's low-fuel amount." },
};
