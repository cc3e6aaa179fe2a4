import { allWrites, type SimAdapter, type SimCapabilities, type SimConnection, type Unsubscribe } from './adapter.js';
import { ReadbackTracker } from './adapterBase.js';
import { Emitter } from '../../base/common/emitter.js';
import type { AircraftProfile } from './aircraftProfile.js';
import { DEMO_TITLE_PREFIX, demoAircraft } from './demoAircraft.js';
import { applyDemoAction, demoInitialState, headingCaptured, stepDemo, type TurnWay } from './demoFlightModel.js';
import type { SimAction, WriteOutcome } from './simAction.js';
import type { SimState } from './simState.js';

export interface DemoSimOptions {
  /** Model steps per second. */
  rateHz: number;
  /** The aircraft flown; default the demo aircraft (demoAircraft.ts). */
  profile?: AircraftProfile;
  /** Why the demo sim is flying, shown in the overlay ("no simulator found"). */
  reason?: string;
  now?: () => number;
}

/**
 * The built-in demo sim: the deterministic flight model ticking at a fixed rate. Each tick
 * advances sim time by exactly 1/rate s, so runs are reproducible whatever the timer jitter.
 */
export class DemoSim implements SimAdapter {
  readonly kind = 'demo' as const;
  readonly capabilities: SimCapabilities;
  private current: SimState;
  private profile: AircraftProfile;
  private readonly states = new Emitter<SimState>();
  private readonly connections = new Emitter<SimConnection>();
  private readonly readbacks: ReadbackTracker;
  private timer: ReturnType<typeof setInterval> | undefined;
  private conn: SimConnection;
  /** The turn direction said with the last heading, until the aircraft is on that heading. */
  private turnWay: TurnWay | undefined;

  constructor(private readonly options: DemoSimOptions) {
    if (!(options.rateHz > 0 && options.rateHz <= 240)) throw new RangeError(`demo sim rate must be 1-240 Hz, got ${options.rateHz}`);
    this.profile = options.profile ?? demoAircraft;
    this.current = demoInitialState(this.profile);
    this.readbacks = new ReadbackTracker(options.now);
    const reads = new Set(Object.keys(this.current) as (keyof SimState)[]);
    this.capabilities = { reads, writes: allWrites() };
    this.conn = { kind: 'demo', phase: 'stopped', detail: 'demo sim' };
  }

  async start(): Promise<void> {
    if (this.timer) return;
    const dtS = 1 / this.options.rateHz;
    this.timer = setInterval(() => this.tick(dtS), 1000 / this.options.rateHz);
    this.timer.unref?.();
    this.setConnection({ kind: 'demo', phase: 'connected', detail: 'Demo sim', ...(this.options.reason ? { reason: this.options.reason } : {}) });
    this.tick(0);
  }

  /** Advances the model by one step; public so tests can drive time without timers. */
  tick(dtS: number): void {
    this.current = stepDemo(this.current, dtS, this.profile, this.turnWay);
    if (this.turnWay && headingCaptured(this.current)) this.turnWay = undefined;
    this.current.timestampMs = Date.now();
    this.readbacks.observe(this.current);
    this.states.emit(this.current);
  }

  state(): SimState {
    return this.current;
  }

  /** Flies another aircraft type from the next tick (the profile chosen for the demo's title, or by the pilot). */
  setProfile(profile: AircraftProfile): void {
    this.profile = profile;
    this.current = { ...this.current, aircraftTitle: `${DEMO_TITLE_PREFIX} (${profile.name})` };
  }

  connection(): SimConnection {
    return this.conn;
  }

  onState(listener: (state: SimState) => void): Unsubscribe {
    return this.states.on(listener);
  }

  onConnection(listener: (conn: SimConnection) => void): Unsubscribe {
    return this.connections.on(listener);
  }

  write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> {
    if (!this.timer) return Promise.resolve({ status: 'refused', action, reason: 'the demo sim is not running' });
    const before = this.current;
    const outcome = this.readbacks.track(action, before, signal);
    this.current = applyDemoAction(this.current, action, this.profile);
    // A heading without a direction is flown the shorter way, whatever was said before.
    if (action.type === 'apHeading') this.turnWay = headingCaptured(this.current) ? undefined : action.turn;
    return outcome;
  }

  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.readbacks.failAll('sim closed');
    this.setConnection({ kind: 'demo', phase: 'stopped', detail: 'Demo sim' });
    this.states.clear();
    this.connections.clear();
  }

  private setConnection(conn: SimConnection): void {
    this.conn = conn;
    this.connections.emit(conn);
  }
}
