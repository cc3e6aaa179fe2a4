import type { Config } from '../../config/common/configSchema.js';
import { Emitter } from '../../base/common/emitter.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { WorkerClient, type WorkerPhase } from '../../base/node/workerClient.js';
import type { SimAdapter, SimCapabilities, SimConnection, SimKind, Unsubscribe } from '../common/adapter.js';
import { connectionEquals } from '../common/adapterBase.js';
import { genericProfile, type AircraftProfile } from '../common/aircraftProfile.js';
import { DemoLink } from '../common/demoLink.js';
import { capabilitiesFromWire } from '../common/linkAdapter.js';
import { DEMO_TITLE_PREFIX } from '../common/demoAircraft.js';
import { profileById, selectProfile } from '../common/profileSelect.js';
import type { SimAction, WriteOutcome } from '../common/simAction.js';
import { createSnapshotBuffer, SnapshotReader } from '../common/simSnapshot.js';
import type { SimState } from '../common/simState.js';
import type { FromWorker, TelemetryWorkerInit, ToWorker } from '../common/workerProtocol.js';
import { MAX_STATUS_CHARS, sanitiseConnection, sanitiseText } from '../common/telemetrySanitiser.js';

export interface SimLink extends SimAdapter {
  stats(): { received: number; dropped: number };
  profile(): AircraftProfile;
  /**
   * The shared seqlock snapshot (layout in simSnapshot.ts), for other threads that want the newest
   * state without messages: hand it to a worker and read it with SnapshotReader. Undefined for
   * the in-process demo sim.
   */
  snapshot(): SharedArrayBuffer | undefined;
}

export interface SimLinkOptions {
  sim: Config['sim'];
  profiles?: AircraftProfile[];
  /** Force a profile id ('auto' or absent: chosen from the aircraft title). */
  profileId?: string;
  onWarning?: (msg: string) => void;
  /** How often onState listeners hear of a new state; state() is always the newest. */
  notifyHz?: number;
  /** Tests: hear the X-Plane beacon only on these interfaces / this port. */
  beaconInterfaces?: string[];
  beaconPort?: number;
  detectWindowMs?: number;
  /** Recorder --raw: every raw packet as it arrived. */
  onRaw?: (atMs: number, bytes: Uint8Array) => void;
  /** Where a telemetry worker that dies is written down (it is restarted either way). */
  crashLog?: CrashLog;
}

/**
 * How often the main thread looks at the snapshot for a new state while a sim is connected. The
 * overlay draws at 10 Hz and callouts need no finer than 100 ms; anything that wants the newest
 * value reads state(). Polling on the main thread's own clock, rather than the worker posting a
 * message per change, keeps cross-thread wake-ups (costly on small and virtual machines) off the
 * 60 Hz packet path.
 */
const DEFAULT_NOTIFY_HZ = 10;
/** Heap cap for the telemetry worker: its state is a few kB; a leak ends it with a reason instead of growing the app. */
const WORKER_HEAP_MB = 96;
/** The worker posts `ready` once its adapter exists (~0.1 s; seconds under tsx); 20 s covers a loaded 2-core CI machine. */
const READY_TIMEOUT_MS = 20_000;
/** How long dispose() waits for the worker to close its sockets before terminating it. */
const DISPOSE_GRACE_MS = 2000;

/**
 * The engine's sim: 'demo' runs in-process (it is a few arithmetic operations per tick); every
 * other kind runs in the telemetry worker, read through the shared snapshot.
 */
export function createSimLink(options: SimLinkOptions): SimLink {
  const profiles = options.profiles ?? [];
  if (options.sim.kind === 'demo') {
    // Unless the pilot chose one, the demo flies its own aircraft (demoAircraft.ts).
    const profile = profiles.find((p) => p.id === options.profileId) ?? selectProfile(DEMO_TITLE_PREFIX, profiles);
    return new InProcessDemoLink(new DemoLink({ rateHz: options.sim.demoRateHz, profile }), profile);
  }
  return new WorkerSimLink(options);
}

