import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { EngineStatus } from '../../base/common/status.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { WorkerClient } from '../../base/node/workerClient.js';
import { cleanTranscript, type SttEngine, type Transcript } from '../common/sttEngine.js';
import { whisperRecognition } from '../common/whisperConfidence.js';
import { TurnAbortedError, type TurnContext } from '../../base/common/turnContext.js';
import { ABORT_ALL, type WhisperRequest, type WhisperResponse, type WhisperWorkerData } from './whisperProtocol.js';

/** Loading base.en takes ~0.3 s on a desktop; 60 s covers small.en on a slow laptop disk. */
const LOAD_TIMEOUT_MS = 60_000;

export interface WhisperEngineOptions {
  modelPath: string;
  /** Shown in statuses ("whisper base.en"). */
  label: string;
  /** Domain prompt (the intent engine's whisperPrompt()): biases decoding to aviation words. */
  prompt?: () => string;
  /**
   * GBNF grammar (the intent engine's buildGbnf(), start rule "root") that steers decoding toward
   * commands with a moderate penalty; speech outside it still comes through, with low confidence.
   */
  grammar?: () => string;
  threads?: number;
  crashLog?: CrashLog;
}

/**
 * whisper.cpp in a worker thread with the model resident: loaded once in start(), reused for
 * every turn. Transcripts carry a confidence from token probabilities and the no-speech
 * probability (whisperConfidence.ts). Aborting a turn stops the decoder and rejects at once.
 */
export class WhisperEngine implements SttEngine {
  readonly name: string;
  private readonly client: WorkerClient<WhisperRequest, WhisperResponse>;
  private state: EngineStatus;
  private loads = 0;
  /** How long the last model load took (ms), for the status line and the README figure. */
  lastLoadMs = 0;
  private starting: Promise<void> | undefined;
  /** Shared with the worker (WhisperWorkerData): the id of the request to abort. */
  private readonly abortCell = new Int32Array(new SharedArrayBuffer(4));
  /** How long whisper_full took for the last transcription, in the worker (ms). */
  lastDecodeMs = 0;

  constructor(private readonly opts: WhisperEngineOptions) {
    this.name = opts.label;
    this.state = { state: 'loading', detail: `${opts.label}: loading` };
    const workerData: WhisperWorkerData = { abortCell: this.abortCell.buffer };
    this.client = new WorkerClient<WhisperRequest, WhisperResponse>({
      name: 'speech-to-text worker',
      url: siblingUrl(import.meta.url, 'whisperWorker'),
      workerOptions: { workerData },
      readyTimeoutMs: LOAD_TIMEOUT_MS,
      onEvent: () => undefined,
      // Every (re)start loads the model again: a restarted worker is ready only when it has it.
      onStarted: () => this.loadModel(),
      onPhase: (phase, reason) => {
        if (phase === 'restarting' && reason) this.state = { state: 'error', detail: reason };
      },
      ...(opts.crashLog ? { crashLog: opts.crashLog } : {}),
    });
  }

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
    if (!existsSync(this.opts.modelPath)) {
      this.state = { state: 'missing', detail: `no model file at ${this.opts.modelPath}` };
      return;
    }
    try {
      await this.client.start();
    } catch (e) {
      this.state = { state: 'error', detail: `${this.opts.label} failed to load: ${(e as Error).message}` };
    }
  }

  private async loadModel(): Promise<void> {
    const threads = this.opts.threads ?? Math.max(1, Math.min(4, availableParallelism()));
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error(`model not loaded within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
      t.unref();
    });
    const r = await Promise.race([
      this.client.request<Extract<WhisperResponse, { type: 'loaded' }>>((id) => ({ type: 'load', id, modelPath: this.opts.modelPath, threads }), 'loaded'),
      timeout,
    ]);
    this.lastLoadMs = r.loadMs;
    this.loads += 1;
    this.state = { state: 'ready', detail: this.opts.label };
  }

  async transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript> {
    if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
    if (this.state.state !== 'ready') await this.start();
    if (!this.client.running || this.state.state !== 'ready') throw new Error(this.state.detail);
    let requestId = -1;
    const grammar = this.opts.grammar?.();
    const result = this.client.request<Extract<WhisperResponse, { type: 'result' }>>((id) => {
      requestId = id;
      return { type: 'transcribe', id, pcm, prompt: this.opts.prompt?.() ?? '', ...(grammar ? { grammar } : {}) };
    }, 'result');
    // The worker is inside whisper_full: the abort goes through the shared cell, and the turn
    // rejects at once instead of waiting for whisper.cpp to notice it.
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = (): void => {
        Atomics.store(this.abortCell, 0, requestId);
        reject(new TurnAbortedError(ctx.signal.reason));
      };
    });
    result.catch(() => undefined); // answered after an abort: nobody waits for it any more
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await Promise.race([result, aborted]);
      if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
      if (r.aborted) throw new Error('engine disposed during the decode');
      this.lastDecodeMs = r.decodeMs;
      const text = cleanTranscript(r.text);
      return { kind: 'final', turnId: ctx.turnId, engine: this.name, ...whisperRecognition(text, r.segments) };
    } catch (e) {
      if (e instanceof TurnAbortedError) throw e;
      throw new Error(`whisper: ${(e as Error).message}`, { cause: e });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    Atomics.store(this.abortCell, 0, ABORT_ALL); // a decode in flight stops, so the worker can end
    await this.client.dispose();
    this.state = { state: 'disabled', detail: `${this.opts.label} unloaded` };
  }
}
