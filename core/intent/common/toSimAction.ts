import type { AircraftProfile, FlapDetent } from '../../sim/common/aircraftProfile.js';
import type { SimAction, SimActionType } from '../../sim/common/simAction.js';
import type { FlapsSetting, Intent } from './intents.js';
import { speakNumber } from './spokenNumbers.js';

/** 1 inHg in hPa (ICAO standard atmosphere conversion). */
export const HPA_PER_INHG = 33.8639;

export type SimActionResult = { action: SimAction } | { refusal: string } | null;

/** What a detent is called aloud: "up", "full", "fifteen". */
export function speakDetent(d: FlapDetent): string {
  const n = Number(d.name);
  return Number.isFinite(n) && d.name.trim() !== '' ? speakNumber(n) : d.name;
}

function listDetents(profile: AircraftProfile): string {
  const names = profile.flaps.map(speakDetent);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
}

/** The profile detent for what was said: "up"/"full" by position, a number by detent name, then by degrees. */
export function resolveFlapDetent(setting: FlapsSetting, profile: AircraftProfile): { index: number; detent: FlapDetent } | undefined {
  const flaps = profile.flaps;
  const pick = (i: number): { index: number; detent: FlapDetent } | undefined => (i >= 0 && i < flaps.length ? { index: i, detent: flaps[i]! } : undefined);
  if (setting === 'up') {
    const named = flaps.findIndex((d) => d.name === 'up');
    return pick(named >= 0 ? named : 0);
  }
  if (setting === 'full') {
    const named = flaps.findIndex((d) => d.name === 'full');
    return pick(named >= 0 ? named : flaps.length - 1);
  }
  const byName = flaps.findIndex((d) => d.name === String(setting));
  if (byName >= 0) return pick(byName);
  const byDegrees = flaps.findIndex((d) => d.degrees === setting);
  if (byDegrees >= 0) return pick(byDegrees);
  if (setting === 0) return pick(0);
  return undefined;
}

const CANNOT: Readonly<Record<SimActionType, string>> = {
  apHeading: 'set the autopilot heading',
  apAltitude: 'set the autopilot altitude',
  apSpeed: 'set the autopilot speed',
  apVerticalSpeed: 'set the vertical speed',
  apMaster: 'switch the autopilot',
  apMode: 'change autopilot modes',
  flaps: 'move the flaps',
  gear: 'move the gear',
  light: 'switch the lights',
  radio: 'tune the radios',
  radioSwap: 'swap the radios',
  transponder: 'set the transponder',
  altimeter: 'set the altimeter',
  custom: 'run your own commands',
};

function toAction(intent: Intent, profile: AircraftProfile): SimAction | { refusal: string } | null {
  switch (intent.kind) {
    case 'apHeading':
      return { type: 'apHeading', headingDegMag: intent.headingDegMag, ...(intent.turn ? { turn: intent.turn } : {}) };
    case 'apAltitude':
      return { type: 'apAltitude', altitudeFt: intent.altitudeFt };
    case 'apSpeed':
      return { type: 'apSpeed', speedKt: intent.speedKt };
    case 'apVerticalSpeed':
      return { type: 'apVerticalSpeed', verticalSpeedFpm: intent.verticalSpeedFpm };
    case 'apMaster':
      return { type: 'apMaster', on: intent.on };
    case 'apMode':
      return { type: 'apMode', mode: intent.mode };
    case 'flaps': {
      const r = resolveFlapDetent(intent.setting, profile);
      if (!r) {
        const said = typeof intent.setting === 'number' ? speakNumber(intent.setting) : intent.setting;
        return { refusal: `unable, the ${profile.name} has no flaps ${said}; say flaps ${listDetents(profile)}` };
      }
      return { type: 'flaps', index: r.index, ratio: r.detent.ratio };
    }
    case 'gear':
      if (!profile.retractableGear) return { refusal: `unable, the ${profile.name} has fixed gear` };
      return { type: 'gear', down: intent.down };
    case 'light':
      return { type: 'light', light: intent.light, on: intent.on };
    case 'radio':
      return { type: 'radio', radio: intent.radio, slot: intent.slot, khz: intent.khz };
    case 'radioSwap':
      return { type: 'radioSwap', radio: intent.radio };
    case 'transponder':
      return { type: 'transponder', code: intent.code };
    case 'altimeter': {
      const p = intent.pressure;
      const inHg = p.unit === 'inHg' ? p.inHg : Math.round((p.hPa / HPA_PER_INHG) * 100) / 100;
      return { type: 'altimeter', inHg };
    }
    case 'custom':
      // Every target's steps: the custom runner (core/custom) keeps the connected sim's, presses
      // the keys and waits; each adapter sends only the steps of its own kind.
      return { type: 'custom', id: intent.id, actions: intent.actions };
    default:
      return null;
  }
}

/**
 * The sim write for an intent, a spoken refusal, or null when the intent is not a sim write.
 * `writes`, when given, is what the connected sim can write; anything else is refused.
 */
export function toSimAction(intent: Intent, profile: AircraftProfile, writes?: ReadonlySet<SimActionType>): SimActionResult {
  const r = toAction(intent, profile);
  if (r === null) return null;
  if ('refusal' in r) return r;
  if (writes && !writes.has(r.type)) return { refusal: `unable, the connected sim cannot ${CANNOT[r.type]}` };
  return { action: r };
}
