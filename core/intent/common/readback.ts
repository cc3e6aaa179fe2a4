import { detentIndexForRatio, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import type { Intent, IntentOf } from './intents.js';
import { HPA_PER_INHG, speakDetent } from './toSimAction.js';
import {
  speakAltitudeFt,
  speakDigits,
  speakFlightLevel,
  speakFrequencyKhz,
  speakHeading,
  speakNumber,
  speakSquawk,
} from './spokenNumbers.js';

/** At and above this the readback uses flight levels (US transition altitude). */
const FLIGHT_LEVEL_FROM_FT = 18000;
/** Vertical speeds smaller than this are "level". */
const LEVEL_FPM = 100;

const MODE_WORDS = { hdg: 'heading mode', nav: 'nav mode', apr: 'approach mode', alt: 'altitude hold', vs: 'vertical speed mode', flc: 'flight level change' } as const;
const RADIO_WORDS = { com1: 'com one', com2: 'com two', nav1: 'nav one', nav2: 'nav two' } as const;
const CHECKLIST_WORDS = {
  'before-start': 'before start',
  'before-takeoff': 'before takeoff',
  'after-takeoff': 'after takeoff',
  approach: 'approach',
  landing: 'landing',
} as const;

function speakAltitudeTarget(ft: number): string {
  if (ft >= FLIGHT_LEVEL_FROM_FT && ft % 100 === 0) return speakFlightLevel(ft);
  return `altitude ${speakAltitudeFt(ft)}`;
}

function speakVs(fpm: number): string {
  if (fpm === 0) return 'vertical speed zero';
  return `vertical speed ${fpm < 0 ? 'minus' : 'plus'} ${speakNumber(Math.abs(fpm))}`;
}

function speakCode(code: number): string {
  return code > 0 && code % 1000 === 0 ? `${speakDigits(code / 1000)} thousand` : speakSquawk(code);
}

function speakFlaps(setting: IntentOf<'flaps'>['setting']): string {
  return typeof setting === 'number' ? `flaps ${speakNumber(setting)}` : `flaps ${setting}`;
}

/**
 * What a good first officer says back, in phraseology that re-parses to the same intent:
 * "heading two seven zero", "flaps fifteen", "squawking seven thousand",
 * "one two one decimal five on com one". Empty for intents with nothing to read back.
 */
export function readbackFor(intent: Intent, _profile?: AircraftProfile): string {
  switch (intent.kind) {
    case 'apHeading':
      return `heading ${speakHeading(intent.headingDegMag)}`;
    case 'apAltitude':
      return speakAltitudeTarget(intent.altitudeFt);
    case 'apSpeed':
      return `speed ${speakDigits(intent.speedKt)}`;
    case 'apVerticalSpeed':
      return speakVs(intent.verticalSpeedFpm);
    case 'apMaster':
      return intent.on ? 'autopilot engaged' : 'autopilot disconnected';
    case 'apMode':
      return MODE_WORDS[intent.mode];
    case 'flaps':
      return speakFlaps(intent.setting);
    case 'gear':
      return intent.down ? 'gear down' : 'gear up';
    case 'light':
      return `${intent.light === 'landing' || intent.light === 'taxi' || intent.light === 'nav' ? `${intent.light} light` : intent.light} ${intent.on ? 'on' : 'off'}`;
    case 'radio':
      return `${speakFrequencyKhz(intent.khz)} on ${RADIO_WORDS[intent.radio]}${intent.slot === 'standby' ? ' standby' : ''}`;
    case 'radioSwap':
      return `${RADIO_WORDS[intent.radio]} swapped`;
    case 'transponder':
      return `squawking ${speakCode(intent.code)}`;
    case 'altimeter':
      return intent.pressure.unit === 'inHg'
        ? `altimeter ${speakDigits(Math.round(intent.pressure.inHg * 100))}`
        : `QNH ${speakDigits(intent.pressure.hPa)}`;
    case 'checklistStart':
      return `${CHECKLIST_WORDS[intent.name]} checklist`;
    case 'callouts':
      return intent.on ? 'callouts on' : 'callouts off';
    case 'invalid':
      return intent.spoken;
    default:
      return '';
  }
}

function climbing(fpm: number): string {
  if (Math.abs(fpm) < LEVEL_FPM) return 'level';
  const rate = speakNumber(Math.round(Math.abs(fpm) / 50) * 50);
  return fpm > 0 ? `climbing ${rate}` : `descending ${rate}`;
}

function listJoin(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
}

function fuelAnswer(state: SimState, profile: AircraftProfile): string {
  const kg = Math.round(state.fuelKg);
  let s = `${speakNumber(kg)} kilograms of fuel`;
  if (state.fuelFlowKgPerH > 0.5) {
    const minutes = Math.floor((state.fuelKg / state.fuelFlowKgPerH) * 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    const endurance = h > 0 ? `${speakNumber(h)} hour${h === 1 ? '' : 's'} ${speakNumber(m)} minutes` : `${speakNumber(m)} minutes`;
    s += `, about ${endurance} at the current flow`;
  }
  if (state.fuelKg <= profile.lowFuelKg) s += ', fuel is low';
  return s;
}

/** A radio the sim does not report reads 0 kHz. */
function speakRadio(name: string, activeKhz: number, standbyKhz: number): string {
  if (activeKhz === 0 && standbyKhz === 0) return `${name} frequency not available`;
  const say = (khz: number): string => (khz === 0 ? 'not available' : speakFrequencyKhz(khz));
  return `${name} ${say(activeKhz)}, standby ${say(standbyKhz)}`;
}

function speakLatLon(deg: number, pos: string, neg: string): string {
  const abs = Math.abs(deg).toFixed(2);
  const [int, frac] = abs.split('.');
  return `${speakNumber(Number(int))} decimal ${speakDigits(frac ?? '0')} ${deg >= 0 ? pos : neg}`;
}

/** A spoken answer to a query from the current telemetry, with units. */
export function answerQuery(intent: IntentOf<'query'>, state: SimState, profile: AircraftProfile): string {
  const r = state.radios;
  switch (intent.what) {
    case 'altitude':
      return `${speakAltitudeFt(state.altitudeFt)} feet, ${climbing(state.verticalSpeedFpm)}`;
    case 'speed':
      return `${speakNumber(Math.round(state.iasKt))} knots indicated`;
    case 'groundspeed':
      return `ground speed ${speakNumber(Math.round(state.groundSpeedKt))} knots`;
    case 'heading':
      return `heading ${speakHeading(state.headingDegMag)}`;
    case 'vs':
      return Math.abs(state.verticalSpeedFpm) < LEVEL_FPM ? 'level' : `${climbing(state.verticalSpeedFpm)} feet per minute`;
    case 'fuel':
      return fuelAnswer(state, profile);
    case 'wind':
      return state.windSpeedKt < 1 ? 'wind calm' : `wind ${speakHeading(state.windFromDegTrue)} at ${speakNumber(Math.round(state.windSpeedKt))} knots`;
    case 'position':
      return `${speakLatLon(state.latDeg, 'north', 'south')}, ${speakLatLon(state.lonDeg, 'east', 'west')}, ${speakAltitudeFt(state.altitudeFt)} feet`;
    case 'com1':
      return speakRadio('com one', r.com1ActiveKhz, r.com1StandbyKhz);
    case 'com2':
      return speakRadio('com two', r.com2ActiveKhz, r.com2StandbyKhz);
    case 'nav1':
      return speakRadio('nav one', r.nav1ActiveKhz, r.nav1StandbyKhz);
    case 'xpdr':
      return `squawking ${speakSquawk(state.xpdrCode)}`;
    case 'flaps': {
      const d = profile.flaps[Math.min(state.flapsIndex, profile.flaps.length - 1)] ?? profile.flaps[detentIndexForRatio(profile, state.flapsRatio)];
      return d ? `flaps ${speakDetent(d)}` : 'flaps position unknown';
    }
    case 'gear':
      if (!profile.retractableGear) return 'fixed gear, down';
      return state.gearDown ? 'gear down' : 'gear up';
    case 'altimeter': {
      const hPa = Math.round(state.altimeterInHg * HPA_PER_INHG);
      return `altimeter ${speakDigits(Math.round(state.altimeterInHg * 100))}, QNH ${speakDigits(hPa)}`;
    }
    case 'autopilot': {
      const ap = state.ap;
      const modes = (Object.keys(MODE_WORDS) as Array<keyof typeof MODE_WORDS>).filter((m) => ap.modes[m]).map((m) => MODE_WORDS[m]);
      const head = ap.master ? 'autopilot on' : 'autopilot off';
      return `${head}${modes.length ? `, ${listJoin(modes)}` : ''}, heading ${speakHeading(ap.headingDegMag)}, ${speakAltitudeTarget(ap.altitudeFt)}`;
    }
    case 'lights': {
      const on = (Object.keys(state.lights) as Array<keyof SimState['lights']>).filter((l) => state.lights[l]);
      return on.length === 0 ? 'all lights off' : `${listJoin(on)} ${on.length === 1 ? 'light' : 'lights'} on`;
    }
  }
}
