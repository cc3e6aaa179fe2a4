import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { TurnAbortedError, type TurnContext } from '../../base/common/turnContext.js';
import { pocketsphinxMissing } from '../../../native/pocketsphinx.js';
import { pocketsphinxRecognition } from '../common/pocketsphinxConfidence.js';
import { cleanTranscript, type Transcript } from '../common/sttEngine.js';
import type { PocketsphinxRequest, PocketsphinxResponse } from './pocketsphinxProtocol.js';
import { ResidentSttEngine } from './residentSttEngine.js';

/** Model load + grammar compile take ~0.5 s; 20 s covers a cold disk on a busy machine. */
const LOAD_TIMEOUT_MS = 20_000;

export interface PocketsphinxOptions {
  /** JSGF grammar text (public rule = what the pilot may say). */
  jsgf: string;
  /** Where an unexpected worker exit is recorded (the user's data folder). */
  crashLog?: CrashLog;
}

/**
 * libpocketsphinx in a worker of its own child process, model and grammar resident: every utterance is decoded by
 * the command grammar and, at the same time, by a free phone loop, and the transcript carries a
 * confidence from the two (see pocketsphinxConfidence.ts) with the n-best alternatives.
 */
export class PocketsphinxEngine extends ResidentSttEngine<PocketsphinxRequest, PocketsphinxResponse> {
  readonly name = 'pocketsphinx';

  constructor(private readonly opts: PocketsphinxOptions) {
    super('pocketsphinx', { workerName: 'pocketsphinx worker', url: siblingUrl(import.meta.url, 'pocketsphinxWorker'), loadTimeoutMs: LOAD_TIMEOUT_MS, ...(opts.crashLog ? { crashLog: opts.crashLog } : {}) });
  }

  /** libpocketsphinx and the en-us model are on this machine. */
  static isInstalled(): boolean {
    return pocketsphinxMissing() === undefined;
  }

  protected missing(): string | undefined {
    return pocketsphinxMissing();
  }

  protected readyDetail(): string {
    return 'pocketsphinx en-us (grammar, verified)';
  }

  protected async loadModel(): Promise<number> {
    const r = await this.client.request<Extract<PocketsphinxResponse, { type: 'loaded' }>>((id) => ({ type: 'load', id, jsgf: this.opts.jsgf }), 'loaded');
    return r.loadMs;
  }

  async transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript> {
    const r = await this.decode<Extract<PocketsphinxResponse, { type: 'result' }>>(ctx, (id) => ({ type: 'transcribe', id, pcm }), 'result', (id) => this.client.post({ type: 'abort', id }));
    if (r.aborted) throw new TurnAbortedError(ctx.signal.reason);
    this.lastDecodeMs = r.decodeMs;
    const heard = pocketsphinxRecognition(r.scores);
    return { kind: 'final', ...heard, text: cleanTranscript(heard.text), turnId: ctx.turnId, engine: this.name };
  }
}
