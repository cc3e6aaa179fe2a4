import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { cleanTranscript, type Transcript } from '../common/sttEngine.js';
import { whisperRecognition } from '../common/whisperConfidence.js';
import type { TurnContext } from '../../base/common/turnContext.js';
import { ResidentSttEngine } from './residentSttEngine.js';
import { checkWhisperModel } from './whisperModelCheck.js';
import { ABORT_ALL, type WhisperRequest, type WhisperResponse } from './whisperProtocol.js';

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
 * Model files that ended the engine's process while loading, this run (path, size and time
 * written: a file downloaded again is tried again). Never loaded twice, so a bad file cannot
 * crash-loop the engine.
 */
const badModels = new Map<string, string>();

function modelKey(path: string): string {
  try {
    const st = statSync(path);
    return `${path}\0${st.size}\0${st.mtimeMs}`;
  } catch {
    return path;
  }
}

/** Why this model file is not loaded again this run, or undefined. */
export function badModelReason(path: string): string | undefined {
  return badModels.get(modelKey(path));
}

/**
 * whisper.cpp in a worker of its own child process with the model resident: loaded once in
 * start(), reused for every turn; the file is checked in full first (whisperModelCheck.ts). Transcripts carry a confidence from token probabilities and the no-speech
 * probability (whisperConfidence.ts). Aborting a turn stops the decoder and rejects at once.
 */
export class WhisperEngine extends ResidentSttEngine<WhisperRequest, WhisperResponse> {
  readonly name: string;

  constructor(private readonly opts: WhisperEngineOptions) {
    super(opts.label, {
      workerName: 'speech-to-text worker',
      url: siblingUrl(import.meta.url, 'whisperWorker'),
      loadTimeoutMs: LOAD_TIMEOUT_MS,
      ...(opts.crashLog ? { crashLog: opts.crashLog } : {}),
    });
    this.name = opts.label;
  }

  protected missing(): string | undefined {
    return existsSync(this.opts.modelPath) ? undefined : `no model file at ${this.opts.modelPath}`;
  }

  protected override async precheck(): Promise<string | undefined> {
    const bad = badModelReason(this.opts.modelPath);
    if (bad) return bad;
    try {
      await checkWhisperModel(this.opts.modelPath);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }

  protected override loadCrashed(how: string): string {
    const detail = `model file ${this.opts.modelPath} stopped the speech engine while loading (${how}); it is not used again this run: download it again or choose another model`;
    badModels.set(modelKey(this.opts.modelPath), detail);
    return detail;
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
    // The worker is inside whisper_full: the engine's process host writes the abort into the
    // worker's shared cell, and the turn rejects at once instead of waiting for whisper.cpp.
    const r = await this.decode<Extract<WhisperResponse, { type: 'result' }>>(
      ctx,
      (id) => ({ type: 'transcribe', id, pcm, prompt: this.opts.prompt?.() ?? '', ...(grammar ? { grammar } : {}) }),
      'result',
      (id) => this.client.post({ type: 'abort', id }),
    );
    if (r.aborted) throw new Error('whisper: engine disposed during the decode');
    this.lastDecodeMs = r.decodeMs;
    const text = cleanTranscript(r.text);
    return { kind: 'final', turnId: ctx.turnId, engine: this.name, ...whisperRecognition(text, r.segments) };
  }

  override async dispose(): Promise<void> {
    this.client.post({ type: 'abort', id: ABORT_ALL }); // a decode in flight stops, so the worker can end
    await super.dispose();
  }
}
