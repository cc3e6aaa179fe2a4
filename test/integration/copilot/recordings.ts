import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFlightgearCsv } from '../../../core/sim/common/flightgearCsv.js';
import type { SimState } from '../../../core/sim/common/simState.js';

export type RecordingName = 'takeoff' | 'cruise_turns' | 'descent_approach';

/** Path of a FlightGear recording copied into test/fixtures/flightgear. */
export function recordingPath(name: RecordingName): string {
  return fileURLToPath(new URL(`../../fixtures/flightgear/${name}.csv`, import.meta.url));
}

export function recordingText(name: RecordingName): string {
  return readFileSync(recordingPath(name), 'utf8');
}

/** The recording parsed to SimStates; throws if any row was dropped (the fixtures are clean). */
export function loadRecording(name: RecordingName): SimState[] {
  const { states, dropped } = parseFlightgearCsv(recordingText(name));
  if (dropped !== 0) throw new Error(`${name}: ${dropped} rows dropped`);
  return states;
}
