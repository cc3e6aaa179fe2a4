import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { EngineStatus } from '../../api/common/contract.js';
import { siblingUrl, spawnWorker } from '../../audio/node/spawnWorker.js';
import { cleanTranscript, type SttEngine, type Transcript } from '../common/sttEngine.js';
import { TurnAbortedError, type TurnContext } from '../common/turnContext.js';
import type { WhisperRequest, WhisperResponse } from './whisperProtocol.js';

/** Loading base.en takes ~0.3 s on a desktop; 60 s covers small.en on a slow laptop disk. */
const LOAD_TIMEOUT_MS = 60_000;

export interface WhisperEngineOptions {
  modelPath: string;
  /** Shown in statuses ("whisper base.en"). */
  label: string;
  /** Domain prompt (the intent engine's whisperPrompt()): biases decoding to aviation words. */
  prompt?: () => string;
  threads?: number;
}

/**
 * whisper.cpp in a worker thread with the model resident: loaded once in start(), reused for
 * every turn. Aborting a turn stops the decoder and rejects at once.
 */
export class WhisperEngine implements SttEngine {
  readonly name: string;
  private worker: Worker | undefined;
  private state: EngineStatus;
  private loads = 0;
  /** How long the last model load took (ms), for the status line and the README figure. */
  lastLoadMs = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Extract<WhisperResponse, { type: 'result' | 'failed' }>) => void>();
  private starting: Promise<void> | undefined;

  constructor(private readonly opts: WhisperEngineOptions) {
    this.name = opts.label;
    this.state = { state: 'loading', detail: `${opts.label}: loading` };
  }

  get loadCount(): number {
    return this.loads;
  }

  status(): EngineStatus {
    return this.state;
  }

  start(): Promise<void> {
    if (this.worker && this.state.state === 'ready') return Promise.resolve();
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
    const worker = spawnWorker(siblingUrl(import.meta.url, 'whisperWorker'));
    this.worker = worker;
    worker.on('message', (m: WhisperResponse) => {
      if (m.type === 'result' || m.type === 'failed') {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        w?.(m);
      }
    });
    worker.on('error', (e) => {
      this.state = { state: 'error', detail: `${this.opts.label} worker failed: ${e.message}` };
    });
    worker.on('exit', () => {
      this.worker = undefined;
      for (const [id, w] of this.waiting) w({ type: 'failed', id, message: 'whisper worker exited' });
      this.waiting.clear();
      if (this.state.state === 'ready') this.state = { state: 'error', detail: `${this.opts.label} worker exited` };
    });
    const loaded = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`model not loaded within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
      const onMsg = (m: WhisperResponse): void => {
        if (m.type !== 'loaded' && m.type !== 'loadFailed') return;
        clearTimeout(timer);
        worker.off('message', onMsg);
        if (m.type === 'loaded') {
          this.lastLoadMs = m.loadMs;
          resolve();
        }
        else reject(new Error(m.message));
      };
      worker.on('message', onMsg);
      worker.once('exit', () => reject(new Error('worker exited while loading')));
    });
    this.post({ type: 'load', modelPath: this.opts.modelPath, threads: this.opts.threads ?? Math.max(1, Math.min(4, availableParallelism())) });
    try {
      await loaded;
      this.loads += 1;
      this.state = { state: 'ready', detail: this.opts.label };
    } catch (e) {
      this.state = { state: 'error', detail: `${this.opts.label} failed to load: ${(e as Error).message}` };
      await worker.terminate();
    }
  }

  async transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript> {
    if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
    if (this.state.state !== 'ready') await this.start();
    if (!this.worker || this.state.state !== 'ready') throw new Error(this.state.detail);
    const id = this.nextId++;
    const result = new Promise<Extract<WhisperResponse, { type: 'result' | 'failed' }>>((resolve) => this.waiting.set(id, resolve));
    const onAbort = (): void => this.post({ type: 'abort', id });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    this.post({ type: 'transcribe', id, pcm, prompt: this.opts.prompt?.() ?? '' });
    try {
      const r = await result;
      if (r.type === 'failed') throw new Error(`whisper: ${r.message}`);
      if (r.aborted || ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
      return { kind: 'final', text: cleanTranscript(r.text), turnId: ctx.turnId, engine: this.name };
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  private post(msg: WhisperRequest): void {
    this.worker?.postMessage(msg);
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'dispose' } satisfies WhisperRequest);
      const kill = setTimeout(() => void worker.terminate(), 3000);
      await exited;
      clearTimeout(kill);
    }
    this.state = { state: 'disabled', detail: `${this.opts.label} unloaded` };
  }
}
