import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { CalloutEngine, type CalloutSettings } from './calloutEngine.js';
import type { Callout } from './calloutRules.js';
import type { Phase } from './phaseDetector.js';

/**
 * Replays a recording through phase detection and callouts, without audio: what
 * `stratus replay` prints and what the recording tests check. Recordings are read with the sim
 * link's parseRecordingText (core/sim/common/recording.ts).
 */
export type ReplayEvent = { kind: 'phase'; simTimeS: number; phase: Phase } | { kind: 'callout'; simTimeS: number; callout: Callout };

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
