import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { parseFlightgearCsv } from '../../sim/common/flightgearCsv.js';
import { simStateSchema, type SimState } from '../../sim/common/simState.js';
import { CalloutEngine, type CalloutSettings } from './calloutEngine.js';
import type { Callout } from './calloutRules.js';
import type { Phase } from './phaseDetector.js';

/**
 * Replays a recording through phase detection and callouts, without audio: what
 * `stratus replay` prints and what the recording tests check.
 */
export type ReplayEvent = { kind: 'phase'; simTimeS: number; phase: Phase } | { kind: 'callout'; simTimeS: number; callout: Callout };

export interface ParsedRecording {
  format: 'flightgear-csv' | 'ndjson';
  states: SimState[];
  dropped: number;
}

/**
 * A FlightGear CSV (header `name[unit]`, see test/fixtures/flightgear/README.md) or a Stratus NDJSON
 * recording (one JSON SimState per line). Lines that do not parse or validate are counted in `dropped`.
 */
export function parseRecording(text: string): ParsedRecording {
  const firstLine = text.slice(0, 4096).split('\n').find((l) => l.trim() !== '') ?? '';
  if (!firstLine.trimStart().startsWith('{')) return { format: 'flightgear-csv', ...parseFlightgearCsv(text) };
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

/** Runs one frame; returns the phase change (if any) and callouts in that order. */
export class ReplayRunner {
  private readonly engine: CalloutEngine;
  private lastPhase: Phase | undefined;

  constructor(
    private readonly profile: AircraftProfile,
    settings: CalloutSettings = { enabled: true, muted: false, rules: {} },
  ) {
    this.engine = new CalloutEngine(settings);
  }

  step(state: SimState): ReplayEvent[] {
    const callouts = this.engine.evaluate(state, this.profile);
    const events: ReplayEvent[] = [];
    if (this.engine.phase !== this.lastPhase) {
      this.lastPhase = this.engine.phase;
      events.push({ kind: 'phase', simTimeS: state.simTimeS, phase: this.engine.phase });
    }
    for (const callout of callouts) events.push({ kind: 'callout', simTimeS: state.simTimeS, callout });
    return events;
  }
}

export function formatReplayEvent(e: ReplayEvent): string {
  return e.kind === 'phase' ? `t=${e.simTimeS.toFixed(1)} phase ${e.phase}` : `t=${e.simTimeS.toFixed(1)} callout ${e.callout.id}`;
}
