import type { Worker } from 'node:worker_threads';
import { RestartBackoff } from '../../base/common/restartBackoff.js';
import { siblingUrl, spawnWorker } from '../../base/node/spawnWorker.js';
import type { Config } from '../../config/common/configSchema.js';
import type { SimAdapter, SimCapabilities, SimConnection, SimKind, Unsubscribe } from '../common/adapter.js';
import { connectionEquals } from '../common/adapterBase.js';
import { Emitter } from '../../base/common/emitter.js';
import { genericProfile, type AircraftProfile } from '../common/aircraftProfile.js';
import { DemoLink } from '../common/demoLink.js';
import { capabilitiesFromWire } from '../common/linkAdapter.js';
import { selectProfile } from '../common/profileSelect.js';
import type { SimAction, WriteOutcome } from '../common/simAction.js';
import { createSnapshotBuffer, SnapshotReader } from '../common/simSnapshot.js';
import type { SimState } from '../common/simState.js';
import type { FromWorker, TelemetryWorkerInit, ToWorker } from '../common/workerProtocol.js';

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
/** A crashed worker restarts after this, doubling with each crash in a row up to the max. */
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before crashing counts as healthy: the backoff starts again. */
const HEALTHY_RUN_MS = 60_000;
/** How long dispose() waits for the worker to close its sockets before terminating it. */
const DISPOSE_GRACE_MS = 2000;

/**
 * The engine's sim: 'demo' runs in-process (it is a few arithmetic operations per tick); every
 * other kind runs in the telemetry worker, read through the shared snapshot.
 */
