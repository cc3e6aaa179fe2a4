import type { EngineState } from './contract.js';

const simNames: Record<EngineState['sim']['kind'], string> = {
  demo: 'Demo sim',
  replay: 'Replay',
  xplane: 'X-Plane',
  'xplane-web': 'X-Plane',
  flightgear: 'FlightGear',
  msfs: 'MSFS',
};

/** "X-Plane 12 connected", "FlightGear searching": the adapter's own detail when it reports one. */
export function simStatusText(sim: EngineState['sim']): string {
  return `${sim.detail || simNames[sim.kind]} ${sim.phase}`;
}
