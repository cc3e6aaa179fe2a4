import type { Intent } from '../../intent/common/intents.js';
import type { SimState } from '../../sim/common/simState.js';

/**
 * The cockpit controls a sim write changes, and their values in a SimState: what the transcript
 * history shows ("heading bug 270 -> 090") and how it tells whether a control still holds what a
 * command set (so an undo from the history never puts back a value over a later change).
 */
export type ControlValue = number | boolean | string;

export interface Control {
  /** Stable key ("ap.headingDegMag", "lights.landing", "radios.com1StandbyKhz"). */
  key: string;
  /** What the pilot calls it ("heading bug"). */
  label: string;
  read(state: SimState): ControlValue;
  /** Two readings are the same setting (a sim reports 89.9996 for a bug set to 90). */
  tolerance: number;
}

/** Values this close count as the same setting: sims round-trip through floats. */
const FLOAT_TOLERANCE = 0.5;
/** Altimeter settings differ by 0.01 inHg at the least; half of it is float noise. */
const ALTIMETER_TOLERANCE_INHG = 0.005;

const LATERAL_MODES = ['hdg', 'nav', 'apr'] as const;
const VERTICAL_MODES = ['alt', 'vs', 'flc'] as const;

function num(key: string, label: string, read: (s: SimState) => number, tolerance = FLOAT_TOLERANCE): Control {
  return { key, label, read, tolerance };
}

function flag(key: string, label: string, read: (s: SimState) => boolean): Control {
  return { key, label, read, tolerance: 0 };
}

function modeOf(modes: readonly string[], label: string, key: string): Control {
  return {
    key,
    label,
    read: (s) => modes.filter((m) => s.ap.modes[m as keyof SimState['ap']['modes']]).join('+') || 'none',
    tolerance: 0,
  };
}

const radioLabel = (radio: string, slot: 'Active' | 'Standby'): string => `${radio.toUpperCase()} ${slot.toLowerCase()}`;

/** The controls `intent` changes (empty for intents that write nothing). */
export function controlsOf(intent: Intent): Control[] {
  switch (intent.kind) {
    case 'apHeading':
      return [num('ap.headingDegMag', 'heading bug', (s) => s.ap.headingDegMag)];
    case 'apAltitude':
      return [num('ap.altitudeFt', 'altitude target', (s) => s.ap.altitudeFt)];
    case 'apSpeed':
      return [num('ap.speedKt', 'speed target', (s) => s.ap.speedKt)];
    case 'apVerticalSpeed':
      return [num('ap.verticalSpeedFpm', 'vertical speed target', (s) => s.ap.verticalSpeedFpm), modeOf(VERTICAL_MODES, 'vertical mode', 'ap.modes.vertical')];
    case 'apMaster':
      return [flag('ap.master', 'autopilot', (s) => s.ap.master)];
    case 'apMode':
      return (LATERAL_MODES as readonly string[]).includes(intent.mode)
        ? [modeOf(LATERAL_MODES, 'lateral mode', 'ap.modes.lateral')]
        : [modeOf(VERTICAL_MODES, 'vertical mode', 'ap.modes.vertical')];
    case 'flaps':
      return [num('flapsIndex', 'flaps', (s) => s.flapsIndex, 0)];
    case 'gear':
      return [flag('gearDown', 'gear down', (s) => s.gearDown)];
    case 'light':
      return [flag(`lights.${intent.light}`, `${intent.light} light`, (s) => s.lights[intent.light])];
    case 'radio': {
      const slot = intent.slot === 'active' ? 'Active' : 'Standby';
      const field = `${intent.radio}${slot}Khz` as const;
      return [num(`radios.${field}`, radioLabel(intent.radio, slot), (s) => s.radios[field], 0)];
    }
    case 'radioSwap': {
      const active = `${intent.radio}ActiveKhz` as const;
      const standby = `${intent.radio}StandbyKhz` as const;
      return [
        num(`radios.${active}`, radioLabel(intent.radio, 'Active'), (s) => s.radios[active], 0),
        num(`radios.${standby}`, radioLabel(intent.radio, 'Standby'), (s) => s.radios[standby], 0),
      ];
    }
    case 'transponder':
      return [num('xpdrCode', 'squawk', (s) => s.xpdrCode, 0)];
    case 'altimeter':
      return [num('altimeterInHg', 'altimeter', (s) => s.altimeterInHg, ALTIMETER_TOLERANCE_INHG)];
    default:
      return [];
  }
}

/** The same setting within the control's tolerance (headings wrap: 360 and 0 are one). */
export function sameSetting(control: Control, a: ControlValue, b: ControlValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    const wrapped = control.key === 'ap.headingDegMag' ? Math.min(d, Math.abs(d - 360)) : d;
    return wrapped <= control.tolerance;
  }
  return a === b;
}
