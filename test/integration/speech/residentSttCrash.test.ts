import { describe, expect, it } from 'vitest';
import type { EchoRequest } from '../../../core/base/node/testing/echoWorker.js';
import type { WorkerMessage } from '../../../core/base/node/workerClient.js';
import { ResidentSttEngine } from '../../../core/speech/node/residentSttEngine.js';
import type { Transcript } from '../../../core/speech/common/sttEngine.js';
import { useLeakCheck } from '../../helpers/leakCheck.js';

type Req = Exclude<EchoRequest, { type: 'dispose' }>;
type Res = WorkerMessage & { type: string };

/** A child process with tsx's loader starts within this on a busy 2-core machine. */
const LOAD_TIMEOUT_MS = 30_000;

/** An engine whose "model load" aborts its process, as whisper.cpp does on a model it cannot read. */
class AbortingEngine extends ResidentSttEngine<Req, Res> {
  readonly name = 'aborting';
  loadsTried = 0;
  constructor() {
    super('aborting engine', { workerName: 'aborting worker', url: new URL('../../../core/base/node/testing/echoWorker.ts', import.meta.url), loadTimeoutMs: LOAD_TIMEOUT_MS });
  }
  protected missing(): undefined {
    return undefined;
  }
  protected readyDetail(): string {
    return 'ready';
  }
  protected override loadCrashed(how: string): string {
    return `the model stopped the engine (${how}); not loaded again`;
  }
  protected async loadModel(): Promise<number> {
    this.loadsTried += 1;
    await this.client.request((id) => ({ type: 'abortProcess', id }), 'echoed');
    return 0;
  }
  transcribe(): Promise<Transcript> {
    return Promise.reject(new Error('not used'));
  }
}

describe('a resident STT engine whose model load aborts its process', () => {
  useLeakCheck();

  it('survives (the abort ends only the child), says so, and never loads that model again', async () => {
    const engine = new AbortingEngine();
    try {
      await engine.start();
      expect(engine.status()).toEqual({ state: 'error', detail: 'the model stopped the engine (signal SIGABRT); not loaded again' });
      await engine.start();
      expect(engine.loadsTried).toBe(1);
      expect(engine.restarts).toBe(0);
      expect(engine.status().state).toBe('error');
    } finally {
      await engine.dispose();
    }
  });
});
