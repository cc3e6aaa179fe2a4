import { simStepsOf } from './customWrite.js';
import type { AircraftProfile } from './aircraftProfile.js';
import { detentIndexForRatio } from './aircraftProfile.js';
import type { SimAction } from './simAction.js';
import { wrapHeadingDeg, type SimState } from './simState.js';

/**
 * What Stratus reads from and writes to X-Plane 11/12, by dataref and command name (checked
 * against public plugin code; see the sim-protocols reference). Shared by the UDP adapter and
 * the web-API adapter: both deliver one number per dataref, which `applyXplaneValue` maps into
 * the normalised SimState.
 */

const M_TO_FT = 3.280839895;
const MS_TO_KT = 1.943844492;

type Apply = (s: SimState, v: number) => void;
const bool = (v: number): boolean => v >= 0.5;

/** Numeric datarefs, subscribed at the main rate. The array position is the RREF index. */
export const xplaneNumericDatarefs: ReadonlyArray<{ path: string; apply: Apply }> = [
  { path: 'sim/time/total_flight_time_sec', apply: (s, v) => (s.simTimeS = v) },
  { path: 'sim/cockpit2/gauges/indicators/altitude_ft_pilot', apply: (s, v) => (s.altitudeFt = v) },
  { path: 'sim/flightmodel/position/y_agl', apply: (s, v) => (s.altitudeAglFt = v * M_TO_FT) },
  { path: 'sim/cockpit2/gauges/indicators/airspeed_kts_pilot', apply: (s, v) => (s.iasKt = v) },
  { path: 'sim/flightmodel/position/groundspeed', apply: (s, v) => (s.groundSpeedKt = Math.max(0, v * MS_TO_KT)) },
  { path: 'sim/flightmodel/position/mag_psi', apply: (s, v) => (s.headingDegMag = wrapHeadingDeg(v)) },
  { path: 'sim/cockpit2/gauges/indicators/vvi_fpm_pilot', apply: (s, v) => (s.verticalSpeedFpm = v) },
  { path: 'sim/flightmodel/position/theta', apply: (s, v) => (s.pitchDeg = v) },
  { path: 'sim/flightmodel/position/phi', apply: (s, v) => (s.rollDeg = v) },
  { path: 'sim/cockpit2/controls/flap_handle_request_ratio', apply: (s, v) => (s.flapsRatio = Math.min(1, Math.max(0, v))) },
  { path: 'sim/cockpit2/controls/gear_handle_down', apply: (s, v) => (s.gearDown = bool(v)) },
  { path: 'sim/flightmodel/failures/onground_any', apply: (s, v) => (s.onGround = bool(v)) },
  { path: 'sim/time/paused', apply: (s, v) => (s.paused = bool(v)) },
  { path: 'sim/flightmodel/engine/ENGN_running[0]', apply: (s, v) => (s.engineRunning = bool(v)) },
  { path: 'sim/flightmodel/weight/m_fuel_total', apply: (s, v) => (s.fuelKg = Math.max(0, v)) },
  { path: 'sim/cockpit2/engine/indicators/fuel_flow_kg_sec[0]', apply: (s, v) => (s.fuelFlowKgPerH = Math.max(0, v * 3600)) },
  // Wind arrives magnetic; the true-minus-magnetic heading difference (below) converts it.
  { path: 'sim/cockpit2/gauges/indicators/wind_heading_deg_mag', apply: (s, v) => (s.windFromDegTrue = v) },
  { path: 'sim/cockpit2/gauges/indicators/wind_speed_kts', apply: (s, v) => (s.windSpeedKt = Math.max(0, v)) },
  { path: 'sim/flightmodel/position/psi', apply: () => undefined },
  { path: 'sim/cockpit2/gauges/actuators/barometer_setting_in_hg_pilot', apply: (s, v) => (s.altimeterInHg = v) },
  { path: 'sim/cockpit2/autopilot/servos_on', apply: (s, v) => (s.ap.master = bool(v)) },
  { path: 'sim/cockpit2/autopilot/heading_dial_deg_mag_pilot', apply: (s, v) => (s.ap.headingDegMag = wrapHeadingDeg(v)) },
  { path: 'sim/cockpit2/autopilot/altitude_dial_ft', apply: (s, v) => (s.ap.altitudeFt = v) },
  { path: 'sim/cockpit2/autopilot/airspeed_dial_kts_mach', apply: (s, v) => (s.ap.speedKt = v) },
  { path: 'sim/cockpit2/autopilot/vvi_dial_fpm', apply: (s, v) => (s.ap.verticalSpeedFpm = v) },
  { path: 'sim/cockpit2/autopilot/heading_status', apply: (s, v) => (s.ap.modes.hdg = v >= 1) },
  { path: 'sim/cockpit2/autopilot/nav_status', apply: (s, v) => (s.ap.modes.nav = v >= 1) },
  { path: 'sim/cockpit2/autopilot/approach_status', apply: (s, v) => (s.ap.modes.apr = v >= 1) },
  { path: 'sim/cockpit2/autopilot/altitude_hold_status', apply: (s, v) => (s.ap.modes.alt = v >= 1) },
  { path: 'sim/cockpit2/autopilot/vvi_status', apply: (s, v) => (s.ap.modes.vs = v >= 1) },
  { path: 'sim/cockpit2/autopilot/speed_status', apply: (s, v) => (s.ap.modes.flc = v >= 1) },
  { path: 'sim/cockpit2/radios/actuators/com1_frequency_hz_833', apply: (s, v) => (s.radios.com1ActiveKhz = khz(v)) },
  { path: 'sim/cockpit2/radios/actuators/com1_standby_frequency_hz_833', apply: (s, v) => (s.radios.com1StandbyKhz = khz(v)) },
  { path: 'sim/cockpit2/radios/actuators/com2_frequency_hz_833', apply: (s, v) => (s.radios.com2ActiveKhz = khz(v)) },
  { path: 'sim/cockpit2/radios/actuators/com2_standby_frequency_hz_833', apply: (s, v) => (s.radios.com2StandbyKhz = khz(v)) },
  // NAV frequencies are in 10 kHz units (11080 = 110.80 MHz).
  { path: 'sim/cockpit2/radios/actuators/nav1_frequency_hz', apply: (s, v) => (s.radios.nav1ActiveKhz = khz(v * 10)) },
  { path: 'sim/cockpit2/radios/actuators/nav1_standby_frequency_hz', apply: (s, v) => (s.radios.nav1StandbyKhz = khz(v * 10)) },
  { path: 'sim/cockpit2/radios/actuators/nav2_frequency_hz', apply: (s, v) => (s.radios.nav2ActiveKhz = khz(v * 10)) },
  { path: 'sim/cockpit2/radios/actuators/nav2_standby_frequency_hz', apply: (s, v) => (s.radios.nav2StandbyKhz = khz(v * 10)) },
  { path: 'sim/cockpit2/radios/actuators/transponder_code', apply: (s, v) => (s.xpdrCode = Math.min(7777, Math.max(0, Math.round(v)))) },
  { path: 'sim/cockpit2/switches/landing_lights_on', apply: (s, v) => (s.lights.landing = bool(v)) },
  { path: 'sim/cockpit2/switches/taxi_light_on', apply: (s, v) => (s.lights.taxi = bool(v)) },
  { path: 'sim/cockpit2/switches/strobe_lights_on', apply: (s, v) => (s.lights.strobe = bool(v)) },
  { path: 'sim/cockpit2/switches/beacon_on', apply: (s, v) => (s.lights.beacon = bool(v)) },
  { path: 'sim/cockpit2/switches/navigation_lights_on', apply: (s, v) => (s.lights.nav = bool(v)) },
];

