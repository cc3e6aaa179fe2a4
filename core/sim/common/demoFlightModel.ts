import type { AircraftProfile } from './aircraftProfile.js';
import { detentIndexForRatio } from './aircraftProfile.js';
import { DEMO_TITLE_PREFIX } from './demoAircraft.js';
import { simStepsOf, type DemoSwitch } from './customWrite.js';
import type { SimAction } from './simAction.js';
import { cloneSimState, emptySimState, wrapHeadingDeg, type LightName, type SimState } from './simState.js';

/**
 * A small deterministic flight model for the built-in demo sim: a light aircraft in cruise with
 * the autopilot holding heading, altitude and speed. It is not aerodynamics; it is enough for
 * every command to visibly move the aircraft and for callouts to have something to watch.
 * Same inputs and time steps always give the same states.
 */

const STANDARD_RATE_DEG_PER_S = 3; // rate-one turn
const MAX_BANK_DEG = 25;
const DEFAULT_CLIMB_FPM = 700;
const SPEED_CHANGE_KT_PER_S = 1.5;
const FUEL_FLOW_CRUISE_KG_PER_H = 32;
const GEAR_DRAG_KT = 12; // speed the autothrottle cannot recover with the gear out

export function demoInitialState(profile: AircraftProfile): SimState {
  const s = emptySimState();
  s.aircraftTitle = `${DEMO_TITLE_PREFIX} (${profile.name})`;
  s.latDeg = 21.3187;
  s.lonDeg = -157.9224;
  s.altitudeFt = 5500;
  s.altitudeAglFt = 5500;
  s.iasKt = 110;
  s.groundSpeedKt = 104;
  s.headingDegMag = 90;
  s.gearDown = !profile.retractableGear;
  s.onGround = false;
  s.engineRunning = true;
  s.fuelKg = 140;
  s.fuelFlowKgPerH = FUEL_FLOW_CRUISE_KG_PER_H;
  s.windFromDegTrue = 240;
  s.windSpeedKt = 12;
  s.ap = {
    master: true,
    headingDegMag: 90,
    altitudeFt: 5500,
    speedKt: 110,
    verticalSpeedFpm: 0,
    modes: { hdg: true, nav: false, apr: false, alt: true, vs: false, flc: false },
  };
  s.radios = {
    com1ActiveKhz: 118300,
    com1StandbyKhz: 121900,
    com2ActiveKhz: 127400,
    com2StandbyKhz: 121500,
    nav1ActiveKhz: 114800,
    nav1StandbyKhz: 113900,
    nav2ActiveKhz: 116900,
    nav2StandbyKhz: 110300,
  };
  s.xpdrCode = 1200;
  s.lights = { landing: false, taxi: false, strobe: true, beacon: true, nav: true };
  return s;
}

/** Signed shortest turn from `from` to `to`, degrees in (-180, 180]. */
export function headingDeltaDeg(from: number, to: number): number {
  let d = wrapHeadingDeg(to) - wrapHeadingDeg(from);
  if (d > 180) d -= 360;
  if (d <= -180) d += 360;
  return d;
}

/** The way round a turn is flown: said by the pilot, else the shorter. */
export type TurnWay = 'left' | 'right';
/** Below this the heading counts as captured (a turn step ends exactly on the bug). */
const HEADING_CAPTURED_DEG = 0.01;

/**
 * The turn still to fly from `from` to `to`, signed (negative = left): the way the pilot said,
 * even the long way round, or the shorter way when no direction was said.
 */
export function turnToGoDeg(from: number, to: number, way?: TurnWay): number {
  const d = headingDeltaDeg(from, to);
  if (Math.abs(d) < HEADING_CAPTURED_DEG) return d;
  if (way === 'left' && d > 0) return d - 360;
  if (way === 'right' && d < 0) return d + 360;
  return d;
}

/** Whether the heading is on the bug, so a said turn direction has been flown. */
export function headingCaptured(s: SimState): boolean {
  return Math.abs(headingDeltaDeg(s.headingDegMag, s.ap.headingDegMag)) < HEADING_CAPTURED_DEG;
}

function approach(value: number, target: number, maxStep: number): number {
  const d = target - value;
  return Math.abs(d) <= maxStep ? target : value + Math.sign(d) * maxStep;
}