class InProcessDemoLink implements SimLink {
  constructor(private readonly demo: DemoLink, private readonly chosen: AircraftProfile) {}
  get kind(): SimKind {
    return 'demo';
  }
  get capabilities(): SimCapabilities {
    return this.demo.capabilities;
  }
  start = (): Promise<void> => this.demo.start();
  state = (): SimState => this.demo.state();
  connection = (): SimConnection => this.demo.connection();
  onState = (l: (s: SimState) => void): Unsubscribe => this.demo.onState(l);
  onConnection = (l: (c: SimConnection) => void): Unsubscribe => this.demo.onConnection(l);
  write = (a: SimAction, signal?: AbortSignal): Promise<WriteOutcome> => this.demo.write(a, signal);
  stats = (): { received: number; dropped: number } => this.demo.stats();
  profile = (): AircraftProfile => this.chosen;
  snapshot = (): SharedArrayBuffer | undefined => undefined;
  dispose = (): Promise<void> => this.demo.dispose();
}

type Outcome = Extract<FromWorker, { type: 'outcome' }>;

/**
 * The telemetry worker behind the shared snapshot. WorkerClient runs the worker (ready handshake,
 * writes answered by id, restart with backoff, dispose); this class turns its phases into
 * connection states and polls the snapshot.
 */
class WorkerSimLink implements SimLink {
  private readonly client: WorkerClient<ToWorker, FromWorker>;
  private readonly buffer = createSnapshotBuffer();
  private readonly reader = new SnapshotReader(this.buffer);
  private readonly states = new Emitter<SimState>();
  private readonly connections = new Emitter<SimConnection>();
  private currentKind: SimKind;
  private caps: SimCapabilities = { reads: new Set(), writes: new Set() };
  private conn: SimConnection;
  private chosen: AircraftProfile;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private lastEmitted: SimState | undefined;
  private disposed: Promise<void> | undefined;