const PSI_INDEX = xplaneNumericDatarefs.findIndex((d) => d.path === 'sim/flightmodel/position/psi');
const MAG_PSI_INDEX = xplaneNumericDatarefs.findIndex((d) => d.path === 'sim/flightmodel/position/mag_psi');
const WIND_INDEX = xplaneNumericDatarefs.findIndex((d) => d.path.endsWith('wind_heading_deg_mag'));

/** Aircraft identity, one byte per subscription (X-Plane sends byte arrays element by element). */
export const XPLANE_ICAO_BYTES = 8;
export const XPLANE_NAME_BYTES = 32;
export const XPLANE_STRING_RATE_HZ = 1;

export interface XplaneSubscription {
  index: number;
  path: string;
  /** 'main' uses the configured rate; 'string' the slow identity rate. */
  rate: 'main' | 'string';
}

export function xplaneSubscriptions(): XplaneSubscription[] {
  const subs: XplaneSubscription[] = xplaneNumericDatarefs.map((d, index) => ({ index, path: d.path, rate: 'main' }));
  let index = subs.length;
  for (let i = 0; i < XPLANE_ICAO_BYTES; i++) subs.push({ index: index++, path: `sim/aircraft/view/acf_ICAO[${i}]`, rate: 'string' });
  for (let i = 0; i < XPLANE_NAME_BYTES; i++) subs.push({ index: index++, path: `sim/aircraft/view/acf_ui_name[${i}]`, rate: 'string' });
  return subs;
}