/** Advances the model by `dtS` seconds; returns a new state. `way`: the turn direction said with the heading. */
export function stepDemo(prev: SimState, dtS: number, profile: AircraftProfile, way?: TurnWay): SimState {
  const s: SimState = cloneSimState(prev);
  s.simTimeS = prev.simTimeS + dtS;
  if (prev.paused || dtS <= 0) return s;

  // Lateral: the heading bug steers when the autopilot flies heading mode.
  if (s.ap.master && s.ap.modes.hdg) {
    const delta = turnToGoDeg(s.headingDegMag, s.ap.headingDegMag, way);
    const turn = Math.max(-STANDARD_RATE_DEG_PER_S * dtS, Math.min(STANDARD_RATE_DEG_PER_S * dtS, delta));
    s.headingDegMag = wrapHeadingDeg(s.headingDegMag + turn);
    const targetBank = Math.max(-MAX_BANK_DEG, Math.min(MAX_BANK_DEG, delta * 2));
    s.rollDeg = approach(s.rollDeg, Math.abs(delta) < 0.05 ? 0 : targetBank, 10 * dtS);
  } else {
    s.rollDeg = approach(s.rollDeg, 0, 10 * dtS);
  }

  // Vertical: altitude hold captures the selected altitude; VS mode flies the selected rate.
  let vsTarget = 0;
  if (s.ap.master && s.ap.modes.vs) {
    vsTarget = s.ap.verticalSpeedFpm;
    const toGo = s.ap.altitudeFt - s.altitudeFt;
    if (Math.abs(toGo) < 50 && Math.sign(toGo) !== Math.sign(vsTarget)) vsTarget = 0;
  } else if (s.ap.master && (s.ap.modes.alt || s.ap.modes.flc)) {
    const toGo = s.ap.altitudeFt - s.altitudeFt;
    const rate = s.ap.verticalSpeedFpm !== 0 ? Math.abs(s.ap.verticalSpeedFpm) : DEFAULT_CLIMB_FPM;
    vsTarget = Math.max(-rate, Math.min(rate, toGo * 4));
  }
  s.verticalSpeedFpm = approach(s.verticalSpeedFpm, vsTarget, 600 * dtS);
  s.altitudeFt = Math.max(0, s.altitudeFt + (s.verticalSpeedFpm / 60) * dtS);
  s.altitudeAglFt = s.altitudeFt;
  s.pitchDeg = s.verticalSpeedFpm / 300;

  // Speed: an autothrottle chases the selected speed; the gear costs some speed.
  const dragKt = s.gearDown && profile.retractableGear ? GEAR_DRAG_KT : 0;
  const speedTarget = Math.max(profile.speeds.vs1Kt + 5, (s.ap.speedKt || s.iasKt) - dragKt);
  s.iasKt = approach(s.iasKt, speedTarget, SPEED_CHANGE_KT_PER_S * dtS);
  const tasKt = s.iasKt * (1 + s.altitudeFt / 1000 * 0.02);

  // Ground track: true heading taken equal to magnetic (the demo's variation is zero).
  const hdgRad = (s.headingDegMag * Math.PI) / 180;
  const windToRad = ((s.windFromDegTrue + 180) * Math.PI) / 180;
  const vn = tasKt * Math.cos(hdgRad) + s.windSpeedKt * Math.cos(windToRad);
  const ve = tasKt * Math.sin(hdgRad) + s.windSpeedKt * Math.sin(windToRad);
  s.groundSpeedKt = Math.hypot(vn, ve);
  const nmPerS = 1 / 3600;
  s.latDeg += (vn * nmPerS * dtS) / 60;
  s.lonDeg += (ve * nmPerS * dtS) / (60 * Math.cos((s.latDeg * Math.PI) / 180));

  // Fuel.
  s.fuelFlowKgPerH = s.engineRunning ? FUEL_FLOW_CRUISE_KG_PER_H * (s.iasKt / 110) : 0;
  s.fuelKg = Math.max(0, s.fuelKg - (s.fuelFlowKgPerH / 3600) * dtS);
  if (s.fuelKg === 0) s.engineRunning = false;
  return s;
}

/** Applies a write to the model: what the sim does with it, not yet its readback. */
export function applyDemoAction(prev: SimState, action: SimAction, profile: AircraftProfile): SimState {
  const s: SimState = cloneSimState(prev);
  switch (action.type) {
    case 'apHeading':
      s.ap.headingDegMag = wrapHeadingDeg(action.headingDegMag);
      break;
    case 'apAltitude':
      s.ap.altitudeFt = action.altitudeFt;
      break;
    case 'apSpeed':
      s.ap.speedKt = action.speedKt;
      break;
    case 'apVerticalSpeed':
      s.ap.verticalSpeedFpm = action.verticalSpeedFpm;
      s.ap.modes.vs = true;
      s.ap.modes.alt = false;
      s.ap.modes.flc = false;
      break;
    case 'apMaster':
      s.ap.master = action.on;
      break;
    case 'apMode':
      if (action.mode === 'alt' || action.mode === 'vs' || action.mode === 'flc') {
        s.ap.modes.alt = action.mode === 'alt';
        s.ap.modes.vs = action.mode === 'vs';
        s.ap.modes.flc = action.mode === 'flc';
      } else {
        s.ap.modes.hdg = action.mode === 'hdg';
        s.ap.modes.nav = action.mode === 'nav';
        s.ap.modes.apr = action.mode === 'apr';
      }
      break;
    case 'flaps':
      s.flapsRatio = action.ratio;
      s.flapsIndex = detentIndexForRatio(profile, action.ratio);
      break;
    case 'gear':
      s.gearDown = profile.retractableGear ? action.down : true;
      break;
    case 'light':
      s.lights[action.light] = action.on;
      break;
    case 'radio': {
      const key = `${action.radio}${action.slot === 'active' ? 'Active' : 'Standby'}Khz` as const;
      s.radios[key] = action.khz;
      break;
    }
    case 'radioSwap': {
      const a = `${action.radio}ActiveKhz` as const;
      const b = `${action.radio}StandbyKhz` as const;
      const tmp = s.radios[a];
      s.radios[a] = s.radios[b];
      s.radios[b] = tmp;
      break;
    }
    case 'transponder':
      s.xpdrCode = action.code;
      break;
    case 'altimeter':
      s.altimeterInHg = action.inHg;
      break;
    case 'custom':
      for (const step of simStepsOf(action.actions)) if ('demo' in step) applyDemoSwitch(s, step.demo, step.value);
      break;
  }
  return s;
}

const DEMO_LIGHTS: Readonly<Partial<Record<DemoSwitch, LightName>>> = { landingLights: 'landing', taxiLights: 'taxi', strobeLights: 'strobe', beaconLights: 'beacon', navLights: 'nav' };

/** A pilot's own command on the demo sim: lights and pause change its state; the demo has no brakes to set. */
function applyDemoSwitch(s: SimState, name: DemoSwitch, value: boolean | 'toggle'): void {
  const light = DEMO_LIGHTS[name];
  if (light) s.lights[light] = value === 'toggle' ? !s.lights[light] : value;
  else if (name === 'paused') s.paused = value === 'toggle' ? !s.paused : value;
}
