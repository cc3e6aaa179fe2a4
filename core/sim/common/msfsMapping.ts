import { simStepsOf } from './customWrite.js';
import { detentIndexForRatio, type AircraftProfile } from './aircraftProfile.js';
import type { SimAction } from './simAction.js';
import { wrapHeadingDeg, type SimState } from './simState.js';

/**
 * MSFS SimConnect: the SimVars Stratus reads (one data definition, FLOAT64 each, then the title
 * as STRING256) and the client events it sends for writes. Names from the MSFS SDK SimVar and
 * Event ID lists (see the sim-protocols reference).
 */
type Apply = (s: SimState, v: number) => void;
const bool = (v: number): boolean => v >= 0.5;
const LB_TO_KG = 0.45359237;

/** MHz (as SimConnect reports radios) to integer kHz. */
const khz = (mhz: number): number => Math.max(0, Math.round(mhz * 1000));

/** "TRANSPONDER CODE" in BCO16: four octal digits packed as hex nibbles (0x1200 -> 1200). */
export function bco16ToCode(v: number): number {
  const n = Math.round(v);
  if (!(n >= 0 && n <= 0x7777)) return 0;
  const digits = n.toString(16);
  return /^[0-7]+$/.test(digits) ? Number(digits) : 0;
}
export function codeToBco16(code: number): number {
  return parseInt(String(code).padStart(4, '0'), 16);
}

