import type { Config } from '../../config/common/configSchema.js';
import type { SimCapabilities, SimConnection, SimKind, Unsubscribe } from '../common/adapter.js';
import { Emitter } from '../../base/common/emitter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import type { LinkAdapter } from '../common/linkAdapter.js';
import type { LinkCounts } from '../common/linkAdapterBase.js';
import type { SimAction, WriteOutcome } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';
import { BeaconListener, type FoundXplane } from './xplaneBeacon.js';
import { probeLocalSimConnect, probeTcp, probeUdpListen, probeXplaneWeb } from './simProbes.js';

/** Beacons come once a second; 2.5 s hears at least two, and is what the pilot waits at most. */
export const DEFAULT_DETECT_WINDOW_MS = 2500;
const PROBE_TIMEOUT_MS = 600; // loopback and LAN answer in a few ms; a firewall drop must not stall us
/** While flying the demo sim, look for a real one again this often. */
const RESEARCH_INTERVAL_MS = 5000;
export const NO_SIM_REASON = 'no simulator found; flying the demo sim';

export type Found =
  | { kind: 'xplane-web'; version: string; xplane?: FoundXplane }
  | { kind: 'xplane'; xplane: FoundXplane }
  | { kind: 'flightgear' }
  /** host/port: found through a SimConnect.cfg or the configured address; none: the local named pipe. */
  | { kind: 'msfs'; host?: string; port?: number };

export interface AutoSimContext {
  sim: Config['sim'];
  profile: AircraftProfile;
  beaconInterfaces?: string[];
  beaconPort?: number;
  detectWindowMs?: number;
  /** Where to look for a SimConnect.cfg (default: working directory, then home, as node-simconnect). */
  simConnectFolders?: string[];
  onWarning?: (msg: string) => void;
  /** Builds the adapter for what was found (or the demo sim with a reason). */
  build: (found: Found | { kind: 'demo'; reason: string }) => LinkAdapter;
}

/**
 * `sim: auto`: listens for the X-Plane beacon, probes the X-Plane web API, the FlightGear ports
 * and SimConnect, connects to what answers, and otherwise flies the demo sim with the reason
 * shown — while it keeps looking, switching over when a sim appears.
 */
export class AutoSim implements LinkAdapter {
  private current: LinkAdapter | undefined;
  private offs: Unsubscribe[] = [];
  private beacon: BeaconListener | undefined;
  private lastBeacon: FoundXplane | undefined;
  private beaconWaiter: ((f: FoundXplane) => void) | undefined;
  private researchTimer: ReturnType<typeof setInterval> | undefined;
  private profile: AircraftProfile;
  private disposed = false;
  private searching = false;
  private readonly states = new Emitter<SimState>();
  private readonly connections = new Emitter<SimConnection>();
  private readonly titles = new Emitter<string>();
  private readonly changes = new Emitter<{ kind: SimKind; capabilities: SimCapabilities }>();
  private readonly idle: SimCapabilities = { reads: new Set(), writes: new Set() };
  private conn: SimConnection = { kind: 'demo', phase: 'searching', detail: 'looking for a simulator' };

  constructor(private readonly ctx: AutoSimContext) {
    this.profile = ctx.profile;
  }

  get kind(): SimKind {
    return this.current?.kind ?? 'demo';
  }
  get capabilities(): SimCapabilities {
    return this.current?.capabilities ?? this.idle;
  }
  state(): SimState {
    return this.current?.state() ?? emptySimState();
  }
  connection(): SimConnection {
    return this.current?.connection() ?? this.conn;
  }
  stats(): LinkCounts {
    return this.current?.stats() ?? { received: 0, dropped: 0 };
  }
  onState(l: (s: SimState) => void): Unsubscribe {
    return this.states.on(l);
  }
  onConnection(l: (c: SimConnection) => void): Unsubscribe {
    return this.connections.on(l);
  }
  onTitle(l: (t: string) => void): Unsubscribe {
    return this.titles.on(l);
  }
  onAdapterChange(l: (kind: SimKind, caps: SimCapabilities) => void): Unsubscribe {
    return this.changes.on(({ kind, capabilities }) => l(kind, capabilities));
  }
  setProfile(p: AircraftProfile): void {
    this.profile = p;
    this.current?.setProfile?.(p);
  }
  write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> {
    if (!this.current) return Promise.resolve({ status: 'refused', action, reason: 'still looking for a simulator' });
    return this.current.write(action, signal);
  }