  constructor(private readonly options: SimLinkOptions) {
    this.currentKind = options.sim.kind === 'auto' ? 'demo' : options.sim.kind;
    this.conn = { kind: this.currentKind, phase: 'searching', detail: 'starting the sim link' };
    const profiles = options.profiles ?? [];
    this.chosen = profiles.find((p) => p.id === options.profileId) ?? selectProfile('', profiles);
    const init: TelemetryWorkerInit = {
      sim: options.sim,
      snapshot: this.buffer,
      profiles,
      ...(options.profileId && options.profileId !== 'auto' ? { profileId: options.profileId } : {}),
      ...(options.beaconInterfaces ? { beaconInterfaces: options.beaconInterfaces } : {}),
      ...(options.beaconPort ? { beaconPort: options.beaconPort } : {}),
      ...(options.detectWindowMs !== undefined ? { detectWindowMs: options.detectWindowMs } : {}),
      ...(options.onRaw ? { rawPackets: true } : {}),
    };
    this.client = new WorkerClient<ToWorker, FromWorker>({
      name: 'telemetry worker',
      url: siblingUrl(import.meta.url, 'telemetryWorker'),
      // Every (re)start gets the same init: the snapshot is shared, and a new writer repairs a
      // sequence a crashed one left odd (SnapshotWriter).
      workerOptions: { workerData: { stratusTelemetry: true, init }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } },
      readyTimeoutMs: READY_TIMEOUT_MS,
      disposeGraceMs: DISPOSE_GRACE_MS,
      // Its sockets are closed before it says `disposed`; nothing native is left in flight.
      terminateWhenDisposed: true,
      onEvent: (m) => this.onMessage(m),
      onError: (message) => this.options.onWarning?.(message),
      onPhase: (phase, reason) => this.onPhase(phase, reason),
      ...(options.crashLog ? { crashLog: options.crashLog } : {}),
    });
  }

  get kind(): SimKind {
    return this.currentKind;
  }
  get capabilities(): SimCapabilities {
    return this.caps;
  }

  /** Starts the worker; resolves once its adapter exists, or with a stopped connection that says why it could not. */
  async start(): Promise<void> {
    if (this.disposed) return;
    try {
      await this.client.start();
    } catch (e) {
      // A worker that died while starting is being restarted (onPhase said so); anything else ends here.
      if (this.disposed || this.client.phase !== 'stopped') return;
      const reason = (e as Error).message;
      this.options.onWarning?.(reason);
      this.setConnection({ kind: this.currentKind, phase: 'stopped', detail: this.conn.detail, reason });
    }
  }

  /**
   * The worker ended without being asked (a native fault, out of memory, a bug): the reason is
   * shown and the link comes back by itself, sooner after a long healthy run, later if it keeps
   * failing.
   */
  private onPhase(phase: WorkerPhase, reason?: string): void {
    if (phase !== 'restarting' || !reason) return;
    this.options.onWarning?.(reason);
    this.setConnection({ kind: this.currentKind, phase: 'reconnecting', detail: this.conn.detail, reason });
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'adapter':
        this.currentKind = m.payload.kind;
        this.caps = capabilitiesFromWire(m.payload.capabilities);
        return;
      case 'connection':
        return this.setConnection(m.payload);
      case 'title': {
        this.reader.aircraftTitle = m.payload.title;
        const profiles = this.options.profiles ?? [];
        this.chosen = profileById(profiles, m.payload.profileId) ?? genericProfile;
        return;
      }
      case 'raw':
        this.options.onRaw?.(m.payload.atMs, m.payload.bytes);
        return;
      case 'warning':
        this.options.onWarning?.(sanitiseText(m.payload.message, MAX_STATUS_CHARS));
        return;
      default:
        return;
    }
  }

  private setConnection(raw: SimConnection): void {
    const c = sanitiseConnection(raw); // worker faults quote stacks; the sim quotes its own errors
    if (connectionEquals(c, this.conn)) return;
    this.conn = c;
    this.connections.emit(c);
    this.pollWhileLive();
  }

  /** Polls the snapshot while states can arrive (connected or stale); one last look on leaving. */
  private pollWhileLive(): void {
    const live = this.conn.phase === 'connected' || this.conn.phase === 'stale';
    if (live && !this.pollTimer) {
      this.pollTimer = setInterval(() => this.poll(), 1000 / (this.options.notifyHz ?? DEFAULT_NOTIFY_HZ));
      this.pollTimer.unref?.();
      this.poll();
    } else if (!live && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
      this.poll();
    }
  }

  /** Emits when the reader has a new state (it returns the same object while nothing changed). */
  private poll(): void {
    if (this.reader.sequence() === 0) return; // the worker has written nothing yet
    const s = this.reader.read();
    if (s === this.lastEmitted) return;
    this.lastEmitted = s;
    this.states.emit(s);
  }

  state(): SimState {
    return this.reader.read();
  }
  connection(): SimConnection {
    return this.conn;
  }
  stats(): { received: number; dropped: number } {
    return this.reader.counts();
  }
  profile(): AircraftProfile {
    return this.chosen;
  }
  snapshot(): SharedArrayBuffer {
    return this.buffer;
  }
  onState(listener: (state: SimState) => void): Unsubscribe {
    return this.states.on(listener);
  }
  onConnection(listener: (conn: SimConnection) => void): Unsubscribe {
    return this.connections.on(listener);
  }

  write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> {
    if (this.disposed || !this.client.running) {
      const reason = !this.disposed && this.client.phase === 'restarting' ? 'the sim link is restarting after a fault' : 'the sim link is not running';
      return Promise.resolve({ status: 'refused', action, reason });
    }
    if (signal?.aborted) return Promise.resolve({ status: 'refused', action, reason: 'cancelled' });
    let id = 0;
    const reply = this.client.request<Outcome>((rid) => {
      id = rid;
      return { type: 'write', id: rid, payload: { action } };
    }, 'outcome');
    const onAbort = (): void => this.client.post({ type: 'abort', payload: { id } });
    signal?.addEventListener('abort', onAbort, { once: true });
    // Every write settles: its outcome, or refused when the worker failed it, died or was disposed.
    return reply
      .then(
        (m): WriteOutcome => m.payload.outcome,
        (e: unknown): WriteOutcome => ({ status: 'refused', action, reason: this.disposed ? 'sim link closed' : (e as Error).message }),
      )
      .finally(() => signal?.removeEventListener('abort', onAbort));
  }

  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      await this.client.dispose();
      this.setConnection({ kind: this.currentKind, phase: 'stopped', detail: this.conn.detail, reason: 'sim link closed' });
      this.states.clear();
      this.connections.clear();
    })();
    return this.disposed;
  }
}
