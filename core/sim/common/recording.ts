import { parseFlightgearCsv } from './flightgearCsv.js';
import { simStateSchema, type SimState } from './simState.js';

/**
 * Stratus recordings: NDJSON, one normalised SimState per line (the format `stratus record`
 * writes and `stratus replay` reads). FlightGear CSV recordings are read too. Lines that do not
 * parse or validate are counted, never thrown.
 */
export interface Recording {
  format: 'ndjson' | 'flightgear-csv';
  states: SimState[];
  dropped: number;
}

export function encodeRecordingLine(state: SimState): string {
  return `${JSON.stringify(state)}\n`;
}

export function parseRecordingText(text: string): Recording {
  const first = text.slice(0, 4096).split('\n').find((l) => l.trim() !== '') ?? '';
  if (first !== '' && !first.trimStart().startsWith('{')) return { format: 'flightgear-csv', ...parseFlightgearCsv(text) };
  const states: SimState[] = [];
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = simStateSchema.safeParse(JSON.parse(line));
      if (parsed.success) states.push(parsed.data);
      else dropped++;
    } catch {
      dropped++;
    }
  }
  return { format: 'ndjson', states, dropped };
}