  async start(): Promise<void> {
    this.connections.emit(this.conn);
    this.beacon = new BeaconListener({
      ...(this.ctx.beaconInterfaces ? { interfaces: this.ctx.beaconInterfaces } : {}),
      ...(this.ctx.beaconPort ? { port: this.ctx.beaconPort } : {}),
      onFound: (f) => {
        this.lastBeacon = f;
        this.beaconWaiter?.(f);
      },
    });
    const reason = await this.beacon.start();
    if (reason) this.ctx.onWarning?.(reason);
    const found = await this.detect(this.ctx.detectWindowMs ?? DEFAULT_DETECT_WINDOW_MS);
    if (this.disposed) return;
    await this.use(found ? this.ctx.build(found) : this.ctx.build({ kind: 'demo', reason: NO_SIM_REASON }));
    if (!found) {
      this.researchTimer = setInterval(() => void this.research(), RESEARCH_INTERVAL_MS);
      this.researchTimer.unref?.();
    }
  }

  /** Runs every probe at once; resolves with the best find, or undefined after the window. */
  async detect(windowMs: number): Promise<Found | undefined> {
    const s = this.ctx.sim;
    const ctl = new AbortController();
    const heardBeacon = new Promise<FoundXplane | undefined>((resolve) => {
      if (this.lastBeacon) return resolve(this.lastBeacon);
      const timer = setTimeout(() => resolve(undefined), windowMs);
      this.beaconWaiter = (f) => {
        clearTimeout(timer);
        resolve(f);
      };
      ctl.signal.addEventListener('abort', () => (clearTimeout(timer), resolve(undefined)), { once: true });
    });
    const web = probeXplaneWeb(s.xplaneWeb.host, s.xplaneWeb.port, PROBE_TIMEOUT_MS);
    const fgTelnet = probeTcp(s.flightgear.host, s.flightgear.telnetPort, PROBE_TIMEOUT_MS);
    const fgUdp = probeUdpListen(s.flightgear.outPort, windowMs, ctl.signal);
    const msfs = this.probeMsfs();
    // Quick answers first: a web API or telnet server answering ends the wait early.
    const [webVersion, telnet, simconnect] = await Promise.all([web, fgTelnet, msfs]);
    if (webVersion || telnet || simconnect) ctl.abort();
    // Whichever of the beacon and the FlightGear stream is heard first ends the other's wait.
    const [xp, fgHeard] = await Promise.all([
      heardBeacon.then((v) => (v && ctl.abort(), v)),
      fgUdp.then((v) => (v && ctl.abort(), v)),
    ]);
    ctl.abort();
    this.beaconWaiter = undefined;
    if (webVersion) return { kind: 'xplane-web', version: webVersion, ...(xp ? { xplane: xp } : {}) };
    if (xp) return { kind: 'xplane', xplane: xp };
    if (telnet || fgHeard) return { kind: 'flightgear' };
    if (simconnect) return simconnect;
    return undefined;
  }

  /** SimConnect at the configured address, or on this PC (a SimConnect.cfg, or the pipe on Windows). */
  private async probeMsfs(): Promise<Extract<Found, { kind: 'msfs' }> | undefined> {
    const { host, port } = this.ctx.sim.msfs;
    if (host && port) return (await probeTcp(host, port, PROBE_TIMEOUT_MS)) ? { kind: 'msfs', host, port } : undefined;
    const local = await probeLocalSimConnect(PROBE_TIMEOUT_MS, this.ctx.simConnectFolders);
    if (!local) return undefined;
    return local.kind === 'ipv4' ? { kind: 'msfs', host: local.host, port: local.port } : { kind: 'msfs' };
  }

  private async research(): Promise<void> {
    if (this.searching || this.disposed || this.current?.kind !== 'demo') return;
    this.searching = true;
    try {
      const found = await this.detect(1200);
      if (found && !this.disposed) {
        if (this.researchTimer) clearInterval(this.researchTimer);
        this.researchTimer = undefined;
        await this.use(this.ctx.build(found));
      }
    } finally {
      this.searching = false;
    }
  }

  private async use(next: LinkAdapter): Promise<void> {
    const prev = this.current;
    for (const off of this.offs) off();
    this.offs = [];
    if (prev) await prev.dispose();
    if (this.disposed) return void (await next.dispose());
    next.setProfile?.(this.profile);
    this.current = next;
    this.offs.push(
      next.onState((s) => this.states.emit(s)),
      next.onConnection((c) => this.connections.emit(c)),
    );
    if (next.onTitle) this.offs.push(next.onTitle((t) => this.titles.emit(t)));
    this.changes.emit({ kind: next.kind, capabilities: next.capabilities });
    await next.start();
    this.connections.emit(next.connection());
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.researchTimer) clearInterval(this.researchTimer);
    for (const off of this.offs) off();
    this.offs = [];
    await this.beacon?.dispose();
    await this.current?.dispose();
    this.states.clear();
    this.connections.clear();
    this.titles.clear();
    this.changes.clear();
  }
}
