import { detentIndexForRatio, genericProfile, type AircraftProfile } from './aircraftProfile.js';
import { emptySimState, simStateSchema, wrapHeadingDeg, type SimState } from './simState.js';

/**
 * Parser for the FlightGear telemetry recordings in test/fixtures/flightgear (the `copilot2`
 * generic protocol, one UDP datagram per line, prefixed with its local receive time). The header
 * is `name[unit]` per column; columns are found by name, so extra or reordered columns are fine.
 * Malformed rows (wrong column count, non-numbers, values outside the SimState schema) are counted
 * in `dropped` and never thrown.
 */

export interface FlightgearCsvOptions {
  /** Flap detents used to turn the 0..1 flap position into a handle index; the c172p matches the generic 0/10/20/30. */
  profile?: AircraftProfile;
  /**
   * The copilot2 `gear_down` column is /controls/gear/gear-down, which fixed-gear aircraft (the
   * c172p) never set. Unless the aircraft has retractable gear, the gear reads as down.
   */
  retractableGear?: boolean;
  /** Written to SimState.aircraftTitle. */
  aircraftTitle?: string;
}

export interface FlightgearCsvResult {
  states: SimState[];
  dropped: number;
}

/** US gallons to litres. */
const LITRES_PER_US_GAL = 3.785411784;
/** Avgas 100LL density, kg per litre. */
const AVGAS_KG_PER_L = 0.72;

/** Columns without which a row cannot become a SimState. */
const requiredColumns = ['recv_ms', 't', 'alt_ft', 'ias_kt', 'hdg_deg', 'vs_fps'] as const;

/** Column name without the `[unit]` suffix. */
function columnName(header: string): string {
  const i = header.indexOf('[');
  return (i >= 0 ? header.slice(0, i) : header).trim();
}

export function parseFlightgearCsv(text: string, options: FlightgearCsvOptions = {}): FlightgearCsvResult {
  const lines = text.split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== '');
  if (headerIdx < 0) return { states: [], dropped: 0 };
  const names = (lines[headerIdx] ?? '').split(',').map(columnName);
  const index = new Map<string, number>();
  names.forEach((n, i) => index.set(n, i));
  const dataLines = lines.slice(headerIdx + 1).filter((l) => l.trim() !== '');
  if (requiredColumns.some((c) => !index.has(c))) return { states: [], dropped: dataLines.length };

  const profile = options.profile ?? genericProfile;
  const states: SimState[] = [];
  let dropped = 0;
  for (const line of dataLines) {
    const state = parseRow(line, names.length, index, profile, options);
    if (state) states.push(state);
    else dropped++;
  }
  return { states, dropped };
}

function parseRow(
  line: string,
  columnCount: number,
  index: Map<string, number>,
  profile: AircraftProfile,
  options: FlightgearCsvOptions,
): SimState | undefined {
  const cells = line.split(',');
  if (cells.length !== columnCount) return undefined;
  const values = new Array<number>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = (cells[i] ?? '').trim();
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) return undefined;
    values[i] = v;
  }
  /** A column's value, or the fallback when the recording does not have that column. */
  const col = (name: string, fallback = 0): number => {
    const i = index.get(name);
    return i === undefined ? fallback : (values[i] ?? fallback);
  };
  const flag = (name: string): boolean => col(name) >= 0.5;

  const flapsRatio = Math.min(1, Math.max(0, index.has('flap_pos') ? col('flap_pos') : col('flaps')));
  const hdgLock = flag('ap_hdg_lock');
  const altLock = flag('ap_alt_lock');
  const base = emptySimState();
  const state: SimState = {
    ...base,
    simTimeS: col('t'),
    timestampMs: col('recv_ms'),
    latDeg: col('lat_deg'),
    lonDeg: col('lon_deg'),
    altitudeFt: col('alt_ft'),
    altitudeAglFt: col('agl_ft', col('alt_ft')),
    iasKt: col('ias_kt'),
    groundSpeedKt: col('gs_kt'),
    headingDegMag: wrapHeadingDeg(col('hdg_deg')),
    verticalSpeedFpm: col('vs_fps') * 60,
    pitchDeg: col('pitch_deg'),
    rollDeg: col('roll_deg'),
    flapsIndex: detentIndexForRatio(profile, flapsRatio),
    flapsRatio,
    gearDown: options.retractableGear ? flag('gear_down') : true,
    onGround: flag('wow') || flag('wow_left') || flag('wow_right'),
    engineRunning: index.has('running') ? flag('running') : col('rpm') > 300,
    fuelKg: Math.max(0, col('fuel_gal') * LITRES_PER_US_GAL * AVGAS_KG_PER_L),
    windFromDegTrue: col('wind_from_deg'),
    windSpeedKt: Math.max(0, col('wind_kt')),
    ap: {
      ...base.ap,
      master: hdgLock || altLock,
      headingDegMag: wrapHeadingDeg(col('hdg_bug')),
      altitudeFt: col('ap_alt'),
      modes: { ...base.ap.modes, hdg: hdgLock, alt: altLock },
    },
    radios: {
      ...base.radios,
      com1ActiveKhz: Math.round(col('com1') * 1000),
      nav1ActiveKhz: Math.round(col('nav1') * 1000),
    },
    aircraftTitle: options.aircraftTitle ?? 'c172p',
  };
  return simStateSchema.safeParse(state).success ? state : undefined;
}
