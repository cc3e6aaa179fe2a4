import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { cleanTranscript, type Transcript } from '../common/sttEngine.js';
import { whisperRecognition } from '../common/whisperConfidence.js';
import type { TurnContext } from '../../base/common/turnContext.js';
import { ResidentSttEngine } from './residentSttEngine.js';
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
export class WhisperEngine extends ResidentSttEngine<WhisperRequest, WhisperResponse> {
  readonly name: string;
  /** Shared with the worker (WhisperWorkerData): the id of the request to abort. */
  private readonly abortCell: Int32Array<SharedArrayBuffer>;

  constructor(private readonly opts: WhisperEngineOptions) {
    const abortCell = new Int32Array(new SharedArrayBuffer(4));
    const workerData: WhisperWorkerData = { abortCell: abortCell.buffer };
    super(opts.label, {
      workerName: 'speech-to-text worker',
      url: siblingUrl(import.meta.url, 'whisperWorker'),
      workerOptions: { workerData },
      loadTimeoutMs: LOAD_TIMEOUT_MS,
      ...(opts.crashLog ? { crashLog: opts.crashLog } : {}),
    });
    this.name = opts.label;
    this.abortCell = abortCell;
  }

  protected missing(): string | undefined {
    return existsSync(this.opts.modelPath) ? undefined : `no model file at ${this.opts.modelPath}`;
  }

  protected readyDetail(): string {
    return this.opts.label;
  }

  protected async loadModel(): Promise<number> {
    const threads = this.opts.threads ?? Math.max(1, Math.min(4, availableParallelism()));
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error(`model not loaded within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
      t.unref();
    });
    const r = await Promise.race([
      this.client.request<Extract<WhisperResponse, { type: 'loaded' }>>((id) => ({ type: 'load', id, modelPath: this.opts.modelPath, threads }), 'loaded'),
      timeout,
    ]);
    return r.loadMs;
  }

  async transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript> {
    const grammar = this.opts.grammar?.();
    // The worker is inside whisper_full: the abort goes through the shared cell, and the turn
    // rejects at once instead of waiting for whisper.cpp to notice it.
    const r = await this.decode<Extract<WhisperResponse, { type: 'result' }>>(
      ctx,
      (id) => ({ type: 'transcribe', id, pcm, prompt: this.opts.prompt?.() ?? '', ...(grammar ? { grammar } : {}) }),
      'result',
      (id) => Atomics.store(this.abortCell, 0, id),
    );
    if (r.aborted) throw new Error('whisper: engine disposed during the decode');
    this.lastDecodeMs = r.decodeMs;
    const text = cleanTranscript(r.text);
    return { kind: 'final', turnId: ctx.turnId, engine: this.name, ...whisperRecognition(text, r.segments) };
  }

  override async dispose(): Promise<void> {
    Atomics.store(this.abortCell, 0, ABORT_ALL); // a decode in flight stops, so the worker can end
    await super.dispose();
  }
}
