import type { Intent } from '../../intent/common/intents.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';

/** What the copilot gets with a question: the live sim, and the one path that flies an intent. */
export interface AskContext {
  state: SimState;
  profile: AircraftProfile;
  signal: AbortSignal;
  executeIntent(intent: Intent): Promise<{ ok: boolean; reply: string }>;
  /** The model client's own figures; its ttfbMs starts when the request is sent. */
  onMetric?(m: { ttfbMs?: number }): void;
}

/** Checklists as the turn runner drives them by voice. */
export interface ChecklistPort {
  active(): boolean;
  start(name: string, state: SimState): string;
  handle(intent: Intent, state: SimState): string;
}
