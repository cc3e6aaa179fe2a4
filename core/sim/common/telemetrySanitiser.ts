import type { SimConnection } from './adapter.js';
import { emptySimState, type SimState } from './simState.js';

/**
 * Telemetry is untrusted input: a sim (or anything that can reach its port) may send NaN,
 * ±Infinity, 1e308 or a 10 kB "aircraft name". Every value is checked here, in one pure place,
 * before it reaches the snapshot, the state messages, speech or the LLM. A value outside its
 * physically plausible range becomes *unknown*: the field keeps its last plausible value (so
 * nothing downstream sees the absurd one), its name is listed in `state.unknownFields`, and the
 * rejection is counted. Answers and the LLM context say "not available" for unknown fields.
 */

type Get = (s: SimState) => number;
type Setter = (s: SimState, v: number) => void;

export interface CheckedField {
  /** Dotted SimState path, as in the snapshot layout ("ap.altitudeFt"). */
  name: string;
  get: Get;
  set: Setter;
  min: number;
  max: number;
  integer?: boolean;
  /** Also plausible: a value that means "not reported" (radios read 0 kHz when absent). */
  orZero?: boolean;
}

// Physical bounds, generous enough for every aircraft a sim ships (airliners, fighters, the
// SR-71) and tight enough that a spoofed 1e308 or a unit mix-up cannot pass.
const ALTITUDE_FT = { min: -2_000, max: 150_000 }; // Dead Sea is -1,400 ft; above 150,000 ft nothing flies on wings
const SPEED_KT = { min: -100, max: 4_000 }; // X-Plane reports small negative IAS when parked with a tailwind
const VS_FPM = { min: -60_000, max: 60_000 }; // ten times an airliner's; an aerobatic dive stays well inside
const ANGLE_DEG = { min: -180, max: 180 };
const HEADING_DEG = { min: 0, max: 360 };
const VHF_KHZ = { min: 108_000, max: 137_000, integer: true, orZero: true }; // NAV 108-118 MHz, COM 118-137 MHz

const f = (name: string, get: Get, set: Setter, range: { min: number; max: number; integer?: boolean; orZero?: boolean }): CheckedField => ({ name, get, set, ...range });

