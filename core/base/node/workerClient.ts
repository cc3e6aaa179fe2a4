import type { WorkerOptions } from 'node:worker_threads';
import { RestartBackoff } from '../common/restartBackoff.js';
import type { CrashLog } from './crashLog.js';
import { startWorker, type ProcessSpawnOptions, type WorkerExit, type WorkerIsolation, type WorkerTransport } from './workerTransport.js';

/** A crashed worker restarts after this, doubling with each crash in a row up to the max. */
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before crashing counts as healthy: the backoff starts again. */
const HEALTHY_RUN_MS = 60_000;
/** How long dispose() waits for the worker to close its devices before terminating it. */
const DISPOSE_GRACE_MS = 3000;

/**
 * Every worker speaks this much of a protocol: `ready` once; a request carries `id` and is answered
 * by a message of its expected type with that `id`, or by `{ type: 'error', id, message }`; an
 * `error` without an id answers no request; `disposed` once `dispose` has released everything.
 */
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
  /** workerData, resourceLimits…: given to every (re)start of the worker (only workerData crosses to a process). */
  workerOptions?: WorkerOptions;
  /**
   * 'thread' (default) or 'process': a child process, for workers whose native code may abort
   * (workerTransport.ts). Requests, events and restarts work the same either way.
   */
  isolation?: WorkerIsolation;
  /** How the child process is started ('process' only): Electron's host passes its binary here. */
  spawn?: ProcessSpawnOptions;
  /** The worker must post `ready` within this, and onStarted must finish within it again. */
  readyTimeoutMs: number;
  /** How long dispose() waits for the worker to end by itself (default 3 s). */
  disposeGraceMs?: number;
  /**
   * Terminate the worker as soon as it says `disposed` instead of letting it exit by itself. Only
   * for workers with no native call in flight at that point: terminating a thread while a native
   * addon's async work is still completing (naudiodon's reads) aborts the whole process.
   */
  terminateWhenDisposed?: boolean;
  /** Messages that are not replies to a request (nor errors: see onError). */
  onEvent(ev: Ev): void;
  /**
   * A worker `error` that answers no pending request (posted without an id, or for a request
   * already failed) once the worker runs. Default: written to the crash log, so none is lost.
   * While the worker is starting, such an error fails the start instead.
   */
  onError?(message: string): void;
  /** After every (re)start, before requests flow again: resend configuration here. */
  onStarted?(): void | Promise<void>;
  /** Phase changes; `reason` says why a worker is restarting. */
  onPhase?(phase: WorkerPhase, reason?: string): void;
  crashLog?: CrashLog;
  /** Restart the worker when it ends without being asked (default true). */
  restart?: boolean;
  /**
   * Restart a worker that ended while starting (default true). False for workers whose start
   * loads untrusted data (a model): the same data would end it again, so start() rejects and the
   * owner decides; the phase becomes 'stopped' with the reason.
   */
  restartAfterFailedStart?: boolean;
}

interface Pending {
  resolve(m: WorkerMessage): void;
  reject(e: Error): void;
  expect: string;
}

/**
 * One typed client for a worker thread: a `ready` handshake, requests answered by id (an error
 * message with the id rejects, the worker's exit or dispose rejects everything pending), restart
 * with backoff when the worker dies, crashes written to the crash log, and dispose() that ends it.
 * start() always settles: ready and set up, or rejected (exit, an error without id, timeout).
 */
export class WorkerClient<Req extends WorkerMessage, Ev extends WorkerMessage> {
  private worker: WorkerTransport | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly backoff = new RestartBackoff({ baseMs: RESTART_BASE_MS, maxMs: RESTART_MAX_MS, healthyRunMs: HEALTHY_RUN_MS });
  private restartTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Set while dispose() waits: the worker said `disposed`. */
  private saidDisposed: (() => void) | undefined;
  private phaseNow: WorkerPhase = 'stopped';
  /** Restarts after a crash, for statuses and tests. */
  restarts = 0;
  /** How the last worker ended by itself (not disposed): exit code or signal. */
  lastExit: WorkerExit | undefined;

  constructor(private readonly opts: WorkerClientOptions<Ev>) {}

  get phase(): WorkerPhase {
    return this.phaseNow;
  }

