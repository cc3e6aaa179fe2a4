import { simStepsOf } from './customWrite.js';
import { detentIndexForRatio, type AircraftProfile } from './aircraftProfile.js';
import type { SimAction } from './simAction.js';
import { wrapHeadingDeg, type SimState } from './simState.js';

/**
 * FlightGear's generic protocol as Stratus ships it (assets/protocols/stratus.xml): one line per
 * datagram, comma-separated, fields in this order. The first 36 are the copilot2 recording fields,
 * so a copilot2 stream parses too (the extras then keep their previous values).
 */
export const flightgearOutputFields = [
  't', 'alt_ft', 'ind_alt_ft', 'ias_kt', 'hdg_deg', 'vs_fps', 'flaps', 'flap_pos', 'gear_down', 'hdg_bug', 'ap_alt', 'com1', 'nav1',
  'fuel_gal', 'wow', 'throttle', 'rpm', 'agl_ft', 'pitch_deg', 'roll_deg', 'hdg_true_deg', 'gs_kt', 'vsi_fpm', 'wind_kt',
  'wind_from_deg', 'elevator', 'aileron', 'elev_trim', 'brake_parking', 'lat_deg', 'lon_deg', 'wow_left', 'wow_right', 'running',
  'ap_hdg_lock', 'ap_alt_lock', 'com1_stby', 'com2', 'com2_stby', 'nav1_stby', 'nav2', 'nav2_stby', 'xpdr', 'inhg', 'ap_speed',
  'ap_vs', 'paused', 'fuel_flow_gph', 'light_landing', 'light_taxi', 'light_strobe', 'light_beacon', 'light_nav',
  'ap_lock_heading', 'ap_lock_altitude', 'aircraft',
] as const;
export type FlightgearField = (typeof flightgearOutputFields)[number];

const COPILOT2_FIELDS = 36;
const COPILOT_FIELDS = 17;
const STRING_FIELDS = new Set<FlightgearField>(['ap_lock_heading', 'ap_lock_altitude', 'aircraft']);
/** Longest line we accept; a full stratus line is about 400 bytes. */
export const FLIGHTGEAR_MAX_LINE_BYTES = 2048;
const AVGAS_KG_PER_US_GAL = 3.785411784 * 0.72;
const AVGAS_KG_PER_H_PER_GPH = AVGAS_KG_PER_US_GAL;

/**
 * One generic-protocol line into a new SimState built on `prev`. Returns undefined (caller
 * counts a drop) for a line of the wrong field count, a non-number in a numeric field, or
 * values no aircraft can have.
 */
