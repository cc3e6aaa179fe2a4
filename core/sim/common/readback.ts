import type { SimAction } from './simAction.js';
import type { SimState } from './simState.js';
import { wrapHeadingDeg } from './simState.js';

/** Tolerances for a readback to count as confirmation; sims round what they store. */
const HEADING_TOL_DEG = 0.6; // dials snap to whole degrees, RREF floats carry fractions
const ALTITUDE_TOL_FT = 10;
const SPEED_TOL_KT = 1;
const VS_TOL_FPM = 60; // MSFS and X-Plane round VS dials to 50/100 fpm steps on some types
const FLAP_TOL = 0.04;
const ALTIMETER_TOL_INHG = 0.011;

/**
 * True once `state` shows the effect of `action`. `before` is the state when the write was
 * sent, needed for toggles such as a radio swap.
 */
export function isActionConfirmed(action: SimAction, state: SimState, before: SimState): boolean {
  switch (action.type) {
    case 'apHeading': {
      const d = Math.abs(wrapHeadingDeg(state.ap.headingDegMag) - wrapHeadingDeg(action.headingDegMag));
      return Math.min(d, 360 - d) <= HEADING_TOL_DEG;
    }
    case 'apAltitude':
      return Math.abs(state.ap.altitudeFt - action.altitudeFt) <= ALTITUDE_TOL_FT;
    case 'apSpeed':
      return Math.abs(state.ap.speedKt - action.speedKt) <= SPEED_TOL_KT;
    case 'apVerticalSpeed':
      return Math.abs(state.ap.verticalSpeedFpm - action.verticalSpeedFpm) <= VS_TOL_FPM;
    case 'apMaster':
      return state.ap.master === action.on;
    case 'apMode':
      return state.ap.modes[action.mode];
    case 'flaps':
      return Math.abs(state.flapsRatio - action.ratio) <= FLAP_TOL;
    case 'gear':
      return state.gearDown === action.down;
    case 'light':
      return state.lights[action.light] === action.on;
    case 'radio': {
      const key = `${action.radio}${action.slot === 'active' ? 'Active' : 'Standby'}Khz` as const;
      return state.radios[key] === action.khz;
    }
    case 'radioSwap':
      return (
        state.radios[`${action.radio}ActiveKhz`] === before.radios[`${action.radio}StandbyKhz`] &&
        state.radios[`${action.radio}StandbyKhz`] === before.radios[`${action.radio}ActiveKhz`]
      );
    case 'transponder':
      return state.xpdrCode === action.code;
    case 'altimeter':
      return Math.abs(state.altimeterInHg - action.inHg) <= ALTIMETER_TOL_INHG;
    case 'custom':
      return true; // a pilot's own write names state Stratus does not read: applied once sent
  }
}