export const msfsSimVars: ReadonlyArray<{ name: string; unit: string; apply: Apply }> = [
  { name: 'ABSOLUTE TIME', unit: 'seconds', apply: (s, v) => (s.simTimeS = v) },
  { name: 'PLANE LATITUDE', unit: 'degrees', apply: (s, v) => (s.latDeg = v) },
  { name: 'PLANE LONGITUDE', unit: 'degrees', apply: (s, v) => (s.lonDeg = v) },
  { name: 'INDICATED ALTITUDE', unit: 'feet', apply: (s, v) => (s.altitudeFt = v) },
  { name: 'PLANE ALT ABOVE GROUND', unit: 'feet', apply: (s, v) => (s.altitudeAglFt = v) },
  { name: 'AIRSPEED INDICATED', unit: 'knots', apply: (s, v) => (s.iasKt = Math.max(0, v)) },
  { name: 'GROUND VELOCITY', unit: 'knots', apply: (s, v) => (s.groundSpeedKt = Math.max(0, v)) },
  { name: 'PLANE HEADING DEGREES MAGNETIC', unit: 'degrees', apply: (s, v) => (s.headingDegMag = wrapHeadingDeg(v)) },
  { name: 'VERTICAL SPEED', unit: 'feet per minute', apply: (s, v) => (s.verticalSpeedFpm = v) },
  // SimConnect's pitch is positive nose-down and its bank positive left-wing-down: flip both.
  { name: 'PLANE PITCH DEGREES', unit: 'degrees', apply: (s, v) => (s.pitchDeg = -v) },
  { name: 'PLANE BANK DEGREES', unit: 'degrees', apply: (s, v) => (s.rollDeg = -v) },
  { name: 'FLAPS HANDLE PERCENT', unit: 'percent over 100', apply: (s, v) => (s.flapsRatio = Math.min(1, Math.max(0, v))) },
  { name: 'GEAR HANDLE POSITION', unit: 'bool', apply: (s, v) => (s.gearDown = bool(v)) },
  { name: 'SIM ON GROUND', unit: 'bool', apply: (s, v) => (s.onGround = bool(v)) },
  { name: 'GENERAL ENG COMBUSTION:1', unit: 'bool', apply: (s, v) => (s.engineRunning = bool(v)) },
  { name: 'FUEL TOTAL QUANTITY WEIGHT', unit: 'pounds', apply: (s, v) => (s.fuelKg = Math.max(0, v * LB_TO_KG)) },
  { name: 'ENG FUEL FLOW PPH:1', unit: 'pounds per hour', apply: (s, v) => (s.fuelFlowKgPerH = Math.max(0, v * LB_TO_KG)) },
  { name: 'AMBIENT WIND DIRECTION', unit: 'degrees', apply: (s, v) => (s.windFromDegTrue = wrapHeadingDeg(v)) },
  { name: 'AMBIENT WIND VELOCITY', unit: 'knots', apply: (s, v) => (s.windSpeedKt = Math.max(0, v)) },
  { name: 'KOHLSMAN SETTING HG:1', unit: 'inHg', apply: (s, v) => (s.altimeterInHg = v) },
  { name: 'AUTOPILOT MASTER', unit: 'bool', apply: (s, v) => (s.ap.master = bool(v)) },
  { name: 'AUTOPILOT HEADING LOCK DIR', unit: 'degrees', apply: (s, v) => (s.ap.headingDegMag = wrapHeadingDeg(v)) },
  { name: 'AUTOPILOT ALTITUDE LOCK VAR', unit: 'feet', apply: (s, v) => (s.ap.altitudeFt = v) },
  { name: 'AUTOPILOT AIRSPEED HOLD VAR', unit: 'knots', apply: (s, v) => (s.ap.speedKt = v) },
  { name: 'AUTOPILOT VERTICAL HOLD VAR', unit: 'feet per minute', apply: (s, v) => (s.ap.verticalSpeedFpm = v) },
  { name: 'AUTOPILOT HEADING LOCK', unit: 'bool', apply: (s, v) => (s.ap.modes.hdg = bool(v)) },
  { name: 'AUTOPILOT NAV1 LOCK', unit: 'bool', apply: (s, v) => (s.ap.modes.nav = bool(v)) },
  { name: 'AUTOPILOT APPROACH HOLD', unit: 'bool', apply: (s, v) => (s.ap.modes.apr = bool(v)) },
  { name: 'AUTOPILOT ALTITUDE LOCK', unit: 'bool', apply: (s, v) => (s.ap.modes.alt = bool(v)) },
  { name: 'AUTOPILOT VERTICAL HOLD', unit: 'bool', apply: (s, v) => (s.ap.modes.vs = bool(v)) },
  { name: 'AUTOPILOT FLIGHT LEVEL CHANGE', unit: 'bool', apply: (s, v) => (s.ap.modes.flc = bool(v)) },
  { name: 'COM ACTIVE FREQUENCY:1', unit: 'MHz', apply: (s, v) => (s.radios.com1ActiveKhz = khz(v)) },
  { name: 'COM STANDBY FREQUENCY:1', unit: 'MHz', apply: (s, v) => (s.radios.com1StandbyKhz = khz(v)) },
  { name: 'COM ACTIVE FREQUENCY:2', unit: 'MHz', apply: (s, v) => (s.radios.com2ActiveKhz = khz(v)) },
  { name: 'COM STANDBY FREQUENCY:2', unit: 'MHz', apply: (s, v) => (s.radios.com2StandbyKhz = khz(v)) },
  { name: 'NAV ACTIVE FREQUENCY:1', unit: 'MHz', apply: (s, v) => (s.radios.nav1ActiveKhz = khz(v)) },
  { name: 'NAV STANDBY FREQUENCY:1', unit: 'MHz', apply: (s, v) => (s.radios.nav1StandbyKhz = khz(v)) },
  { name: 'NAV ACTIVE FREQUENCY:2', unit: 'MHz', apply: (s, v) => (s.radios.nav2ActiveKhz = khz(v)) },
  { name: 'NAV STANDBY FREQUENCY:2', unit: 'MHz', apply: (s, v) => (s.radios.nav2StandbyKhz = khz(v)) },
  { name: 'TRANSPONDER CODE:1', unit: 'BCO16', apply: (s, v) => (s.xpdrCode = bco16ToCode(v)) },
  { name: 'LIGHT LANDING', unit: 'bool', apply: (s, v) => (s.lights.landing = bool(v)) },
  { name: 'LIGHT TAXI', unit: 'bool', apply: (s, v) => (s.lights.taxi = bool(v)) },
  { name: 'LIGHT STROBE', unit: 'bool', apply: (s, v) => (s.lights.strobe = bool(v)) },
  { name: 'LIGHT BEACON', unit: 'bool', apply: (s, v) => (s.lights.beacon = bool(v)) },
  { name: 'LIGHT NAV', unit: 'bool', apply: (s, v) => (s.lights.nav = bool(v)) },
];
/** Read after the numbers, as SIMCONNECT_DATATYPE_STRING256. */
export const MSFS_TITLE_SIMVAR = 'TITLE';

/** Applies one SIM_FRAME data block (numbers in definition order) to a state. */
export function applyMsfsValues(s: SimState, values: ArrayLike<number>, title: string, profile: AircraftProfile): void {
  msfsSimVars.forEach((v, i) => v.apply(s, values[i]!));
  s.flapsIndex = detentIndexForRatio(profile, s.flapsRatio);
  s.aircraftTitle = title;
}

export interface MsfsEvent {
  event: string;
  data: number;
}