export function parseFlightgearLine(line: string, prev: SimState, profile: AircraftProfile): SimState | undefined {
  if (line.length === 0 || line.length > FLIGHTGEAR_MAX_LINE_BYTES) return undefined;
  const cells = line.trimEnd().split(',');
  const n = cells.length;
  if (n !== flightgearOutputFields.length && n !== COPILOT2_FIELDS && n !== COPILOT_FIELDS) return undefined;
  const num = new Map<FlightgearField, number>();
  const str = new Map<FlightgearField, string>();
  for (let i = 0; i < n; i++) {
    const name = flightgearOutputFields[i]!;
    const cell = cells[i]!.trim();
    if (STRING_FIELDS.has(name)) {
      str.set(name, cell);
      continue;
    }
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) return undefined;
    num.set(name, v);
  }
  const get = (k: FlightgearField, fallback: number): number => num.get(k) ?? fallback;
  const flag = (k: FlightgearField, fallback: boolean): boolean => (num.has(k) ? num.get(k)! >= 0.5 : fallback);
  const lat = get('lat_deg', prev.latDeg);
  const lon = get('lon_deg', prev.lonDeg);
  const ias = get('ias_kt', 0);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || ias < -1 || ias > 2000) return undefined;

  const s: SimState = { ...prev, ap: { ...prev.ap, modes: { ...prev.ap.modes } }, radios: { ...prev.radios }, lights: { ...prev.lights } };
  s.simTimeS = get('t', prev.simTimeS);
  // Indicated altitude is what the pilot flies; fall back to MSL when the altimeter reads 0 (init).
  const indAlt = get('ind_alt_ft', 0);
  s.altitudeFt = indAlt !== 0 ? indAlt : get('alt_ft', prev.altitudeFt);
  s.altitudeAglFt = get('agl_ft', s.altitudeFt);
  s.iasKt = Math.max(0, ias);
  s.groundSpeedKt = Math.max(0, get('gs_kt', prev.groundSpeedKt));
  s.headingDegMag = wrapHeadingDeg(get('hdg_deg', prev.headingDegMag));
  s.verticalSpeedFpm = get('vs_fps', 0) * 60;
  s.pitchDeg = get('pitch_deg', prev.pitchDeg);
  s.rollDeg = get('roll_deg', prev.rollDeg);
  s.flapsRatio = Math.min(1, Math.max(0, get('flaps', 0)));
  s.flapsIndex = detentIndexForRatio(profile, s.flapsRatio);
  s.gearDown = profile.retractableGear ? flag('gear_down', prev.gearDown) : true;
  s.onGround = flag('wow', false) || flag('wow_left', false) || flag('wow_right', false);
  s.paused = flag('paused', false);
  s.engineRunning = num.has('running') ? flag('running', false) : get('rpm', 0) > 300;
  s.fuelKg = Math.max(0, get('fuel_gal', 0) * AVGAS_KG_PER_US_GAL);
  s.fuelFlowKgPerH = Math.max(0, get('fuel_flow_gph', prev.fuelFlowKgPerH / AVGAS_KG_PER_H_PER_GPH) * AVGAS_KG_PER_H_PER_GPH);
  s.windFromDegTrue = wrapHeadingDeg(get('wind_from_deg', prev.windFromDegTrue));
  s.windSpeedKt = Math.max(0, get('wind_kt', prev.windSpeedKt));
  s.altimeterInHg = get('inhg', prev.altimeterInHg);
  s.latDeg = lat;
  s.lonDeg = lon;

  const lockHdg = str.get('ap_lock_heading') ?? '';
  const lockAlt = str.get('ap_lock_altitude') ?? '';
  s.ap.headingDegMag = wrapHeadingDeg(get('hdg_bug', prev.ap.headingDegMag));
  s.ap.altitudeFt = get('ap_alt', prev.ap.altitudeFt);
  s.ap.speedKt = get('ap_speed', prev.ap.speedKt);
  s.ap.verticalSpeedFpm = get('ap_vs', prev.ap.verticalSpeedFpm);
  s.ap.modes.hdg = flag('ap_hdg_lock', false) || lockHdg === 'dg-heading-hold' || lockHdg === 'true-heading-hold';
  s.ap.modes.nav = lockHdg === 'nav1-hold';
  s.ap.modes.alt = flag('ap_alt_lock', false) || lockAlt === 'altitude-hold';
  s.ap.modes.vs = lockAlt === 'vertical-speed-hold';
  s.ap.modes.apr = lockAlt === 'gs1-hold';
  s.ap.modes.flc = lockAlt === 'speed-with-pitch-trim';
  s.ap.master = Object.values(s.ap.modes).some(Boolean);

  const khz = (k: FlightgearField, fallback: number): number => (num.has(k) ? Math.max(0, Math.round(num.get(k)! * 1000)) : fallback);
  s.radios.com1ActiveKhz = khz('com1', prev.radios.com1ActiveKhz);
  s.radios.com1StandbyKhz = khz('com1_stby', prev.radios.com1StandbyKhz);
  s.radios.com2ActiveKhz = khz('com2', prev.radios.com2ActiveKhz);
  s.radios.com2StandbyKhz = khz('com2_stby', prev.radios.com2StandbyKhz);
  s.radios.nav1ActiveKhz = khz('nav1', prev.radios.nav1ActiveKhz);
  s.radios.nav1StandbyKhz = khz('nav1_stby', prev.radios.nav1StandbyKhz);
  s.radios.nav2ActiveKhz = khz('nav2', prev.radios.nav2ActiveKhz);
  s.radios.nav2StandbyKhz = khz('nav2_stby', prev.radios.nav2StandbyKhz);
  const xpdr = get('xpdr', prev.xpdrCode);
  s.xpdrCode = xpdr >= 0 && xpdr <= 7777 ? Math.round(xpdr) : prev.xpdrCode;
  s.lights.landing = flag('light_landing', prev.lights.landing);
  s.lights.taxi = flag('light_taxi', prev.lights.taxi);
  s.lights.strobe = flag('light_strobe', prev.lights.strobe);
  s.lights.beacon = flag('light_beacon', prev.lights.beacon);
  s.lights.nav = flag('light_nav', prev.lights.nav);
  const aircraft = str.get('aircraft');
  if (aircraft !== undefined) s.aircraftTitle = aircraft.slice(0, 120);
  return s;
}

export type FlightgearSet = { path: string; value: string };

const mhz = (khz: number, decimals: number): string => (khz / 1000).toFixed(decimals);

