/**
 * The telemetry worker: all sim I/O in one worker_thread. It owns the adapter, writes every new
 * state and the packet counters into the shared seqlock snapshot (the main thread reads it on its
 * own clock; no message per state), and runs writes (`write` -> `outcome` after readback). It
 * never throws to its parent: failures are `error`/`warning` messages and connection states with
 * a reason, and a request it could not handle is answered with an `error` carrying its id.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { genericProfile, type AircraftProfile } from '../common/aircraftProfile.js';
import { capabilitiesToWire, type LinkAdapter } from '../common/linkAdapter.js';
import { profileById, selectProfile } from '../common/profileSelect.js';
import { SnapshotWriter } from '../common/simSnapshot.js';
import type { WriteOutcome } from '../common/simAction.js';
import type { FromWorker, TelemetryWorkerInit, ToWorker } from '../common/workerProtocol.js';
import { createAdapter } from './adapterFactory.js';

/** Counters reach the snapshot this often while states flow, and every second when only bad packets arrive. */
const COUNTS_EVERY_MS = 100;
const COUNTS_INTERVAL_MS = 1000;

export class TelemetryHost {
  private adapter: LinkAdapter | undefined;
  private readonly writer: SnapshotWriter;
  private readonly aborts = new Map<number, AbortController>();
  private readonly offs: Array<() => void> = [];
  private countsTimer: ReturnType<typeof setInterval> | undefined;
  private countsAt = -Infinity;
  private title = '\u0000';
  private profile: AircraftProfile;
  private disposed = false;

  constructor(private readonly init: TelemetryWorkerInit, private readonly post: (m: FromWorker) => void) {
    this.writer = new SnapshotWriter(init.snapshot);
    this.profile = profileById(init.profiles, init.profileId) ?? selectProfile('', init.profiles);
  }

  async start(): Promise<void> {
    const adapter = createAdapter(this.init.sim.kind, {
      sim: this.init.sim,
      profile: this.profile,
      onWarning: (message) => this.post({ type: 'warning', payload: { message } }),
      ...(this.init.beaconInterfaces ? { beaconInterfaces: this.init.beaconInterfaces } : {}),
      ...(this.init.beaconPort ? { beaconPort: this.init.beaconPort } : {}),
      ...(this.init.detectWindowMs !== undefined ? { detectWindowMs: this.init.detectWindowMs } : {}),
    });
    this.adapter = adapter;
    this.offs.push(
      adapter.onState((s) => this.onState(s)),
      adapter.onConnection((c) => this.post({ type: 'connection', payload: c })),
    );
    if (adapter.onAdapterChange) {
      this.offs.push(adapter.onAdapterChange((kind, caps) => this.post({ type: 'adapter', payload: { kind, capabilities: capabilitiesToWire(caps) } })));
    }
    if (this.init.rawPackets && adapter.onRaw) {
      this.offs.push(adapter.onRaw((bytes) => this.post({ type: 'raw', payload: { atMs: Date.now(), bytes } })));
    }
    this.countsTimer = setInterval(() => this.storeCounts(), COUNTS_INTERVAL_MS);
    this.post({ type: 'adapter', payload: { kind: adapter.kind, capabilities: capabilitiesToWire(adapter.capabilities) } });
    this.post({ type: 'ready' });
    this.post({ type: 'connection', payload: adapter.connection() });
    await adapter.start();
    this.post({ type: 'connection', payload: adapter.connection() });
  }

  handle(msg: ToWorker): void {
    switch (msg.type) {
      case 'write':
        this.write(msg.id, msg.payload);
        return;
      case 'abort':
        this.aborts.get(msg.payload.id)?.abort();
        return;
      case 'dispose':
        void this.dispose()
          .catch((err: unknown) => this.post({ type: 'error', message: `the sim link did not close cleanly: ${String(err)}` }))
          .then(() => this.post({ type: 'disposed' }));
        return;
    }
  }

  private write(id: number, { action }: Extract<ToWorker, { type: 'write' }>['payload']): void {
    const adapter = this.adapter;
    if (!adapter) {
      this.post({ type: 'outcome', id, payload: { outcome: { status: 'refused', action, reason: 'the sim link is starting' } } });
      return;
    }
    const ctl = new AbortController();
    this.aborts.set(id, ctl);
    // An adapter that throws instead of rejecting still answers with an outcome.
    new Promise<WriteOutcome>((resolve) => resolve(adapter.write(action, ctl.signal)))
      .then((outcome) => this.post({ type: 'outcome', id, payload: { outcome } }))
      .catch((err: unknown) => this.post({ type: 'outcome', id, payload: { outcome: { status: 'refused', action, reason: String(err) } } }))
      .finally(() => this.aborts.delete(id));
  }

  private onState(state: import('../common/simState.js').SimState): void {
    if (state.aircraftTitle !== this.title) {
      this.title = state.aircraftTitle;
      if (!this.init.profileId) {
        this.profile = selectProfile(state.aircraftTitle, this.init.profiles.length ? this.init.profiles : [genericProfile]);
        this.adapter?.setProfile?.(this.profile);
      }
      this.post({ type: 'title', payload: { title: state.aircraftTitle, profileId: this.profile.id } });
    }
    this.writer.write(state);
    if (performance.now() - this.countsAt >= COUNTS_EVERY_MS) this.storeCounts();
  }

  private storeCounts(): void {
    const a = this.adapter;
    if (!a) return;
    this.countsAt = performance.now();
    const { received, dropped } = a.stats();
    this.writer.counts(received, dropped);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.countsTimer) clearInterval(this.countsTimer);
    for (const off of this.offs) off();
    for (const a of this.aborts.values()) a.abort();
    await this.adapter?.dispose();
    this.storeCounts();
  }
}

if (!isMainThread && parentPort && (workerData as { stratusTelemetry?: boolean } | undefined)?.stratusTelemetry) {
  const port = parentPort;
  const post = (m: FromWorker): void => port.postMessage(m);
  const host = new TelemetryHost((workerData as { init: TelemetryWorkerInit }).init, post);
  port.on('message', (m: ToWorker) => {
    try {
      host.handle(m);
    } catch (err) {
      // A request is answered by id, or it would wait for the worker to end.
      post({ type: 'error', ...('id' in m ? { id: m.id } : {}), message: `worker could not handle ${m?.type}: ${String(err)}` });
    }
  });
  process.on('uncaughtException', (err) => post({ type: 'error', message: `telemetry worker: ${err.stack ?? err.message}` }));
  process.on('unhandledRejection', (err) => post({ type: 'error', message: `telemetry worker: ${String(err)}` }));
  host.start().catch((err: unknown) => post({ type: 'error', message: `sim link failed to start: ${String(err)}` }));
}
