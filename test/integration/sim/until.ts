import type { SimAdapter, SimConnection } from '../../../core/sim/common/adapter.js';
import type { SimState } from '../../../core/sim/common/simState.js';

/** Any adapter or sim link: the state and connection it has now, and their change events. */
type Watched = Pick<SimAdapter, 'state' | 'onState' | 'connection' | 'onConnection'>;

function until<T>(current: () => T, subscribe: (l: (v: T) => void) => () => void, predicate: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (predicate(current())) return resolve(current());
    const off = subscribe((v) => {
      if (!predicate(v)) return;
      off();
      resolve(v);
    });
  });
}

/** The first state, the current one included, for which `predicate` holds. */
export const untilState = (sim: Pick<Watched, 'state' | 'onState'>, predicate: (s: SimState) => boolean): Promise<SimState> =>
  until(() => sim.state(), (l) => sim.onState(l), predicate);

/** The first connection, the current one included, for which `predicate` holds. */
export const untilConnection = (sim: Pick<Watched, 'connection' | 'onConnection'>, predicate: (c: SimConnection) => boolean): Promise<SimConnection> =>
  until(() => sim.connection(), (l) => sim.onConnection(l), predicate);

/** The connection reaching `phase`. */
export const untilPhase = (sim: Pick<Watched, 'connection' | 'onConnection'>, phase: SimConnection['phase']): Promise<SimConnection> =>
  untilConnection(sim, (c) => c.phase === phase);