export const XPLANE_SUBSCRIPTION_COUNT = xplaneNumericDatarefs.length + XPLANE_ICAO_BYTES + XPLANE_NAME_BYTES;

function khz(v: number): number {
  return Math.max(0, Math.round(v));
}

function bytesToText(raw: Float64Array, from: number, count: number): string {
  let text = '';
  for (let i = from; i < from + count; i++) {
    const c = Math.round(raw[i] ?? 0);
    if (c <= 0 || c > 255) break;
    text += String.fromCharCode(c);
  }
  return text.trim();
}

/** Aircraft title from the identity bytes: "Cessna Skyhawk (C172)", or just the ICAO code. */
export function xplaneTitle(raw: Float64Array): string {
  const icao = bytesToText(raw, xplaneNumericDatarefs.length, XPLANE_ICAO_BYTES);
  const name = bytesToText(raw, xplaneNumericDatarefs.length + XPLANE_ICAO_BYTES, XPLANE_NAME_BYTES);
  if (name && icao) return `${name} (${icao})`;
  return name || icao;
}

/**
 * Writes every numeric dataref value `raw[i]` into `state` (mutating it). `seen[i]` marks indices
 * the sim has sent at least once; unseen ones keep their previous value.
 */
export function applyXplaneValues(state: SimState, raw: Float64Array, seen: Uint8Array, profile: AircraftProfile): void {
  for (let i = 0; i < xplaneNumericDatarefs.length; i++) {
    if (seen[i]) xplaneNumericDatarefs[i]!.apply(state, raw[i]!);
  }
  if (seen[WIND_INDEX] && seen[PSI_INDEX] && seen[MAG_PSI_INDEX]) {
    state.windFromDegTrue = wrapHeadingDeg(raw[WIND_INDEX]! + (raw[PSI_INDEX]! - raw[MAG_PSI_INDEX]!));
  }
  state.flapsIndex = detentIndexForRatio(profile, state.flapsRatio);
}

export type XplaneWrite = { kind: 'dref'; path: string; value: number } | { kind: 'cmnd'; command: string };

const apModeCommands: Record<string, string> = {
  hdg: 'sim/autopilot/heading',
  nav: 'sim/autopilot/NAV',
  apr: 'sim/autopilot/approach',
  alt: 'sim/autopilot/altitude_hold',
  vs: 'sim/autopilot/vertical_speed',
  flc: 'sim/autopilot/level_change',
};