/** Every client event Stratus maps at connect time. */
export const msfsEventNames = [
  'HEADING_BUG_SET', 'AP_ALT_VAR_SET_ENGLISH', 'AP_SPD_VAR_SET', 'AP_VS_VAR_SET_ENGLISH', 'AP_MASTER', 'AP_HDG_HOLD', 'AP_NAV1_HOLD',
  'AP_APR_HOLD', 'AP_ALT_HOLD', 'AP_VS_HOLD', 'FLIGHT_LEVEL_CHANGE', 'FLAPS_SET', 'GEAR_UP', 'GEAR_DOWN', 'LANDING_LIGHTS_SET',
  'TAXI_LIGHTS_SET', 'STROBES_SET', 'BEACON_LIGHTS_SET', 'NAV_LIGHTS_SET', 'COM_RADIO_SET_HZ', 'COM_STBY_RADIO_SET_HZ',
  'COM2_RADIO_SET_HZ', 'COM2_STBY_RADIO_SET_HZ', 'NAV1_RADIO_SET_HZ', 'NAV1_STBY_SET_HZ', 'NAV2_RADIO_SET_HZ', 'NAV2_STBY_SET_HZ',
  'COM_STBY_RADIO_SWAP', 'COM2_RADIO_SWAP', 'NAV1_RADIO_SWAP', 'NAV2_RADIO_SWAP', 'XPNDR_SET', 'KOHLSMAN_SET',
] as const;

const modeEvents: Record<string, string> = { hdg: 'AP_HDG_HOLD', nav: 'AP_NAV1_HOLD', apr: 'AP_APR_HOLD', alt: 'AP_ALT_HOLD', vs: 'AP_VS_HOLD', flc: 'FLIGHT_LEVEL_CHANGE' };
const lightEvents: Record<string, string> = { landing: 'LANDING_LIGHTS_SET', taxi: 'TAXI_LIGHTS_SET', strobe: 'STROBES_SET', beacon: 'BEACON_LIGHTS_SET', nav: 'NAV_LIGHTS_SET' };
const radioSetEvents: Record<string, [string, string]> = {
  com1: ['COM_RADIO_SET_HZ', 'COM_STBY_RADIO_SET_HZ'],
  com2: ['COM2_RADIO_SET_HZ', 'COM2_STBY_RADIO_SET_HZ'],
  nav1: ['NAV1_RADIO_SET_HZ', 'NAV1_STBY_SET_HZ'],
  nav2: ['NAV2_RADIO_SET_HZ', 'NAV2_STBY_SET_HZ'],
};
const swapEvents: Record<string, string> = { com1: 'COM_STBY_RADIO_SWAP', com2: 'COM2_RADIO_SWAP', nav1: 'NAV1_RADIO_SWAP', nav2: 'NAV2_RADIO_SWAP' };

/** The events that apply an action (toggles only when the state differs). Data is an unsigned 32-bit value. */
export function msfsEventsFor(action: SimAction, state: SimState): MsfsEvent[] {
  const e = (event: string, data = 0): MsfsEvent[] => [{ event, data: data >>> 0 }];
  switch (action.type) {
    case 'apHeading':
      // action.turn: SimConnect has no turn-direction event for heading hold; the bug alone cannot force a turn direction: the autopilot turns the shorter way, which is the said way except for a turn of more than 180 degrees.
      return e('HEADING_BUG_SET', Math.round(action.headingDegMag) % 360);
    case 'apAltitude':
      return e('AP_ALT_VAR_SET_ENGLISH', Math.round(action.altitudeFt));
    case 'apSpeed':
      return e('AP_SPD_VAR_SET', Math.round(action.speedKt));
    case 'apVerticalSpeed':
      return e('AP_VS_VAR_SET_ENGLISH', Math.round(action.verticalSpeedFpm)); // negative as two's complement
    case 'apMaster':
      return state.ap.master === action.on ? [] : e('AP_MASTER');
    case 'apMode':
      return state.ap.modes[action.mode] ? [] : e(modeEvents[action.mode]!);
    case 'flaps':
      return e('FLAPS_SET', Math.round(action.ratio * 16383));
    case 'gear':
      return e(action.down ? 'GEAR_DOWN' : 'GEAR_UP');
    case 'light':
      return e(lightEvents[action.light]!, action.on ? 1 : 0);
    case 'radio':
      return e(radioSetEvents[action.radio]![action.slot === 'active' ? 0 : 1], action.khz * 1000);
    case 'radioSwap':
      return e(swapEvents[action.radio]!);
    case 'transponder':
      return e('XPNDR_SET', codeToBco16(action.code));
    case 'altimeter':
      return e('KOHLSMAN_SET', Math.round(action.inHg * 33.8639 * 16)); // millibars x 16
    case 'custom':
      return simStepsOf(action.actions).flatMap((st): MsfsEvent[] => ('event' in st ? e(st.event, st.value ?? 0) : []));
  }
}
