import type { Config } from '../../config/common/configSchema.js';
import type { SimConnection, SimKind } from './adapter.js';
import type { AircraftProfile } from './aircraftProfile.js';
import type { SimAction, SimActionType, WriteOutcome } from './simAction.js';
import type { SimState } from './simState.js';

/**
 * The telemetry worker's message protocol: `{ type, payload }` unions each way, in the envelope
 * WorkerClient reads (core/base/node/workerClient.ts): a request and its reply carry `id` beside
 * `type`, and an error carries `message` (with the `id` of the request it answers, if any). The
 * worker posts `adapter` and then `ready` once its adapter exists, reports everything that goes
 * wrong as `error` or `warning` messages, and `disposed` after `dispose` has released every
 * socket. States and packet counters are not messages: they live in the shared snapshot
 * (simSnapshot.ts), which the main thread reads on its own clock, so a 60 Hz sim costs no
 * cross-thread wake-ups.
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
  /** Answered by `outcome` with the same id (or `error` with it). */
  | { type: 'write'; id: number; payload: { action: SimAction } }
  /** Cancels the write with this id: its `outcome` follows. */
  | { type: 'abort'; payload: { id: number } }
  | { type: 'dispose' };

export interface WireCapabilities {
  reads: Array<keyof SimState>;
  writes: SimActionType[];
}

export type FromWorker =
  /** The adapter exists (its kind and capabilities came just before, as `adapter`). */
  | { type: 'ready' }
  /** The adapter's kind and capabilities: before `ready`, and again whenever auto switches adapter. */
  | { type: 'adapter'; payload: { kind: SimKind; capabilities: WireCapabilities } }
  | { type: 'connection'; payload: SimConnection }
  | { type: 'title'; payload: { title: string; profileId: string } }
  | { type: 'outcome'; id: number; payload: { outcome: WriteOutcome } }
  | { type: 'raw'; payload: { atMs: number; bytes: Uint8Array } }
  | { type: 'warning'; payload: { message: string } }
  /** Something went wrong; with `id` it answers (fails) that request. */
  | { type: 'error'; id?: number; message: string }
  | { type: 'disposed' };
