import { detentIndexForRatio, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { knownValue } from '../../sim/common/telemetrySanitiser.js';
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

/** An altitude as said: a flight level when said as one, else feet (flight levels from the transition altitude up). */
function speakAltitudeTarget(ft: number, reference?: 'fl'): string {
  if (reference === 'fl' || (ft >= FLIGHT_LEVEL_FROM_FT && ft % 100 === 0)) return speakFlightLevel(ft);
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
      return `${intent.turn ? `turn ${intent.turn} ` : ''}heading ${speakHeading(intent.headingDegMag)}`;
    case 'apAltitude':
      return speakAltitudeTarget(intent.altitudeFt, intent.reference);
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
    case 'custom':
      return intent.say;
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
  const fuelKg = knownValue(state, 'fuelKg');
  if (fuelKg === undefined) return 'fuel quantity not available';
  let s = `${speakNumber(Math.round(fuelKg))} kilograms of fuel`;
  const flow = knownValue(state, 'fuelFlowKgPerH');
  if (flow !== undefined && flow > 0.5) {
    const minutes = Math.floor((fuelKg / flow) * 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    const endurance = h > 0 ? `${speakNumber(h)} hour${h === 1 ? '' : 's'} ${speakNumber(m)} minutes` : `${speakNumber(m)} minutes`;
    s += `, about ${endurance} at the current flow`;
  }
  if (fuelKg <= profile.lowFuelKg) s += ', fuel is low';
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

/**
 * A spoken answer to a query from the current telemetry, with units. Every number comes through
 * `knownValue`: a value the sim did not send plausibly is said to be "not available", never
 * spoken as a wrong or garbled number.
 */
export function answerQuery(intent: IntentOf<'query'>, state: SimState, profile: AircraftProfile): string {
  const k = (name: string): number | undefined => knownValue(state, name);
  const radio = (name: string): number => k(name) ?? 0; // an unknown frequency reads as not reported
  switch (intent.what) {
    case 'altitude': {
      const alt = k('altitudeFt');
      const vs = k('verticalSpeedFpm');
      if (alt === undefined) return 'altitude not available';
      return `${speakAltitudeFt(alt)} feet${vs === undefined ? '' : `, ${climbing(vs)}`}`;
    }
    case 'speed': {
      const ias = k('iasKt');
      return ias === undefined ? 'airspeed not available' : `${speakNumber(Math.round(ias))} knots indicated`;
    }
    case 'groundspeed': {
      const gs = k('groundSpeedKt');
      return gs === undefined ? 'ground speed not available' : `ground speed ${speakNumber(Math.round(gs))} knots`;
    }
    case 'heading': {
      const hdg = k('headingDegMag');
      return hdg === undefined ? 'heading not available' : `heading ${speakHeading(hdg)}`;
    }
    case 'vs': {
      const vs = k('verticalSpeedFpm');
      if (vs === undefined) return 'vertical speed not available';
      return Math.abs(vs) < LEVEL_FPM ? 'level' : `${climbing(vs)} feet per minute`;
    }
    case 'fuel':
      return fuelAnswer(state, profile);
    case 'wind': {
      const speed = k('windSpeedKt');
      const from = k('windFromDegTrue');
      if (speed === undefined) return 'wind not available';
      if (speed < 1) return 'wind calm';
      return from === undefined ? `wind ${speakNumber(Math.round(speed))} knots, direction not available` : `wind ${speakHeading(from)} at ${speakNumber(Math.round(speed))} knots`;
    }
    case 'position': {
      const lat = k('latDeg');
      const lon = k('lonDeg');
      const alt = k('altitudeFt');
      if (lat === undefined || lon === undefined) return 'position not available';
      return `${speakLatLon(lat, 'north', 'south')}, ${speakLatLon(lon, 'east', 'west')}${alt === undefined ? '' : `, ${speakAltitudeFt(alt)} feet`}`;
    }
    case 'com1':
      return speakRadio('com one', radio('radios.com1ActiveKhz'), radio('radios.com1StandbyKhz'));
    case 'com2':
      return speakRadio('com two', radio('radios.com2ActiveKhz'), radio('radios.com2StandbyKhz'));
    case 'nav1':
      return speakRadio('nav one', radio('radios.nav1ActiveKhz'), radio('radios.nav1StandbyKhz'));
    case 'xpdr': {
      const code = k('xpdrCode');
      return code === undefined ? 'transponder code not available' : `squawking ${speakSquawk(code)}`;
    }
    case 'flaps': {
      const index = k('flapsIndex');
      const ratio = k('flapsRatio');
      const d =
        (index === undefined ? undefined : profile.flaps[Math.min(index, profile.flaps.length - 1)]) ??
        (ratio === undefined ? undefined : profile.flaps[detentIndexForRatio(profile, ratio)]);
      return d ? `flaps ${speakDetent(d)}` : 'flaps position unknown';
    }
    case 'gear':
      if (!profile.retractableGear) return 'fixed gear, down';
      return state.gearDown ? 'gear down' : 'gear up';
    case 'altimeter': {
      const inHg = k('altimeterInHg');
      if (inHg === undefined) return 'altimeter setting not available';
      const hPa = Math.round(inHg * HPA_PER_INHG);
      return `altimeter ${speakDigits(Math.round(inHg * 100))}, QNH ${speakDigits(hPa)}`;
    }
    case 'autopilot': {
      const ap = state.ap;
      const modes = (Object.keys(MODE_WORDS) as Array<keyof typeof MODE_WORDS>).filter((m) => ap.modes[m]).map((m) => MODE_WORDS[m]);
      const head = ap.master ? 'autopilot on' : 'autopilot off';
      const hdg = k('ap.headingDegMag');
      const alt = k('ap.altitudeFt');
      const targets = [hdg === undefined ? '' : `heading ${speakHeading(hdg)}`, alt === undefined ? '' : speakAltitudeTarget(alt)].filter(Boolean);
      return [`${head}${modes.length ? `, ${listJoin(modes)}` : ''}`, ...targets].join(', ');
    }
    case 'lights': {
      const on = (Object.keys(state.lights) as Array<keyof SimState['lights']>).filter((l) => state.lights[l]);
      return on.length === 0 ? 'all lights off' : `${listJoin(on)} ${on.length === 1 ? 'light' : 'lights'} on`;
    }
  }
}
