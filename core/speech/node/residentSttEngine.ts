import type { WorkerOptions } from 'node:worker_threads';
import type { EngineStatus } from '../../base/common/status.js';
import { TurnAbortedError, type TurnContext } from '../../base/common/turnContext.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { exitText, WorkerClient, type WorkerMessage } from '../../base/node/workerClient.js';
import type { ProcessSpawnOptions } from '../../base/node/workerTransport.js';
import type { SttEngine, Transcript } from '../common/sttEngine.js';

export interface ResidentSttOptions {
  /** Shown in statuses and the crash log ("speech-to-text worker"). */
  workerName: string;
  url: URL;
  workerOptions?: WorkerOptions;
  /** The worker must be up and the model loaded within this. */
  loadTimeoutMs: number;
  /** How the engine's child process is started (Electron passes its binary to run as Node). */
  spawn?: ProcessSpawnOptions;
  crashLog?: CrashLog;
}

/**
 * A speech-to-text engine whose model lives in a worker of its own child process (a native abort
 * on a bad model ends that process, not the host), loaded once and reused for every
 * turn: the worker's start and restart (which loads the model again), the engine's status, and a
 * transcription request that rejects at once when the turn is aborted. Subclasses say what is
 * missing, how the model is loaded and what a result means.
 */
export abstract class ResidentSttEngine<Req extends WorkerMessage, Res extends WorkerMessage> implements SttEngine {
  abstract readonly name: string;
  protected readonly client: WorkerClient<Req, Res>;
  protected state: EngineStatus;
  private loads = 0;
  private starting: Promise<void> | undefined;
  /** Set when the worker died (signal or exit) while loading the model: not loaded again this run. */
  private loadCrash: string | undefined;
  /** How long the last model load took (ms), for the status line and the README figure. */
  lastLoadMs = 0;
  /** How long the last decode took in the worker (ms). */
  lastDecodeMs = 0;

  constructor(
    private readonly label: string,
    opts: ResidentSttOptions,
  ) {
    this.state = { state: 'loading', detail: `${label}: loading` };
    this.client = new WorkerClient<Req, Res>({
      name: opts.workerName,
      url: opts.url,
      ...(opts.workerOptions ? { workerOptions: opts.workerOptions } : {}),
      isolation: 'process',
      ...(opts.spawn ? { spawn: opts.spawn } : {}),
      // The same model would end the worker again: a crash while loading stops here (see loadCrashed).
      restartAfterFailedStart: false,
      readyTimeoutMs: opts.loadTimeoutMs,
      onEvent: () => undefined,
      // Every (re)start loads the model again: a restarted worker is ready only when it has it.
      onStarted: async () => {
        try {
          this.lastLoadMs = await this.loadModel();
        } catch (e) {
          if (!this.client.running && this.client.lastExit) this.noteLoadCrash(exitText(this.client.lastExit));
          throw e;
        }
        this.loads += 1;
        this.state = { state: 'ready', detail: this.readyDetail() };
      },
      onPhase: (phase, reason) => {
        if (phase === 'restarting' && reason) this.state = { state: 'error', detail: reason };
        if (phase === 'stopped' && reason) this.state = { state: 'error', detail: this.loadCrash ?? `${label} stopped: ${reason}` };
      },
      ...(opts.crashLog ? { crashLog: opts.crashLog } : {}),
    });
  }

  /** Why the engine cannot run here (no model file, library not installed), or undefined. */
  protected abstract missing(): string | undefined;
  /** Checks what the worker would load (a model file) before it is started: why not, or undefined. */
  protected precheck(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  /** The worker died while loading: `detail` is the status the pilot sees; mark what it loaded as bad. */
  protected loadCrashed(how: string): string {
    return `${this.label} stopped while loading (${how})`;
  }
  /** Loads the model in the (re)started worker; resolves with how long it took (ms). */
  protected abstract loadModel(): Promise<number>;
  protected abstract readyDetail(): string;

  get loadCount(): number {
    return this.loads;
  }

  /** Worker restarts after a crash (tests and diagnostics). */
  get restarts(): number {
    return this.client.restarts;
  }

  status(): EngineStatus {
    return this.state;
  }

  start(): Promise<void> {
    if (this.client.running && this.state.state === 'ready') return Promise.resolve();
    this.starting ??= this.load().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async load(): Promise<void> {
    if (this.loadCrash) {
      this.state = { state: 'error', detail: this.loadCrash };
      return;
    }
    const missing = this.missing();
    if (missing) {
      this.state = { state: 'missing', detail: missing };
      return;
    }
    const bad = await this.precheck();
    if (bad) {
      this.state = { state: 'error', detail: bad };
      return;
    }
    try {
      await this.client.start();
    } catch (e) {
      this.state = { state: 'error', detail: this.loadCrash ?? `${this.label} failed to load: ${(e as Error).message}` };
    }
  }

  private noteLoadCrash(how: string): void {
    this.loadCrash ??= this.loadCrashed(how);
    this.state = { state: 'error', detail: this.loadCrash };
  }

  abstract transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript>;

  /**
   * Sends one transcription request and waits for its answer or the turn's abort, whichever comes
   * first: `abort(id)` tells the worker (the late answer is dropped). Failures name the engine.
   */
  protected async decode<R extends Res>(ctx: TurnContext, build: (id: number) => Req, expect: R['type'], abort: (id: number) => void): Promise<R> {
    if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
    if (this.state.state !== 'ready') await this.start();
    if (!this.client.running || this.state.state !== 'ready') throw new Error(this.state.detail);
    let requestId = -1;
    const result = this.client.request<R>((id) => {
      requestId = id;
      return build(id);
    }, expect);
    result.catch(() => undefined); // answered after an abort: nobody waits for it any more
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = (): void => {
        abort(requestId);
        reject(new TurnAbortedError(ctx.signal.reason));
      };
    });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await Promise.race([result, aborted]);
      if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
      return r;
    } catch (e) {
      if (e instanceof TurnAbortedError) throw e;
      throw new Error(`${this.name}: ${(e as Error).message}`, { cause: e });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
    this.state = { state: 'disabled', detail: `${this.label} unloaded` };
  }
}