export const checkedFields: readonly CheckedField[] = [
  // Any sim clock, but finite: MSFS's ABSOLUTE TIME counts seconds since the year 1 (about 6.4e10).
  f('simTimeS', (s) => s.simTimeS, (s, v) => (s.simTimeS = v), { min: -1e12, max: 1e12 }),
  f('timestampMs', (s) => s.timestampMs, (s, v) => (s.timestampMs = v), { min: 0, max: 1e14 }),
  f('latDeg', (s) => s.latDeg, (s, v) => (s.latDeg = v), { min: -90, max: 90 }),
  f('lonDeg', (s) => s.lonDeg, (s, v) => (s.lonDeg = v), { min: -180, max: 180 }),
  f('altitudeFt', (s) => s.altitudeFt, (s, v) => (s.altitudeFt = v), ALTITUDE_FT),
  f('altitudeAglFt', (s) => s.altitudeAglFt, (s, v) => (s.altitudeAglFt = v), ALTITUDE_FT),
  f('iasKt', (s) => s.iasKt, (s, v) => (s.iasKt = v), SPEED_KT),
  f('groundSpeedKt', (s) => s.groundSpeedKt, (s, v) => (s.groundSpeedKt = v), { min: 0, max: SPEED_KT.max }),
  f('headingDegMag', (s) => s.headingDegMag, (s, v) => (s.headingDegMag = v), HEADING_DEG),
  f('verticalSpeedFpm', (s) => s.verticalSpeedFpm, (s, v) => (s.verticalSpeedFpm = v), VS_FPM),
  f('pitchDeg', (s) => s.pitchDeg, (s, v) => (s.pitchDeg = v), ANGLE_DEG),
  f('rollDeg', (s) => s.rollDeg, (s, v) => (s.rollDeg = v), ANGLE_DEG),
  f('flapsIndex', (s) => s.flapsIndex, (s, v) => (s.flapsIndex = v), { min: 0, max: 64, integer: true }), // no aircraft has more detents
  f('flapsRatio', (s) => s.flapsRatio, (s, v) => (s.flapsRatio = v), { min: 0, max: 1 }),
  f('fuelKg', (s) => s.fuelKg, (s, v) => (s.fuelKg = v), { min: 0, max: 600_000 }), // an A380 carries 250 t
  f('fuelFlowKgPerH', (s) => s.fuelFlowKgPerH, (s, v) => (s.fuelFlowKgPerH = v), { min: 0, max: 100_000 }),
  f('windFromDegTrue', (s) => s.windFromDegTrue, (s, v) => (s.windFromDegTrue = v), HEADING_DEG),
  f('windSpeedKt', (s) => s.windSpeedKt, (s, v) => (s.windSpeedKt = v), { min: 0, max: 500 }), // jet streams reach 250 kt
  f('altimeterInHg', (s) => s.altimeterInHg, (s, v) => (s.altimeterInHg = v), { min: 25, max: 33 }), // records: 25.69 and 32.06 inHg
  f('ap.headingDegMag', (s) => s.ap.headingDegMag, (s, v) => (s.ap.headingDegMag = v), HEADING_DEG),
  f('ap.altitudeFt', (s) => s.ap.altitudeFt, (s, v) => (s.ap.altitudeFt = v), ALTITUDE_FT),
  f('ap.speedKt', (s) => s.ap.speedKt, (s, v) => (s.ap.speedKt = v), { min: 0, max: SPEED_KT.max }),
  f('ap.verticalSpeedFpm', (s) => s.ap.verticalSpeedFpm, (s, v) => (s.ap.verticalSpeedFpm = v), VS_FPM),
  f('radios.com1ActiveKhz', (s) => s.radios.com1ActiveKhz, (s, v) => (s.radios.com1ActiveKhz = v), VHF_KHZ),
  f('radios.com1StandbyKhz', (s) => s.radios.com1StandbyKhz, (s, v) => (s.radios.com1StandbyKhz = v), VHF_KHZ),
  f('radios.com2ActiveKhz', (s) => s.radios.com2ActiveKhz, (s, v) => (s.radios.com2ActiveKhz = v), VHF_KHZ),
  f('radios.com2StandbyKhz', (s) => s.radios.com2StandbyKhz, (s, v) => (s.radios.com2StandbyKhz = v), VHF_KHZ),
  f('radios.nav1ActiveKhz', (s) => s.radios.nav1ActiveKhz, (s, v) => (s.radios.nav1ActiveKhz = v), VHF_KHZ),
  f('radios.nav1StandbyKhz', (s) => s.radios.nav1StandbyKhz, (s, v) => (s.radios.nav1StandbyKhz = v), VHF_KHZ),
  f('radios.nav2ActiveKhz', (s) => s.radios.nav2ActiveKhz, (s, v) => (s.radios.nav2ActiveKhz = v), VHF_KHZ),
  f('radios.nav2StandbyKhz', (s) => s.radios.nav2StandbyKhz, (s, v) => (s.radios.nav2StandbyKhz = v), VHF_KHZ),
  f('xpdrCode', (s) => s.xpdrCode, (s, v) => (s.xpdrCode = v), { min: 0, max: 7777, integer: true }),
];

/** A dotted field path from `checkedFields`. */
export type CheckedFieldName = string;
const byName = new Map(checkedFields.map((c) => [c.name, c]));

/** Longest aircraft title kept; MSFS titles with livery names run to about 100 characters. */
export const MAX_TITLE_CHARS = 128;
/** Longest status/error text kept for state messages: one readable sentence, never a dump. */
export const MAX_STATUS_CHARS = 300;

// C0/C1 controls, DEL, and the bidirectional overrides that can make text display as something else.
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const UNSAFE_CHARS = new RegExp(`${UNSAFE_CLASS}+`, 'g');
const HAS_UNSAFE = new RegExp(UNSAFE_CLASS);

