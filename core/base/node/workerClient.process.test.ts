import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../../../test/helpers/leakCheck.js';
import type { EchoRequest } from './testing/echoWorker.js';
import { WorkerClient, type WorkerClientOptions, type WorkerMessage, type WorkerPhase } from './workerClient.js';

type Req = Exclude<EchoRequest, { type: 'dispose' }>;
type Ev = WorkerMessage & ({ type: 'echoed'; id: number; text: string } | { type: 'error'; id?: number; message: string });
type Echoed = Extract<Ev, { type: 'echoed' }>;

const url = new URL('./testing/echoWorker.ts', import.meta.url);
/** Starting a child process with tsx's loader takes ~1 s; a busy 2-core machine several. */
const READY_TIMEOUT_MS = 30_000;

describe('WorkerClient in a child process (isolation: process)', () => {
  useLeakCheck();
  const clients: WorkerClient<Req, Ev>[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
  });

  function make(more: Partial<WorkerClientOptions<Ev>> = {}): WorkerClient<Req, Ev> {
    const client = new WorkerClient<Req, Ev>({ name: 'echo process', url, isolation: 'process', readyTimeoutMs: READY_TIMEOUT_MS, onEvent: () => undefined, ...more });
    clients.push(client);
    return client;
  }

  it('answers requests from another process, typed arrays arrive as typed arrays, and dispose ends the child', async () => {
    const client = make();
    await client.start();
    const pid = client.pid!;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    const r = await client.request<Echoed>((id) => ({ type: 'measure', id, pcm: new Int16Array(16000) }), 'echoed');
    expect(r.text).toBe('Int16Array:16000');
    await client.dispose();
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });

  it('survives a native abort in the worker: only the child dies (SIGABRT), and it is restarted', async () => {
    const phases: string[] = [];
    let restarted!: () => void;
    const running = new Promise<void>((r) => (restarted = r));
    const client = make({
      onPhase: (p: WorkerPhase, reason?: string) => {
        phases.push(reason ? `${p}: ${reason}` : p);
        if (p === 'running' && phases.filter((x) => x === 'running').length === 2) restarted();
      },
    });
    await client.start();
    await expect(client.request((id) => ({ type: 'abortProcess', id }), 'echoed')).rejects.toThrow(/echo process stopped \(signal SIGABRT\)/);
    expect(client.lastExit).toEqual({ code: null, signal: 'SIGABRT' });
    await running;
    expect(phases.find((p) => p.startsWith('restarting'))).toMatch(/signal SIGABRT/);
    const r = await client.request<Echoed>((id) => ({ type: 'echo', id, text: 'alive' }), 'echoed');
    expect(r.text).toBe('alive');
  });

  it('with restartAfterFailedStart false, an abort while starting rejects start() and stops: no restart loop', async () => {
    const phases: string[] = [];
    const client = make({
      restartAfterFailedStart: false,
      onPhase: (p: WorkerPhase, reason?: string) => phases.push(reason ? `${p}: ${reason}` : p),
      // The "model load": the worker aborts while the client sets it up.
      onStarted: async () => {
        await client.request((id) => ({ type: 'abortProcess', id }), 'echoed');
      },
    });
    await expect(client.start()).rejects.toThrow(/signal SIGABRT/);
    expect(client.phase).toBe('stopped');
    expect(phases).toEqual(['starting', 'stopped: signal SIGABRT']);
    expect(client.restarts).toBe(0);
  });
});
