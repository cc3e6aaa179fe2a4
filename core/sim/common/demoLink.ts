import type { SimCapabilities, SimConnection, Unsubscribe } from './adapter.js';
import type { AircraftProfile } from './aircraftProfile.js';
import { DemoSim } from './demoSim.js';
import type { LinkAdapter } from './linkAdapter.js';
import type { LinkCounts } from './linkAdapterBase.js';
import type { SimAction, WriteOutcome } from './simAction.js';
import type { SimState } from './simState.js';

/** The demo sim as a LinkAdapter: counts its ticks as received packets; never drops any. */
export class DemoLink implements LinkAdapter {
  readonly kind = 'demo' as const;
  private readonly sim: DemoSim;
  private ticks = 0;
  private readonly off: Unsubscribe;

  constructor(options: { rateHz: number; profile?: AircraftProfile; reason?: string }) {
    this.sim = new DemoSim(options);
    this.off = this.sim.onState(() => this.ticks++);
  }
  get capabilities(): SimCapabilities {
    return this.sim.capabilities;
  }
  start(): Promise<void> {
    return this.sim.start();
  }
  state(): SimState {
    return this.sim.state();
  }
  setProfile(profile: AircraftProfile): void {
    this.sim.setProfile(profile);
  }
  connection(): SimConnection {
    return this.sim.connection();
  }
  onState(listener: (state: SimState) => void): Unsubscribe {
    return this.sim.onState(listener);
  }
  onConnection(listener: (conn: SimConnection) => void): Unsubscribe {
    return this.sim.onConnection(listener);
  }
  write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> {
    return this.sim.write(action, signal);
  }
  stats(): LinkCounts {
    return { received: this.ticks, dropped: 0 };
  }
  async dispose(): Promise<void> {
    this.off();
    await this.sim.dispose();
  }
}