/** Control characters replaced by a space, whitespace collapsed, trimmed, cut to `maxChars` (with "…"). */
export function sanitiseText(text: string, maxChars: number): string {
  const s = text.slice(0, maxChars * 4).replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return s.length <= maxChars ? s : `${s.slice(0, maxChars - 1).trimEnd()}…`;
}

/** Whether `v` is a plausible value for the field (finite, in range, integral where it must be). */
export function isPlausible(field: CheckedField, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (field.orZero && v === 0) return true;
  if (v < field.min || v > field.max) return false;
  if (field.integer && !Number.isInteger(v)) return false;
  if (field.name === 'xpdrCode' && /[89]/.test(String(v))) return false; // four octal digits
  return true;
}

/** The field's value when it is known and plausible, else undefined: what formatters speak from. */
export function knownValue(state: SimState, name: CheckedFieldName): number | undefined {
  const field = byName.get(name);
  if (!field) return undefined;
  if (state.unknownFields?.includes(name)) return undefined;
  const v = field.get(state);
  return isPlausible(field, v) ? v : undefined;
}

/**
 * Checks every field of `state` in place. Keeps the last plausible value of each field across
 * calls (one instance per adapter); allocation-free when everything is plausible, as it is
 * 60 times a second in normal flight.
 */
export class TelemetrySanitiser {
  private readonly lastGood = new Float64Array(checkedFields.length);
  private readonly unknown = new Uint8Array(checkedFields.length);
  private unknownList: string[] | undefined;
  /** Values rejected so far (one per field per state). */
  rejected = 0;

  constructor() {
    const empty = emptySimState();
    checkedFields.forEach((c, i) => (this.lastGood[i] = c.get(empty)));
  }

  /** Returns how many values of this state were rejected; sets `state.unknownFields` accordingly. */
  apply(state: SimState): number {
    let bad = 0;
    let changed = false;
    for (let i = 0; i < checkedFields.length; i++) {
      const c = checkedFields[i]!;
      const v = c.get(state);
      const ok = isPlausible(c, v);
      if (ok) this.lastGood[i] = v;
      else {
        bad++;
        c.set(state, this.lastGood[i]!);
      }
      const flag = ok ? 0 : 1;
      if (this.unknown[i] !== flag) {
        this.unknown[i] = flag;
        changed = true;
      }
    }
    if (changed) this.unknownList = checkedFields.filter((_, i) => this.unknown[i]).map((c) => c.name);
    if (this.unknownList?.length) state.unknownFields = this.unknownList;
    else delete state.unknownFields;
    if (state.aircraftTitle.length > MAX_TITLE_CHARS || HAS_UNSAFE.test(state.aircraftTitle)) {
      state.aircraftTitle = sanitiseText(state.aircraftTitle, MAX_TITLE_CHARS);
    }
    this.rejected += bad;
    return bad;
  }
}

/** The unknown fields as a bit mask over `checkedFields` (for the shared snapshot; < 2^53). */
export function unknownMask(state: SimState): number {
  const list = state.unknownFields;
  if (!list || list.length === 0) return 0;
  let mask = 0;
  checkedFields.forEach((c, i) => {
    if (list.includes(c.name)) mask += 2 ** i;
  });
  return mask;
}

export function unknownFromMask(mask: number): string[] | undefined {
  if (!(mask > 0)) return undefined;
  const out: string[] = [];
  checkedFields.forEach((c, i) => {
    if (Math.floor(mask / 2 ** i) % 2 === 1) out.push(c.name);
  });
  return out.length ? out : undefined;
}

/** A connection whose detail and reason (which quote sim and socket errors) are safe to show and send. */
export function sanitiseConnection(c: SimConnection): SimConnection {
  const detail = sanitiseText(c.detail, MAX_STATUS_CHARS);
  const reason = c.reason === undefined ? undefined : sanitiseText(c.reason, MAX_STATUS_CHARS);
  if (detail === c.detail && reason === c.reason) return c;
  return { kind: c.kind, phase: c.phase, detail, ...(reason ? { reason } : {}) };
}
