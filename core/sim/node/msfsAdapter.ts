import { EventFlag, open, Protocol, SimConnectConstants, SimConnectDataType, SimConnectPeriod, type ConnectionOptions, type RecvSimObjectData, type SimConnectConnection } from 'node-simconnect';
import { allWrites, type SimCapabilities } from '../common/adapter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import { LinkAdapterBase } from '../common/linkAdapterBase.js';
import { applyMsfsValues, MSFS_TITLE_SIMVAR, msfsEventNames, msfsEventsFor, msfsSimVars } from '../common/msfsMapping.js';
import type { SimAction } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';
import { probeLocalSimConnect } from './simProbes.js';
import { openSimConnectGuard, type SimConnectGuard, type SimConnectTarget } from './simconnectGuard.js';

export interface MsfsOptions {
  /** Remote SimConnect (SimConnect.xml `<SimConnect.Comm>` on the sim PC); absent = local discovery. */
  host?: string;
  port?: number;
  staleAfterMs: number;
  profile?: AircraftProfile;
  /** MSFS 2020 (KittyHawk) is the lowest protocol both sims accept. */
  protocol?: Protocol;
}

const DEFINITION_ID = 1;
const REQUEST_ID = 1;
/** Events are sent at the highest priority, as the SDK samples do. */
const PRIORITY_HIGHEST = 1;
/** Between reconnect attempts after MSFS quits or cannot be reached. */
const RECONNECT_INTERVAL_MS = 1000; // a restarted sim is found within a second of listening again
const APP_NAME = 'Stratus';
/** Looking for SimConnect on this PC (a SimConnect.cfg or the pipe) before each connection attempt. */
const LOCAL_PROBE_TIMEOUT_MS = 500;

/**
 * MSFS 2020/2024 over SimConnect (node-simconnect, pure TypeScript, no SDK DLL): one data
 * definition requested every sim frame, client events for writes.
 */
export class MsfsAdapter extends LinkAdapterBase {
  readonly capabilities: SimCapabilities = { reads: new Set(Object.keys(emptySimState()) as (keyof SimState)[]), writes: allWrites() };
  private handle: SimConnectConnection | undefined;
  private opening = false;
  private lastAttemptAt = -Infinity;
  private readonly eventIds = new Map<string, number>();
  private readonly values = new Float64Array(msfsSimVars.length);
  private version = '';
  /** The frame-checking relay in front of the server (simconnectGuard.ts), one per connection. */
  private guard: SimConnectGuard | undefined;
  /** Why the guard closed the stream, for the reconnect reason. */
  private violation: string | undefined;

  constructor(private readonly options: MsfsOptions) {
    super({ kind: 'msfs', staleAfterMs: options.staleAfterMs, ...(options.profile ? { profile: options.profile } : {}) });
  }

  protected describe(): string {
    const where = this.options.host ? `${this.options.host}:${this.options.port ?? '?'}` : 'this PC';
    return `MSFS${this.version ? ` ${this.version}` : ''} via SimConnect on ${where}`;
  }

