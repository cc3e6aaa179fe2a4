import type { SimAction, SimActionType, WriteOutcome } from './simAction.js';
import type { SimState } from './simState.js';

export const simKinds = ['demo', 'replay', 'xplane', 'xplane-web', 'flightgear', 'msfs'] as const;
export type SimKind = (typeof simKinds)[number];

/** What an adapter can read and write; the intent layer refuses, with a reason, what is missing. */
export interface SimCapabilities {
  /** SimState fields (top-level keys) the adapter fills from the sim. */
  reads: ReadonlySet<keyof SimState>;
  /** Action types the adapter can apply. */
  writes: ReadonlySet<SimActionType>;
}

export type SimConnectionPhase = 'searching' | 'connected' | 'stale' | 'lost' | 'reconnecting' | 'stopped';

export interface SimConnection {
  kind: SimKind;
  phase: SimConnectionPhase;
  /** Human-readable: "X-Plane 12 at 127.0.0.1:49000", "demo sim (no simulator found)". */
  detail: string;
  /** Why the phase is what it is, when it is not plainly connected. */
  reason?: string;
}

export type Unsubscribe = () => void;

/**
 * One simulator. Adapters own their sockets and timers; `dispose()` releases all of them.
 * `write` resolves once the sim's own state confirms the change, or with refused/timeout.
 */
export interface SimAdapter {
  readonly kind: SimKind;
  readonly capabilities: SimCapabilities;
  start(): Promise<void>;
  state(): SimState;
  connection(): SimConnection;
  onState(listener: (state: SimState) => void): Unsubscribe;
  onConnection(listener: (conn: SimConnection) => void): Unsubscribe;
  write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome>;
  dispose(): Promise<void>;
}

export function allWrites(): ReadonlySet<SimActionType> {
  return new Set<SimActionType>([
    'apHeading', 'apAltitude', 'apSpeed', 'apVerticalSpeed', 'apMaster', 'apMode', 'flaps', 'gear',
    'light', 'radio', 'radioSwap', 'transponder', 'altimeter', 'custom',
  ]);
}
