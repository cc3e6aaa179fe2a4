import type { EngineState } from '../../core/api/common/contract.js';

const simNames: Record<EngineState['sim']['kind'], string> = {
  demo: 'Demo sim',
  replay: 'Replay',
  xplane: 'X-Plane',
  'xplane-web': 'X-Plane',
  flightgear: 'FlightGear',
  msfs: 'MSFS',
};

/** "X-Plane 12 connected", "MSFS searching": the adapter's own name when it reports one. */
export function simStatusLine(sim: EngineState['sim']): string {
  return `${sim.detail || simNames[sim.kind]} ${sim.phase}`;
}