export function createSimLink(options: SimLinkOptions): SimLink {
  const profiles = options.profiles ?? [];
  if (options.sim.kind === 'demo') {
    const profile = profiles.find((p) => p.id === options.profileId) ?? selectProfile('', profiles);
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

class WorkerSimLink implements SimLink {
  private worker: Worker | undefined;
  private readonly buffer = createSnapshotBuffer();
  private readonly reader = new SnapshotReader(this.buffer);
  private readonly states = new Emitter<SimState>();
  private readonly connections = new Emitter<SimConnection>();
  private readonly pending = new Map<number, { action: SimAction; resolve: (o: WriteOutcome) => void }>();
  private nextId = 1;
  private currentKind: SimKind;
  private caps: SimCapabilities = { reads: new Set(), writes: new Set() };
  private conn: SimConnection;
  private chosen: AircraftProfile;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private lastEmitted: SimState | undefined;
  private disposed: Promise<void> | undefined;
  private onDisposed: (() => void) | undefined;
  private readonly backoff = new RestartBackoff({ baseMs: RESTART_BASE_MS, maxMs: RESTART_MAX_MS, healthyRunMs: HEALTHY_RUN_MS });
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: SimLinkOptions) {
    this.currentKind = options.sim.kind === 'auto' ? 'demo' : options.sim.kind;
    this.conn = { kind: this.currentKind, phase: 'searching', detail: 'starting the sim link' };
    const profiles = options.profiles ?? [];
    this.chosen = profiles.find((p) => p.id === options.profileId) ?? selectProfile('', profiles);
  }

  get kind(): SimKind {
    return this.currentKind;
  }
  get capabilities(): SimCapabilities {
    return this.caps;
  }

  start(): Promise<void> {
    if (this.worker || this.disposed) return Promise.resolve();
    return this.spawn();
  }

  /** Starts the worker; resolves once its adapter exists (or it failed to get that far). */
  private spawn(): Promise<void> {
    const init: TelemetryWorkerInit = {
      sim: this.options.sim,
      snapshot: this.buffer,
      profiles: this.options.profiles ?? [],
      ...(this.options.profileId && this.options.profileId !== 'auto' ? { profileId: this.options.profileId } : {}),
      ...(this.options.beaconInterfaces ? { beaconInterfaces: this.options.beaconInterfaces } : {}),
      ...(this.options.beaconPort ? { beaconPort: this.options.beaconPort } : {}),
      ...(this.options.detectWindowMs !== undefined ? { detectWindowMs: this.options.detectWindowMs } : {}),
      ...(this.options.onRaw ? { rawPackets: true } : {}),
    };
    const worker = spawnWorker(siblingUrl(import.meta.url, 'telemetryWorker'), {
      workerData: { stratusTelemetry: true, init },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    this.worker = worker;
    const startedAt = performance.now();
    let crash: string | undefined;
    return new Promise((resolve) => {
      let ready = false;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready' && !ready) {
          ready = true;
          resolve();
        }
        this.onMessage(m);
      });
      worker.on('error', (err) => {
        crash = err.message;
      });
      worker.on('exit', (code) => {
        this.worker = undefined;
        this.onDisposed?.();
        if (!ready) resolve();
        if (this.disposed) return this.failPending('sim link closed');
        this.failPending('telemetry worker stopped');
        this.restartAfterCrash(crash ?? `exit code ${code}`, performance.now() - startedAt);
      });
    });
  }

  /**
   * The worker ended without being asked (a native fault, out of memory, a bug): the reason is
   * shown and the link comes back by itself, sooner after a long healthy run, later if it keeps
   * failing.
   */
  private restartAfterCrash(reason: string, ranMs: number): void {
    const delayMs = this.backoff.next(ranMs);
    const why = `telemetry worker stopped (${reason}); restarting in ${(delayMs / 1000).toFixed(1)} s`;
    this.options.onWarning?.(why);
    this.setConnection({ kind: this.currentKind, phase: 'reconnecting', detail: this.conn.detail, reason: why });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.disposed) void this.spawn();
    }, delayMs);
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
      case 'adapter':
        this.currentKind = m.payload.kind;
        this.caps = capabilitiesFromWire(m.payload.capabilities);
        return;
      case 'connection':
        return this.setConnection(m.payload);
      case 'title': {
        this.reader.aircraftTitle = m.payload.title;
        const profiles = this.options.profiles ?? [];
        this.chosen = profiles.find((p) => p.id === m.payload.profileId) ?? genericProfile;
        return;
      }
      case 'outcome': {
        const p = this.pending.get(m.payload.id);
        this.pending.delete(m.payload.id);
        p?.resolve(m.payload.outcome);
        return;
      }
      case 'raw':
        this.options.onRaw?.(m.payload.atMs, m.payload.bytes);
        return;
      case 'warning':
      case 'error':
        this.options.onWarning?.(m.payload.message);
        return;
      case 'disposed':
        this.onDisposed?.();
        return;
    }
  }

  private setConnection(c: SimConnection): void {
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
    const worker = this.worker;
    if (!worker || this.disposed) {
      const reason = this.restartTimer && !this.disposed ? 'the sim link is restarting after a fault' : 'the sim link is not running';
      return Promise.resolve({ status: 'refused', action, reason });
    }
    if (signal?.aborted) return Promise.resolve({ status: 'refused', action, reason: 'cancelled' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onAbort = (): void => this.post({ type: 'abort', payload: { id } });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        action,
        resolve: (o) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(o);
        },
      });
      this.post({ type: 'write', payload: { id, action } });
    });
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private failPending(reason: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve({ status: 'refused', action: p.action, reason });
    }
  }

  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      if (this.restartTimer) clearTimeout(this.restartTimer);
      const worker = this.worker;
      if (worker) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, DISPOSE_GRACE_MS);
          this.onDisposed = () => {
            clearTimeout(timer);
            resolve();
          };
          this.post({ type: 'dispose', payload: {} });
        });
        await worker.terminate();
      }
      this.failPending('sim link closed');
      this.setConnection({ kind: this.currentKind, phase: 'stopped', detail: this.conn.detail, reason: 'sim link closed' });
      this.states.clear();
      this.connections.clear();
    })();
    return this.disposed;
  }
}
