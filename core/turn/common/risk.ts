import type { Intent, IntentKind, IntentOf } from '../../intent/common/intents.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';

/**
 * How much harm a misheard command can do. `high`: it is read back as a question unless the
 * pilot typed it or was heard with high confidence (trust.ts); `normal`: it applies (and can be
 * undone for a few seconds).
 */
export type RiskClass = 'high' | 'normal';

/** An altitude target moved further than this is a new clearance, not a correction. */
export const HIGH_RISK_ALTITUDE_CHANGE_FT = 5000;
/** A heading bug turned further than this points the aircraft somewhere else entirely. */
export const HIGH_RISK_HEADING_CHANGE_DEG = 90;
/** Hijack, radio failure, emergency: a wrong one alerts every controller in range. */
export const EMERGENCY_SQUAWKS: ReadonlySet<number> = new Set([7500, 7600, 7700]);

type Rule<K extends IntentKind> = RiskClass | ((intent: IntentOf<K>, state: SimState, profile: AircraftProfile) => RiskClass);

/** Shortest angle between two headings, 0-180 degrees. */
export function headingChangeDeg(fromDeg: number, toDeg: number): number {
  const d = Math.abs((((toDeg - fromDeg) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}

/**
 * How far a heading command turns: with a said direction ("turn left heading …") the turn the
 * aircraft flies that way round from its heading (up to 359 degrees), else the bug's shortest change.
 */
export function headingTurnDeg(intent: IntentOf<'apHeading'>, state: SimState): number {
  if (!intent.turn) return headingChangeDeg(state.ap.headingDegMag, intent.headingDegMag);
  const right = (((intent.headingDegMag - state.headingDegMag) % 360) + 360) % 360;
  return intent.turn === 'right' ? right : (360 - right) % 360;
}

/**
 * The one table of risk classes, by intent kind, with a function where the value decides.
 * Kinds that never write to the sim are `normal` (they are answered or handled by the engine).
 */
export const riskTable: { [K in IntentKind]: Rule<K> } = {
  apMaster: 'high',
  gear: 'high',
  flaps: 'high',
  radioSwap: 'high',
  transponder: (i) => (EMERGENCY_SQUAWKS.has(i.code) ? 'high' : 'normal'),
  apAltitude: (i, s) => (Math.abs(i.altitudeFt - s.ap.altitudeFt) > HIGH_RISK_ALTITUDE_CHANGE_FT ? 'high' : 'normal'),
  apHeading: (i, s) => (headingTurnDeg(i, s) > HIGH_RISK_HEADING_CHANGE_DEG ? 'high' : 'normal'),
  apSpeed: 'normal',
  apVerticalSpeed: 'normal',
  apMode: 'normal',
  light: 'normal',
  radio: 'normal',
  altimeter: 'normal',
  custom: (i) => (i.confirm ? 'high' : 'normal'),
  query: 'normal',
  checklistStart: 'normal',
  checklist: 'normal',
  callouts: 'normal',
  repeat: 'normal',
  cancel: 'normal',
  affirm: 'normal',
  negative: 'normal',
  undo: 'normal',
  invalid: 'normal',
  llm: 'normal',
};

/** The risk class of one intent against the live sim state. */
export function riskOf(intent: Intent, state: SimState, profile: AircraftProfile): RiskClass {
  // The table pairs each kind with its own rule; indexing by a union kind loses that pairing.
  const rule = riskTable[intent.kind] as RiskClass | ((i: Intent, s: SimState, p: AircraftProfile) => RiskClass);
  return typeof rule === 'string' ? rule : rule(intent, state, profile);
}
