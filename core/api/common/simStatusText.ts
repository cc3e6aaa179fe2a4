import { MAX_STATUS_CHARS, sanitiseText } from '../../sim/common/telemetrySanitiser.js';
import type { EngineState } from './contract.js';

const simNames: Record<EngineState['sim']['kind'], string> = {
  demo: 'Demo sim',
  replay: 'Replay',
  xplane: 'X-Plane',
  'xplane-web': 'X-Plane',
  flightgear: 'FlightGear',
  msfs: 'MSFS',
};

/**
 * "X-Plane 12 connected", "FlightGear searching": the adapter's own detail when it reports one.
 * The detail comes from the sim link; it is capped and stripped here too, as this line is shown
 * in the tray and the overlay whatever host produced the state.
 */
export function simStatusText(sim: EngineState['sim']): string {
  return `${sanitiseText(sim.detail, MAX_STATUS_CHARS) || simNames[sim.kind]} ${sim.phase}`;
}