  async start(): Promise<void> {
    this.startWatch();
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.opening || this.handle || this.disposed) return;
    this.opening = true;
    this.lastAttemptAt = this.now();
    this.violation = undefined;
    let failGuard: (err: Error) => void = () => undefined;
    const guardFailed = new Promise<never>((_, reject) => (failGuard = reject));
    guardFailed.catch(() => undefined); // only raced below; never unhandled
    try {
      let options: ConnectionOptions | undefined;
      const target = await this.target();
      if (target) {
        this.guard?.close();
        this.guard = await openSimConnectGuard(target, {
          onDropped: () => this.dropped(),
          onFatal: (reason) => {
            this.dropped();
            this.violation = reason;
            failGuard(new Error(reason));
          },
        });
        options = { remote: { host: '127.0.0.1', port: this.guard.port } };
      }
      const opening = open(APP_NAME, this.options.protocol ?? Protocol.KittyHawk, options);
      const { recvOpen, handle } = await Promise.race([opening, guardFailed]).catch((err: unknown) => {
        // The guard gave up first: a handle that opens later is closed, not leaked.
        opening.then(({ handle: late }) => late.close(), () => undefined);
        throw err;
      });
      if (this.disposed) return handle.close();
      this.handle = handle;
      this.version = `${recvOpen.applicationVersionMajor}.${recvOpen.applicationVersionMinor}`;
      this.setup(handle);
      this.setPhase('searching', `connected to ${recvOpen.applicationName}; waiting for aircraft data`);
    } catch (err) {
      this.guard?.close();
      this.guard = undefined;
      this.setPhase(this.connection().phase === 'connected' ? 'lost' : 'searching', `SimConnect: ${(err as Error).message}`);
    } finally {
      this.opening = false;
    }
  }

  /**
   * Where the server is: the configured host and port, else what this PC offers (SimConnect.cfg
   * or the pipe). Undefined leaves discovery to node-simconnect (its registry lookup on Windows),
   * the one case that is not guarded.
   */
  private async target(): Promise<SimConnectTarget | undefined> {
    if (this.options.host && this.options.port) return { host: this.options.host, port: this.options.port };
    const local = await probeLocalSimConnect(LOCAL_PROBE_TIMEOUT_MS);
    if (!local) return undefined;
    return local.kind === 'pipe' ? { path: local.path } : { host: local.host, port: local.port };
  }

  private setup(handle: SimConnectConnection): void {
    msfsSimVars.forEach((v) => handle.addToDataDefinition(DEFINITION_ID, v.name, v.unit, SimConnectDataType.FLOAT64));
    handle.addToDataDefinition(DEFINITION_ID, MSFS_TITLE_SIMVAR, null, SimConnectDataType.STRING256);
    msfsEventNames.forEach((name, i) => {
      handle.mapClientEventToSimEvent(i + 1, name);
      this.eventIds.set(name, i + 1);
    });
    handle.requestDataOnSimObject(REQUEST_ID, DEFINITION_ID, SimConnectConstants.OBJECT_ID_USER, SimConnectPeriod.SIM_FRAME);
    handle.on('simObjectData', (recv) => this.safely(() => this.onData(recv)));
    handle.on('exception', () => this.dropped());
    handle.on('quit', () => this.closeHandle('MSFS quit'));
    handle.on('close', () => this.closeHandle('SimConnect connection closed'));
    handle.on('error', (err) => this.closeHandle(`SimConnect error: ${err.message}`));
  }

  private onData(recv: RecvSimObjectData): void {
    if (recv.requestID !== REQUEST_ID) return;
    try {
      for (let i = 0; i < msfsSimVars.length; i++) {
        const v = recv.data.readFloat64();
        if (!Number.isFinite(v)) return this.dropped();
        this.values[i] = v;
      }
      const title = recv.data.readString256();
      const next = this.current; // updated in place (see LinkAdapterBase)
      applyMsfsValues(next, this.values, title, this.profile);
      next.timestampMs = performance.timeOrigin + performance.now();
      this.received();
      this.publish();
    } catch {
      this.dropped(); // a short block: the definition and the data disagree
    }
  }

  private closeHandle(closedBecause: string): void {
    const h = this.handle;
    this.handle = undefined;
    this.eventIds.clear();
    this.guard?.close();
    this.guard = undefined;
    const reason = this.violation ?? closedBecause;
    this.violation = undefined;
    if (h) {
      h.removeAllListeners('simObjectData');
      try {
        h.close();
      } catch {
        // already closed
      }
    }
    if (this.disposed) return;
    this.readbacks.failAll(reason);
    this.setPhase('lost', reason);
    this.setPhase('reconnecting', `${reason}; retrying every ${RECONNECT_INTERVAL_MS / 1000} s`);
  }

  protected override onLost(): void {
    // The base has already reported lost; drop the silent connection so onRetry opens a new one.
    const h = this.handle;
    this.handle = undefined;
    this.guard?.close();
    this.guard = undefined;
    try {
      h?.close();
    } catch {
      // already closed
    }
  }

  protected override onRetry(): void {
    if (!this.handle && this.now() - this.lastAttemptAt >= RECONNECT_INTERVAL_MS) void this.connect();
  }

  protected sendAction(action: SimAction): string | undefined {
    const handle = this.handle;
    if (!handle) return 'SimConnect is not connected';
    for (const { event, data } of msfsEventsFor(action, this.current)) {
      const id = this.eventIds.get(event) ?? (action.type === 'custom' ? this.mapCustomEvent(handle, event) : undefined);
      if (id === undefined) return `no SimConnect event ${event}`;
      handle.transmitClientEvent(SimConnectConstants.OBJECT_ID_USER, id, data, PRIORITY_HIGHEST, EventFlag.EVENT_FLAG_GROUPID_IS_PRIORITY);
    }
    return undefined;
  }

  /** A pilot's own command names an event Stratus does not map at connect: mapped on first use (name checked by customWrite.ts). */
  private mapCustomEvent(handle: SimConnectConnection, event: string): number {
    const id = this.eventIds.size + 1;
    handle.mapClientEventToSimEvent(id, event);
    this.eventIds.set(event, id);
    return id;
  }

  override async dispose(): Promise<void> {
    if (this.disposed) return;
    await super.dispose();
    this.closeHandle('closed');
  }
}
