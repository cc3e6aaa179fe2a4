import type { SimAdapter, SimCapabilities, SimKind, Unsubscribe } from './adapter.js';
import type { AircraftProfile } from './aircraftProfile.js';
import type { LinkCounts } from './linkAdapterBase.js';
import type { WireCapabilities } from './workerProtocol.js';

/** What the telemetry worker needs from an adapter beyond SimAdapter. */
export interface LinkAdapter extends SimAdapter {
  stats(): LinkCounts;
  onTitle?(listener: (title: string) => void): Unsubscribe;
  setProfile?(profile: AircraftProfile): void;
  /** Raw datagrams/lines as received (recorder --raw). */
  onRaw?(listener: (bytes: Uint8Array) => void): Unsubscribe;
  /** An adapter that can change which sim it drives (auto) announces it here. */
  onAdapterChange?(listener: (kind: SimKind, capabilities: SimCapabilities) => void): Unsubscribe;
}

export function capabilitiesToWire(c: SimCapabilities): WireCapabilities {
  return { reads: [...c.reads], writes: [...c.writes] };
}

export function capabilitiesFromWire(c: WireCapabilities): SimCapabilities {
  return { reads: new Set(c.reads), writes: new Set(c.writes) };
}