  /** Starts the worker; resolves once it posted `ready` and onStarted ran. Rejects if it never gets there. */
  async start(): Promise<void> {
    if (this.worker || this.disposed) return;
    this.setPhase('starting');
    const worker = startWorker(this.opts.url, this.opts.isolation ?? 'thread', this.opts.workerOptions, this.opts.spawn);
    this.worker = worker;
    const startedAt = performance.now();
    let crash: string | undefined;
    let ready: (() => void) | undefined;
    const readyPromise = new Promise<void>((resolve) => (ready = resolve));
    /** Set while this start is in progress: fails it (the worker ended, or reported an error no request waits for). */
    let fail: ((e: Error) => void) | undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    /** Ended on purpose (start failed): not a crash, no restart. */
    let abandoned = false;
    worker.onMessage((raw) => {
      const m = raw as WorkerMessage;
      if (m.type === 'ready' && ready) {
        ready();
        ready = undefined;
      } else if (fail && m.type === 'error' && !this.answers(m)) {
        fail(new Error(m.message ?? `${this.opts.name} failed to start`));
      } else {
        this.onMessage(m);
      }
    });
    worker.onError((e) => {
      crash = e.stack ?? e.message;
      fail?.(e);
    });
    worker.onceExit((exit) => {
      const how = exitText(exit);
      const whileStarting = fail !== undefined;
      fail?.(new Error(`${this.opts.name} exited while starting (${how})`));
      if (this.worker === worker) this.worker = undefined;
      if (!this.disposed && !abandoned) this.lastExit = exit;
      this.failPending(this.disposed ? `${this.opts.name} disposed` : `${this.opts.name} stopped (${how})`);
      if (this.disposed || abandoned) return this.setPhase('stopped');
      const reason = crash ? firstLine(crash) : how;
      this.opts.crashLog?.write(this.opts.name, `stopped unexpectedly after ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${crash ?? how}`);
      if (this.opts.restart === false || (whileStarting && this.opts.restartAfterFailedStart === false)) return this.setPhase('stopped', reason);
      this.scheduleRestart(reason, performance.now() - startedAt);
    });
    const seconds = this.opts.readyTimeoutMs / 1000;
    try {
      await settleWithin(readyPromise, failed, this.opts.readyTimeoutMs, `${this.opts.name} did not start within ${seconds} s`);
      await settleWithin(Promise.resolve(this.opts.onStarted?.()), failed, this.opts.readyTimeoutMs, `${this.opts.name} was not set up within ${seconds} s`);
    } catch (e) {
      abandoned = true;
      if (this.worker === worker) this.worker = undefined;
      await worker.terminate();
      throw e;
    } finally {
      fail = undefined;
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
        if (this.worker || this.disposed || this.restartTimer) return;
        if (this.opts.restartAfterFailedStart === false) this.setPhase('stopped', (e as Error).message);
        else this.scheduleRestart((e as Error).message, 0);
      });
    }, delayMs);
  }

  private setPhase(phase: WorkerPhase, reason?: string): void {
    this.phaseNow = phase;
    this.opts.onPhase?.(phase, reason);
  }

  /** The pending request `m` answers, if any: its expected reply or an error with its id. */
  private answers(m: WorkerMessage): Pending | undefined {
    const p = m.id === undefined ? undefined : this.pending.get(m.id);
    return p && (m.type === p.expect || m.type === 'error') ? p : undefined;
  }

  private onMessage(m: WorkerMessage): void {
    const p = this.answers(m);
    if (p && m.id !== undefined) {
      this.pending.delete(m.id);
      if (m.type === p.expect) p.resolve(m);
      else p.reject(new Error(m.message ?? `${this.opts.name} failed`));
      return;
    }
    if (m.type === 'error') {
      // Answers no request: told to onError, or written to the crash log.
      const message = m.message ?? `${this.opts.name} reported an error`;
      if (this.opts.onError) this.opts.onError(message);
      else this.opts.crashLog?.write(this.opts.name, `error: ${message}`);
      return;
    }
    if (m.type === 'disposed') this.saidDisposed?.();
    this.opts.onEvent(m as Ev);
  }

  private failPending(why: string): void {
    for (const [id, p] of this.pending) p.reject(new Error(`${why} (request ${id})`));
    this.pending.clear();
  }

  /** The worker's child process id (isolation 'process'), while it runs. */
  get pid(): number | undefined {
    return this.worker?.pid;
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
      try {
        worker.postMessage(build(id), transfer);
      } catch (e) {
        // Not sent (a value that cannot be cloned, a detached buffer): nothing will answer it.
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /**
   * Asks the worker to end (`dispose` message) and waits for it to exit by itself (or, with
   * `terminateWhenDisposed`, until it said `disposed`); after the grace period it is terminated.
   * Fails what is pending.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return this.setPhase('stopped');
    const ended = new Promise<void>((resolve) => {
      const grace = setTimeout(resolve, this.opts.disposeGraceMs ?? DISPOSE_GRACE_MS);
      const done = (): void => {
        clearTimeout(grace);
        resolve();
      };
      worker.onceExit(done);
      if (this.opts.terminateWhenDisposed) this.saidDisposed = done;
    });
    worker.postMessage({ type: 'dispose' });
    await ended;
    this.saidDisposed = undefined;
    await worker.terminate();
    this.failPending(`${this.opts.name} disposed`);
  }
}

/** `p`, unless `failed` rejects first or `ms` pass. */
async function settleWithin<T>(p: Promise<T>, failed: Promise<never>, ms: number, timeoutMessage: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(timeoutMessage)), ms)));
  try {
    return await Promise.race([p, failed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** "exit code 1", "signal SIGABRT". */
export function exitText(exit: WorkerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
