import type { FlapsSetting, Intent } from '../../intent/common/intents.js';
import { intentSchema } from '../../intent/common/intents.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { ApMode, SimState } from '../../sim/common/simState.js';

/** How long an applied command can be taken back with "undo": long enough to hear the readback and react. */
export const UNDO_WINDOW_MS = 10_000;

const LATERAL: readonly ApMode[] = ['hdg', 'nav', 'apr'];
const VERTICAL: readonly ApMode[] = ['alt', 'vs', 'flc'];

/** The mode of a group that was active before, if one was (the demo and real sims keep one per group). */
function activeMode(state: SimState, group: readonly ApMode[]): ApMode | undefined {
  return group.find((m) => state.ap.modes[m]);
}

/** The spoken flap setting of the detent the handle was at. */
function flapSettingAt(state: SimState, profile: AircraftProfile): FlapsSetting | undefined {
  const d = profile.flaps[Math.min(state.flapsIndex, profile.flaps.length - 1)];
  if (!d) return undefined;
  if (d.name === 'up' || d.name === 'full') return d.name;
  const n = Number(d.name);
  if (Number.isInteger(n)) return n;
  return d.degrees;
}

/** Only intents the schema accepts (a sim value out of the spoken range cannot be put back). */
function valid(intents: Intent[]): Intent[] | undefined {
  return intents.every((i) => intentSchema.safeParse(i).success) ? intents : undefined;
}

/**
 * The commands that put back what `intent` changed, from the sim state read just before it was
 * applied: heading bug 270 -> "heading 090" -> undo sets 270; gear up -> gear down; a swap ->
 * swap back; flaps to the prior detent; the prior squawk; the prior standby frequency. Undefined
 * when the prior value cannot be written back (no mode was active, a value out of range).
 */
export function inverseOf(intent: Intent, before: SimState, profile: AircraftProfile): Intent[] | undefined {
  const ap = before.ap;
  switch (intent.kind) {
    case 'apHeading':
      return valid([{ kind: 'apHeading', headingDegMag: Math.round(ap.headingDegMag) % 360 || 360 }]);
    case 'apAltitude':
      return valid([{ kind: 'apAltitude', altitudeFt: Math.round(ap.altitudeFt) }]);
    case 'apSpeed':
      return valid([{ kind: 'apSpeed', speedKt: Math.round(ap.speedKt) }]);
    case 'apVerticalSpeed': {
      // Setting a vertical speed also engages VS mode: put back the vertical mode that was active.
      const mode = activeMode(before, VERTICAL);
      const vs: Intent = { kind: 'apVerticalSpeed', verticalSpeedFpm: Math.round(ap.verticalSpeedFpm) };
      return valid(mode && mode !== 'vs' ? [vs, { kind: 'apMode', mode }] : [vs]);
    }
    case 'apMaster':
      return [{ kind: 'apMaster', on: ap.master }];
    case 'apMode': {
      const mode = activeMode(before, LATERAL.includes(intent.mode) ? LATERAL : VERTICAL);
      return mode ? [{ kind: 'apMode', mode }] : undefined;
    }
    case 'flaps': {
      const setting = flapSettingAt(before, profile);
      return setting === undefined ? undefined : valid([{ kind: 'flaps', setting }]);
    }
    case 'gear':
      return [{ kind: 'gear', down: before.gearDown }];
    case 'light':
      return [{ kind: 'light', light: intent.light, on: before.lights[intent.light] }];
    case 'radio': {
      const key = `${intent.radio}${intent.slot === 'active' ? 'Active' : 'Standby'}Khz` as const;
      return valid([{ kind: 'radio', radio: intent.radio, slot: intent.slot, khz: before.radios[key] }]);
    }
    case 'radioSwap':
      return [{ kind: 'radioSwap', radio: intent.radio }];
    case 'transponder':
      return valid([{ kind: 'transponder', code: before.xpdrCode }]);
    case 'altimeter':
      return valid([{ kind: 'altimeter', pressure: { unit: 'inHg', inHg: Math.round(before.altimeterInHg * 100) / 100 } }]);
    default:
      return undefined;
  }
}

/** One turn's applied writes, and how to take them back. */
export interface UndoEntry {
  turnId: string;
  /** What was applied, in corpus notation ("set gear up; set flaps full"). */
  notation: string;
  /** What the pilot heard read back ("gear up"). */
  readback: string;
  /** The inverse commands, in the order to apply them (last write first). */
  inverse: Intent[];
  /** Epoch ms after which "undo" has nothing to take back. */
  until: number;
}

/**
 * The last applied command and its inverse, for UNDO_WINDOW_MS. Expiry is read from the clock
 * when asked (no timer): after the window, `take()` finds nothing. A newer command replaces the
 * older one: undo takes back the last thing done, once.
 */
export class UndoLedger {
  private last: UndoEntry | undefined;

  constructor(private readonly now: () => number) {}

  /** Records a turn's writes: `steps` in the order applied, each with its inverse (or none). */
  record(turnId: string, notation: string, readback: string, inverses: Array<Intent[] | undefined>): UndoEntry | undefined {
    if (inverses.length === 0 || inverses.some((i) => i === undefined)) {
      // Part of it cannot be put back: offering a partial undo would leave the aircraft half-way.
      this.last = undefined;
      return undefined;
    }
    const inverse = (inverses as Intent[][]).slice().reverse().flat();
    this.last = { turnId, notation, readback, inverse, until: this.now() + UNDO_WINDOW_MS };
    return this.last;
  }

  /** The entry still within its window, without taking it. */
  peek(): UndoEntry | undefined {
    if (this.last && this.now() > this.last.until) this.last = undefined;
    return this.last;
  }

  /** The entry to undo now (and forgets it), or undefined when there is nothing (or it is too late). */
  take(): UndoEntry | undefined {
    const e = this.peek();
    this.last = undefined;
    return e;
  }

  clear(): void {
    this.last = undefined;
  }
}
