import { z } from 'zod';

/**
 * The normalised state every sim adapter fills, in the units fixed by ARCHITECTURE.md:
 * feet, knots, degrees magnetic 0-359, feet per minute, kHz integers, kg, booleans.
 */
export const apModes = ['hdg', 'nav', 'apr', 'alt', 'vs', 'flc'] as const;
export type ApMode = (typeof apModes)[number];

export const lightNames = ['landing', 'taxi', 'strobe', 'beacon', 'nav'] as const;
export type LightName = (typeof lightNames)[number];

export const radioNames = ['com1', 'com2', 'nav1', 'nav2'] as const;
export type RadioName = (typeof radioNames)[number];

const khz = z.number().int().nonnegative();

export const simStateSchema = z.object({
  /** Sim time in seconds when the sim reports one, else seconds since the adapter started. */
  simTimeS: z.number(),
  /** Local wall-clock time (ms since epoch) when this state was observed. */
  timestampMs: z.number(),
  latDeg: z.number(),
  lonDeg: z.number(),
  altitudeFt: z.number(),
  altitudeAglFt: z.number(),
  iasKt: z.number(),
  groundSpeedKt: z.number(),
  headingDegMag: z.number(),
  verticalSpeedFpm: z.number(),
  pitchDeg: z.number(),
  rollDeg: z.number(),
  flapsIndex: z.number().int().nonnegative(),
  flapsRatio: z.number().min(0).max(1),
  gearDown: z.boolean(),
  onGround: z.boolean(),
  paused: z.boolean(),
  engineRunning: z.boolean(),
  fuelKg: z.number().nonnegative(),
  fuelFlowKgPerH: z.number().nonnegative(),
  windFromDegTrue: z.number(),
  windSpeedKt: z.number().nonnegative(),
  altimeterInHg: z.number(),
  ap: z.object({
    master: z.boolean(),
    headingDegMag: z.number(),
    altitudeFt: z.number(),
    speedKt: z.number(),
    verticalSpeedFpm: z.number(),
    modes: z.object({ hdg: z.boolean(), nav: z.boolean(), apr: z.boolean(), alt: z.boolean(), vs: z.boolean(), flc: z.boolean() }),
  }),
  radios: z.object({
    com1ActiveKhz: khz,
    com1StandbyKhz: khz,
    com2ActiveKhz: khz,
    com2StandbyKhz: khz,
    nav1ActiveKhz: khz,
    nav1StandbyKhz: khz,
    nav2ActiveKhz: khz,
    nav2StandbyKhz: khz,
  }),
  /** Transponder code as its four octal digits read as a decimal number (squawk 0200 -> 200). */
  xpdrCode: z.number().int().min(0).max(7777),
  lights: z.object({ landing: z.boolean(), taxi: z.boolean(), strobe: z.boolean(), beacon: z.boolean(), nav: z.boolean() }),
  aircraftTitle: z.string(),
  /**
   * Fields whose newest value from the sim was not plausible (NaN, infinite, out of physical
   * range; see telemetrySanitiser.ts): they hold their last plausible value and must be treated
   * as unknown. Absent when every value is known.
   */
  unknownFields: z.array(z.string()).optional(),
});
export type SimState = z.infer<typeof simStateSchema>;

/** A parked aircraft with nothing known: the starting point of every adapter. */
export function emptySimState(): SimState {
  return {
    simTimeS: 0,
    timestampMs: 0,
    latDeg: 0,
    lonDeg: 0,
    altitudeFt: 0,
    altitudeAglFt: 0,
    iasKt: 0,
    groundSpeedKt: 0,
    headingDegMag: 0,
    verticalSpeedFpm: 0,
    pitchDeg: 0,
    rollDeg: 0,
    flapsIndex: 0,
    flapsRatio: 0,
    gearDown: true,
    onGround: true,
    paused: false,
    engineRunning: false,
    fuelKg: 0,
    fuelFlowKgPerH: 0,
    windFromDegTrue: 0,
    windSpeedKt: 0,
    altimeterInHg: 29.92,
    ap: {
      master: false,
      headingDegMag: 0,
      altitudeFt: 0,
      speedKt: 0,
      verticalSpeedFpm: 0,
      modes: { hdg: false, nav: false, apr: false, alt: false, vs: false, flc: false },
    },
    radios: {
      com1ActiveKhz: 0,
      com1StandbyKhz: 0,
      com2ActiveKhz: 0,
      com2StandbyKhz: 0,
      nav1ActiveKhz: 0,
      nav1StandbyKhz: 0,
      nav2ActiveKhz: 0,
      nav2StandbyKhz: 0,
    },
    xpdrCode: 0,
    lights: { landing: false, taxi: false, strobe: false, beacon: false, nav: false },
    aircraftTitle: '',
  };
}

/** A deep copy (the nested objects are plain records of numbers and booleans): cheaper than structuredClone at 20-60 Hz. */
export function cloneSimState(s: SimState): SimState {
  return {
    ...s,
    ap: { ...s.ap, modes: { ...s.ap.modes } },
    radios: { ...s.radios },
    lights: { ...s.lights },
  };
}

/** Beyond this many degrees a "heading" is garbage, not a number of turns: it stays NaN (unknown). */
const MAX_WRAPPABLE_DEG = 36_000;

/** Wraps a heading in degrees to 0 <= h < 360; NaN for a non-finite or absurd one. */
export function wrapHeadingDeg(h: number): number {
  if (!(Math.abs(h) <= MAX_WRAPPABLE_DEG)) return NaN;
  const r = h % 360;
  return r < 0 ? r + 360 : r;
}