const lightDatarefs: Record<string, string> = {
  landing: 'sim/cockpit2/switches/landing_lights_on',
  taxi: 'sim/cockpit2/switches/taxi_light_on',
  strobe: 'sim/cockpit2/switches/strobe_lights_on',
  beacon: 'sim/cockpit2/switches/beacon_on',
  nav: 'sim/cockpit2/switches/navigation_lights_on',
};

/**
 * The packets that apply `action`, given the current state (toggle commands are sent only when
 * the state differs). A profile may override a dataref per action type
 * (`overrides.xplane.apHeading = "laminar/B738/autopilot/mcp_hdg_dial"`), or set
 * `overrides.xplane.flaps = "commands"` to step the flap handle with flaps_up/flaps_down.
 */
export function xplaneWritesFor(action: SimAction, state: SimState, profile: AircraftProfile): XplaneWrite[] {
  const override = profile.overrides.xplane?.[action.type];
  const dref = (path: string, value: number): XplaneWrite[] => [{ kind: 'dref', path: override ?? path, value }];
  const cmnd = (command: string, times = 1): XplaneWrite[] => Array.from({ length: times }, () => ({ kind: 'cmnd', command }));
  switch (action.type) {
    case 'apHeading':
      // action.turn: X-Plane has no dataref for the turn direction in heading mode; the bug alone cannot force a turn direction: the autopilot turns the shorter way, which is the said way except for a turn of more than 180 degrees.
      return dref('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot', action.headingDegMag);
    case 'apAltitude':
      return dref('sim/cockpit2/autopilot/altitude_dial_ft', action.altitudeFt);
    case 'apSpeed':
      return dref('sim/cockpit2/autopilot/airspeed_dial_kts_mach', action.speedKt);
    case 'apVerticalSpeed':
      return dref('sim/cockpit2/autopilot/vvi_dial_fpm', action.verticalSpeedFpm);
    case 'apMaster':
      return state.ap.master === action.on ? [] : cmnd('sim/autopilot/servos_toggle');
    case 'apMode':
      return state.ap.modes[action.mode] ? [] : cmnd(apModeCommands[action.mode]!);
    case 'flaps': {
      if (override !== 'commands') return dref('sim/cockpit2/controls/flap_handle_request_ratio', action.ratio);
      const steps = action.index - state.flapsIndex;
      return steps >= 0 ? cmnd('sim/flight_controls/flaps_down', steps) : cmnd('sim/flight_controls/flaps_up', -steps);
    }
    case 'gear':
      return cmnd(action.down ? 'sim/flight_controls/landing_gear_down' : 'sim/flight_controls/landing_gear_up');
    case 'light':
      return dref(lightDatarefs[action.light]!, action.on ? 1 : 0);
    case 'radio': {
      const slot = action.slot === 'active' ? '' : '_standby';
      if (action.radio.startsWith('com')) return dref(`sim/cockpit2/radios/actuators/${action.radio}${slot}_frequency_hz_833`, action.khz);
      return dref(`sim/cockpit2/radios/actuators/${action.radio}${slot}_frequency_hz`, Math.round(action.khz / 10));
    }
    case 'radioSwap':
      return cmnd(`sim/radios/${action.radio}_standy_flip`); // Laminar's spelling
    case 'transponder':
      return dref('sim/cockpit2/radios/actuators/transponder_code', action.code);
    case 'altimeter':
      return dref('sim/cockpit2/gauges/actuators/barometer_setting_in_hg_pilot', action.inHg);
    case 'custom':
      // Names were checked by customSimStepSchema; steps for other sims were dropped before this.
      return simStepsOf(action.actions).flatMap((st): XplaneWrite[] =>
        'dataref' in st ? [{ kind: 'dref', path: st.dataref, value: st.value }] : 'command' in st ? [{ kind: 'cmnd', command: st.command }] : [],
      );
  }
}
