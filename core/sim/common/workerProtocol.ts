import type { Config } from '../../config/common/configSchema.js';
import type { SimConnection, SimKind } from './adapter.js';
import type { AircraftProfile } from './aircraftProfile.js';
import type { SimAction, SimActionType, WriteOutcome } from './simAction.js';
import type { SimState } from './simState.js';

/**
 * The telemetry worker's message protocol: `{ type, payload }` unions each way. The worker
 * answers `ready` once its adapter exists, reports everything that goes wrong as `error` or
 * `warning` messages, and `disposed` after `dispose` has released every socket. States and packet
 * counters are not messages: they live in the shared snapshot (simSnapshot.ts), which the main
 * thread reads on its own clock, so a 60 Hz sim costs no cross-thread wake-ups.
 */

export interface TelemetryWorkerInit {
  sim: Config['sim'];
  snapshot: SharedArrayBuffer;
  profiles: AircraftProfile[];
  /** Force this profile id instead of choosing from the aircraft title. */
  profileId?: string;
  /** Interfaces to hear the X-Plane beacon on; default all IPv4 interfaces incl. loopback. */
  beaconInterfaces?: string[];
  /** X-Plane beacon UDP port (tests use a private one); default 49707. */
  beaconPort?: number;
  /** How long auto-detection listens before falling back to the demo sim. */
  detectWindowMs?: number;
  /** Record raw packets too (recorder --raw). */
  rawPackets?: boolean;
}

export type ToWorker =
  | { type: 'write'; payload: { id: number; action: SimAction } }
  | { type: 'abort'; payload: { id: number } }
  | { type: 'dispose'; payload: Record<string, never> };

export interface WireCapabilities {
  reads: Array<keyof SimState>;
  writes: SimActionType[];
}

export type FromWorker =
  | { type: 'ready'; payload: { kind: SimKind; capabilities: WireCapabilities } }
  | { type: 'adapter'; payload: { kind: SimKind; capabilities: WireCapabilities } }
  | { type: 'connection'; payload: SimConnection }
  | { type: 'title'; payload: { title: string; profileId: string } }
  | { type: 'outcome'; payload: { id: number; outcome: WriteOutcome } }
  | { type: 'raw'; payload: { atMs: number; bytes: Uint8Array } }
  | { type: 'warning'; payload: { message: string } }
  | { type: 'error'; payload: { message: string } }
  | { type: 'disposed'; payload: Record<string, never> };
