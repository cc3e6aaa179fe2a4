import type { Worker, WorkerOptions } from 'node:worker_threads';
import { RestartBackoff } from '../common/restartBackoff.js';
import type { CrashLog } from './crashLog.js';
import { spawnWorker } from './spawnWorker.js';

/** A crashed worker restarts after this, doubling with each crash in a row up to the max. */
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before crashing counts as healthy: the backoff starts again. */
const HEALTHY_RUN_MS = 60_000;
/** How long dispose() waits for the worker to close its devices before terminating it. */
const DISPOSE_GRACE_MS = 3000;

/** Every worker speaks this much of a protocol: `ready` once, replies and errors by request id. */
export interface WorkerMessage {
  type: string;
  id?: number;
  message?: string;
}

export type WorkerPhase = 'starting' | 'running' | 'restarting' | 'stopped';

export interface WorkerClientOptions<Ev extends WorkerMessage> {
  /** Shown in statuses and the crash log: "audio worker". */
  name: string;
  url: URL;
  workerOptions?: WorkerOptions;
  /** The worker must post `ready` within this. */
  readyTimeoutMs: number;
  /** Messages that are not replies to a request. */
  onEvent(ev: Ev): void;
  /** After every (re)start, before requests flow again: resend configuration here. */
  onStarted?(): void | Promise<void>;
  /** Phase changes; `reason` says why a worker is restarting. */
  onPhase?(phase: WorkerPhase, reason?: string): void;
  crashLog?: CrashLog;
  /** Restart the worker when it ends without being asked (default true). */
  restart?: boolean;
}

interface Pending {
  resolve(m: WorkerMessage): void;
  reject(e: Error): void;
  expect: string;
}

/**
 * One typed client for a worker thread: a `ready` handshake, requests answered by id (an error
 * message with the id rejects, the worker's exit rejects everything pending), restart with backoff
 * when the worker dies, crashes written to the crash log, and dispose() that ends it.
 */
export class WorkerClient<Req extends WorkerMessage, Ev extends WorkerMessage> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly backoff = new RestartBackoff({ baseMs: RESTART_BASE_MS, maxMs: RESTART_MAX_MS, healthyRunMs: HEALTHY_RUN_MS });
  private restartTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private phaseNow: WorkerPhase = 'stopped';
  /** Restarts after a crash, for statuses and tests. */
  restarts = 0;

  constructor(private readonly opts: WorkerClientOptions<Ev>) {}

  get phase(): WorkerPhase {
    return this.phaseNow;
  }

  /** The worker thread's id while it runs (tests kill it through this). */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Starts the worker; resolves once it posted `ready` and onStarted ran. Rejects if it never gets there. */
  async start(): Promise<void> {
    if (this.worker || this.disposed) return;
    this.setPhase('starting');
    const worker = spawnWorker(this.opts.url, this.opts.workerOptions);
    this.worker = worker;
    const startedAt = performance.now();
    let crash: string | undefined;
    let ready = false;
    /** Ended on purpose (start failed): not a crash, no restart. */
    let abandoned = false;
    const readyPromise = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.opts.name} did not start within ${this.opts.readyTimeoutMs / 1000} s`)), this.opts.readyTimeoutMs);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready' && !ready) {
          ready = true;
          clearTimeout(timer);
          resolve();
          return;
        }
        this.onMessage(m);
      });
      worker.on('error', (e) => {
        crash = e.stack ?? e.message;
        clearTimeout(timer);
        reject(e);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.opts.name} exited while starting (exit code ${code})`));
      });
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failPending(`${this.opts.name} stopped`);
      if (this.disposed || abandoned) return this.setPhase('stopped');
      const reason = crash ? firstLine(crash) : `exit code ${code}`;
      this.opts.crashLog?.write(this.opts.name, `stopped unexpectedly after ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${crash ?? `exit code ${code}`}`);
      if (this.opts.restart === false) return this.setPhase('stopped', reason);
      this.scheduleRestart(reason, performance.now() - startedAt);
    });
    try {
      await readyPromise;
      await this.opts.onStarted?.();
    } catch (e) {
      abandoned = true;
      if (this.worker === worker) this.worker = undefined;
      await worker.terminate();
      throw e;
    }
    if (this.worker === worker) this.setPhase('running');
  }

  private scheduleRestart(reason: string, ranMs: number): void {
    const delayMs = this.backoff.next(ranMs);
    this.setPhase('restarting', `${this.opts.name} stopped (${reason}); restarting in ${(delayMs / 1000).toFixed(1)} s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.disposed) return;
      this.restarts += 1;
      this.start().catch((e: unknown) => {
        this.opts.crashLog?.write(this.opts.name, `restart failed: ${(e as Error).message}`);
        if (!this.worker && !this.disposed && !this.restartTimer) this.scheduleRestart((e as Error).message, 0);
      });
    }, delayMs);
  }

  private setPhase(phase: WorkerPhase, reason?: string): void {
    this.phaseNow = phase;
    this.opts.onPhase?.(phase, reason);
  }

  private onMessage(m: WorkerMessage): void {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      if (p) {
        if (m.type === p.expect) {
          this.pending.delete(m.id);
          p.resolve(m);
          return;
        }
        if (m.type === 'error') {
          this.pending.delete(m.id);
          p.reject(new Error(m.message ?? `${this.opts.name} failed`));
          return;
        }
      }
    }
    this.opts.onEvent(m as Ev);
  }

  private failPending(why: string): void {
    for (const [id, p] of this.pending) p.reject(new Error(`${why} (request ${id})`));
    this.pending.clear();
  }

  /** True while a worker is there to take messages. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Fire and forget. Dropped while the worker is restarting (onStarted resends what matters). */
  post(msg: Req, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(msg, transfer);
  }

  /** A request answered by a message of type `expect` with the same id. */
  request<R extends WorkerMessage>(build: (id: number) => Req, expect: R['type'], transfer: ArrayBuffer[] = []): Promise<R> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error(this.phaseNow === 'restarting' ? `${this.opts.name} is restarting after a fault` : `${this.opts.name} is not running`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: (m) => resolve(m as R), reject, expect });
      worker.postMessage(build(id), transfer);
    });
  }

  /** Asks the worker to end (`dispose` message), terminates it after a grace period. */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return this.setPhase('stopped');
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'dispose' });
    const kill = setTimeout(() => void worker.terminate(), DISPOSE_GRACE_MS);
    await exited;
    clearTimeout(kill);
    this.failPending(`${this.opts.name} disposed`);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
