import { Emitter } from '../../base/common/emitter.js';
import type { Config } from '../../config/common/configSchema.js';
import { allWrites, type SimCapabilities, type SimConnection, type SimKind, type Unsubscribe } from '../common/adapter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import type { SimAction, WriteOutcome } from '../common/simAction.js';
import type { SimState } from '../common/simState.js';
import { createSimLink, type SimLink, type SimLinkOptions } from './simLink.js';

/**
 * How long a write issued during a switch waits for the new link before it is refused: closing
 * the old link (its worker's sockets, normally milliseconds, at most simLink's 2 s grace) plus
 * starting the new worker fits; a pilot's command should not hang longer than that.
 */
const SWITCH_WAIT_MS = 3000;

const kindNames: Record<Config['sim']['kind'], string> = {
  auto: 'automatic detection',
  demo: 'the demo sim',
  replay: 'a replay',
  xplane: 'X-Plane (UDP)',
  'xplane-web': 'X-Plane (web API)',
  flightgear: 'FlightGear',
  msfs: 'MSFS (SimConnect)',
};

/**
 * The settings a link of this kind actually reads (adapterFactory.ts, simLink.ts): a change
 * elsewhere in `sim` (the X-Plane port while flying the demo) leaves the running link alone.
 */
export function linkSettings(options: SimLinkOptions): unknown {
  const s = options.sim;
  const common = { kind: s.kind, profileId: options.profileId ?? 'auto' };
  switch (s.kind) {
    case 'auto':
      return { ...common, sim: s };
    case 'demo':
      return { ...common, demoRateHz: s.demoRateHz };
    case 'replay':
      return { ...common, replay: s.replay };
    case 'xplane':
      return { ...common, staleAfterS: s.staleAfterS, xplane: s.xplane };
    case 'xplane-web':
      return { ...common, staleAfterS: s.staleAfterS, xplaneWeb: s.xplaneWeb };
    case 'flightgear':
      return { ...common, staleAfterS: s.staleAfterS, flightgear: s.flightgear };
    case 'msfs':
      return { ...common, staleAfterS: s.staleAfterS, msfs: s.msfs };
  }
}

/**
 * The engine's one sim link, which settings can replace while it runs. Listeners subscribe here
 * once and follow every replacement; the replaced link is closed before the new one starts (a
 * FlightGear link owns fixed UDP ports). While a switch runs the connection reads "switching to
 * …", reads come from the new (not yet started) link, and writes wait for it, up to
 * SWITCH_WAIT_MS, then are refused with that reason.
 */
export class SwitchingSimLink implements SimLink {
  private current: SimLink;
  private currentSettings: string;
  private offCurrent: Unsubscribe[] = [];
  private readonly states = new Emitter<SimState>();
  private readonly connections = new Emitter<SimConnection>();
  /** Switches asked for and not yet done; the last one's target names the switch. */
  private pendingSwitches = 0;
  private switchTarget = '';
  private switchDone: Promise<void> = Promise.resolve();
  private switchingConn: SimConnection | undefined;
  private started = false;
  private disposed: Promise<void> | undefined;

  constructor(
    options: SimLinkOptions,
    private readonly create: (options: SimLinkOptions) => SimLink = createSimLink,
    private readonly switchWaitMs = SWITCH_WAIT_MS,
  ) {
    this.current = create(options);
    this.currentSettings = JSON.stringify(linkSettings(options));
    this.follow(this.current);
  }

  get kind(): SimKind {
    return this.current.kind;
  }

  /** While switching, every write is let through to `write`, which waits or refuses with the reason (not "this sim cannot"). */
  get capabilities(): SimCapabilities {
    return this.pendingSwitches > 0 ? { reads: this.current.capabilities.reads, writes: allWrites() } : this.current.capabilities;
  }

  get switching(): boolean {
    return this.pendingSwitches > 0;
  }

  start(): Promise<void> {
    this.started = true;
    return this.current.start();
  }

  state(): SimState {
    return this.current.state();
  }
  connection(): SimConnection {
    return this.switchingConn ?? this.current.connection();
  }
  stats(): { received: number; dropped: number } {
    return this.current.stats();
  }
  profile(): AircraftProfile {
    return this.current.profile();
  }
  /** The current link's snapshot: a reader holding it must take the new one after a switch. */
  snapshot(): SharedArrayBuffer | undefined {
    return this.current.snapshot();
  }
  onState(listener: (state: SimState) => void): Unsubscribe {
    return this.states.on(listener);
  }
  onConnection(listener: (conn: SimConnection) => void): Unsubscribe {
    return this.connections.on(listener);
  }

  async write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> {
    if (this.pendingSwitches > 0) {
      const target = this.switchTarget;
      const settled = await settlesWithin(this.switchDone, this.switchWaitMs, signal);
      if (signal?.aborted) return { status: 'refused', action, reason: 'cancelled' };
      if (!settled || this.pendingSwitches > 0) return { status: 'refused', action, reason: `the sim link is switching to ${target}; say again in a moment` };
    }
    if (this.disposed) return { status: 'refused', action, reason: 'the sim link is closed' };
    return this.current.write(action, signal);
  }

  /** Whether these options would give a different link from the running one. */
  differs(options: SimLinkOptions): boolean {
    return JSON.stringify(linkSettings(options)) !== this.currentSettings;
  }

  /**
   * Replaces the running link with one built from `options` (nothing happens when the link would
   * be the same). Resolves once the new link has started, or at once when closed. Switches run in
   * the order asked; each waits for the one before.
   */
  switchTo(options: SimLinkOptions): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.pendingSwitches += 1;
    this.switchTarget = kindNames[options.sim.kind];
    const run = async (): Promise<void> => {
      try {
        await this.replace(options);
      } finally {
        this.pendingSwitches -= 1;
        if (this.pendingSwitches === 0 && this.switchingConn) {
          this.switchingConn = undefined;
          this.connections.emit(this.current.connection());
        }
      }
    };
    this.switchDone = this.switchDone.then(run, run);
    return this.switchDone;
  }

  private async replace(options: SimLinkOptions): Promise<void> {
    if (this.disposed || !this.differs(options)) return;
    const old = this.current;
    for (const off of this.offCurrent.splice(0)) off();
    const next = this.create(options);
    this.current = next;
    this.currentSettings = JSON.stringify(linkSettings(options));
    this.follow(next);
    this.switchingConn = { kind: next.kind, phase: 'searching', detail: `switching to ${kindNames[options.sim.kind]}` };
    this.connections.emit(this.switchingConn);
    await old.dispose();
    if (this.started && !this.disposed) await next.start();
  }

  private follow(link: SimLink): void {
    this.offCurrent.push(
      link.onState((s) => this.states.emit(s)),
      link.onConnection((c) => {
        if (!this.switchingConn) this.connections.emit(c);
      }),
    );
  }

  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      await this.switchDone.catch(() => undefined);
      await this.current.dispose();
      for (const off of this.offCurrent.splice(0)) off();
      this.states.clear();
      this.connections.clear();
    })();
    return this.disposed;
  }
}

/** True when `p` settles within `ms` (or false on timeout or abort). */
function settlesWithin(p: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (settled: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(settled);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(false), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(
      () => done(true),
      () => done(true),
    );
  });
}