/** The property writes (telnet `set path value`) that apply an action. */
export function flightgearSetsFor(action: SimAction, state: SimState, profile: AircraftProfile): FlightgearSet[] {
  const set = (path: string, value: string | number | boolean): FlightgearSet[] => [
    { path: profile.overrides.flightgear?.[action.type] ?? path, value: String(value) },
  ];
  switch (action.type) {
    case 'apHeading':
      // action.turn: the generic heading-hold has no turn-direction property; the bug alone cannot force a turn direction: the autopilot turns the shorter way, which is the said way except for a turn of more than 180 degrees.
      return set('/autopilot/settings/heading-bug-deg', action.headingDegMag.toFixed(1));
    case 'apAltitude':
      return set('/autopilot/settings/target-altitude-ft', Math.round(action.altitudeFt));
    case 'apSpeed':
      return set('/autopilot/settings/target-speed-kt', Math.round(action.speedKt));
    case 'apVerticalSpeed':
      return set('/autopilot/settings/vertical-speed-fpm', Math.round(action.verticalSpeedFpm));
    case 'apMaster':
      return action.on
        ? [{ path: '/autopilot/locks/heading', value: 'dg-heading-hold' }, { path: '/autopilot/locks/altitude', value: 'altitude-hold' }]
        : [{ path: '/autopilot/locks/heading', value: '' }, { path: '/autopilot/locks/altitude', value: '' }];
    case 'apMode': {
      const lateral: Record<string, string> = { hdg: 'dg-heading-hold', nav: 'nav1-hold' };
      const vertical: Record<string, string> = { alt: 'altitude-hold', vs: 'vertical-speed-hold', apr: 'gs1-hold', flc: 'speed-with-pitch-trim' };
      if (lateral[action.mode]) return [{ path: '/autopilot/locks/heading', value: lateral[action.mode]! }];
      return [{ path: '/autopilot/locks/altitude', value: vertical[action.mode]! }];
    }
    case 'flaps':
      return set('/controls/flight/flaps', action.ratio.toFixed(3));
    case 'gear':
      return set('/controls/gear/gear-down', action.down ? 'true' : 'false');
    case 'light': {
      const props = { landing: 'landing-lights', taxi: 'taxi-light', strobe: 'strobe', beacon: 'beacon', nav: 'nav-lights' } as const;
      return set(`/controls/lighting/${props[action.light]}`, action.on ? 'true' : 'false');
    }
    case 'radio': {
      const [kind, n] = [action.radio.slice(0, 3), Number(action.radio.slice(3)) - 1];
      const base = `/instrumentation/${kind === 'com' ? 'comm' : 'nav'}[${n}]/frequencies/`;
      return set(base + (action.slot === 'active' ? 'selected-mhz' : 'standby-mhz'), mhz(action.khz, 3));
    }
    case 'radioSwap': {
      const [kind, n] = [action.radio.slice(0, 3), Number(action.radio.slice(3)) - 1];
      const base = `/instrumentation/${kind === 'com' ? 'comm' : 'nav'}[${n}]/frequencies/`;
      const active = state.radios[`${action.radio}ActiveKhz`];
      const standby = state.radios[`${action.radio}StandbyKhz`];
      return [{ path: base + 'selected-mhz', value: mhz(standby, 3) }, { path: base + 'standby-mhz', value: mhz(active, 3) }];
    }
    case 'transponder':
      return set('/instrumentation/transponder/id-code', String(action.code).padStart(4, '0'));
    case 'altimeter':
      return set('/instrumentation/altimeter/setting-inhg', action.inHg.toFixed(2));
    case 'custom':
      return simStepsOf(action.actions).flatMap((st): FlightgearSet[] => ('property' in st ? [{ path: st.property, value: String(st.value) }] : []));
  }
}

/** A telnet props-server command line; refuses values that would inject another command. */
export function telnetSetLine(s: FlightgearSet): string {
  if (/[\r\n]/.test(s.path + s.value) || !s.path.startsWith('/')) throw new RangeError(`unsafe property write: ${s.path}`);
  return `set ${s.path} ${s.value}\r\n`;
}

export interface FlightgearPorts {
  host: string;
  outPort: number;
  inPort: number;
  telnetPort: number;
  rateHz?: number;
}

/** The fgfs arguments that connect FlightGear to Stratus (print them for the user). */
export function flightgearLaunchArgs(p: FlightgearPorts): string[] {
  const rate = p.rateHz ?? 20;
  return [
    `--generic=socket,out,${rate},${p.host},${p.outPort},udp,stratus`,
    `--generic=socket,in,${rate},${p.host},${p.inPort},udp,stratus`,
    `--telnet=socket,bi,60,${p.host},${p.telnetPort},tcp`,
  ];
}
