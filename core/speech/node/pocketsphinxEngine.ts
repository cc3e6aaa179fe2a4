import type { EngineStatus } from '../../base/common/status.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { WorkerClient } from '../../base/node/workerClient.js';
import { TurnAbortedError, type TurnContext } from '../../base/common/turnContext.js';
import { pocketsphinxMissing } from '../../../native/pocketsphinx.js';
import { pocketsphinxRecognition } from '../common/pocketsphinxConfidence.js';
import { cleanTranscript, type SttEngine, type Transcript } from '../common/sttEngine.js';
import type { PocketsphinxRequest, PocketsphinxResponse } from './pocketsphinxProtocol.js';

/** Model load + grammar compile take ~0.5 s; 20 s covers a cold disk on a busy machine. */
const LOAD_TIMEOUT_MS = 20_000;

export interface PocketsphinxOptions {
  /** JSGF grammar text (public rule = what the pilot may say). */
  jsgf: string;
  /** Where an unexpected worker exit is recorded (the user's data folder). */
  crashLog?: CrashLog;
}

/**
 * libpocketsphinx in a worker thread, model and grammar resident: every utterance is decoded by
 * the command grammar and, at the same time, by a free phone loop, and the transcript carries a
 * confidence from the two (see pocketsphinxConfidence.ts) with the n-best alternatives.
 */
export class PocketsphinxEngine implements SttEngine {
  readonly name = 'pocketsphinx';
  private readonly client: WorkerClient<PocketsphinxRequest, PocketsphinxResponse>;
  private state: EngineStatus = { state: 'loading', detail: 'pocketsphinx en-us: loading' };
  private loads = 0;
  private starting: Promise<void> | undefined;
  /** How long the last load took (ms) and the last decode (ms, both searches). */
  lastLoadMs = 0;
  lastDecodeMs = 0;

  constructor(private readonly opts: PocketsphinxOptions) {
    this.client = new WorkerClient<PocketsphinxRequest, PocketsphinxResponse>({
      name: 'pocketsphinx worker',
      url: siblingUrl(import.meta.url, 'pocketsphinxWorker'),
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

  /** libpocketsphinx and the en-us model are on this machine. */
  static isInstalled(): boolean {
    return pocketsphinxMissing() === undefined;
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
    const missing = pocketsphinxMissing();
    if (missing) {
      this.state = { state: 'missing', detail: missing };
      return;
    }
    try {
      await this.client.start();
    } catch (e) {
      this.state = { state: 'error', detail: `pocketsphinx failed to load: ${(e as Error).message}` };
    }
  }

  private async loadModel(): Promise<void> {
    const r = await this.client.request<Extract<PocketsphinxResponse, { type: 'loaded' }>>((id) => ({ type: 'load', id, jsgf: this.opts.jsgf }), 'loaded');
    this.lastLoadMs = r.loadMs;
    this.loads += 1;
    this.state = { state: 'ready', detail: 'pocketsphinx en-us (grammar, verified)' };
  }

  async transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript> {
    if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
    if (this.state.state !== 'ready') await this.start();
    if (!this.client.running || this.state.state !== 'ready') throw new Error(this.state.detail);
    let requestId = -1;
    const result = this.client.request<Extract<PocketsphinxResponse, { type: 'result' }>>((id) => {
      requestId = id;
      return { type: 'transcribe', id, pcm };
    }, 'result');
    result.catch(() => undefined); // an aborted turn stops waiting; the late answer is dropped
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = (): void => {
        this.client.post({ type: 'abort', id: requestId });
        reject(new TurnAbortedError(ctx.signal.reason));
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      void result.finally(() => ctx.signal.removeEventListener('abort', onAbort)).catch(() => undefined);
    });
    try {
      const r = await Promise.race([result, aborted]);
      if (r.aborted) throw new TurnAbortedError(ctx.signal.reason);
      this.lastDecodeMs = r.decodeMs;
      const heard = pocketsphinxRecognition(r.scores);
      return { kind: 'final', ...heard, text: cleanTranscript(heard.text), turnId: ctx.turnId, engine: this.name };
    } catch (e) {
      if (e instanceof TurnAbortedError) throw e;
      throw new Error(`pocketsphinx: ${(e as Error).message}`, { cause: e });
    }
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
    this.state = { state: 'disabled', detail: 'pocketsphinx stopped' };
  }
}
