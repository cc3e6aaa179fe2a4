import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../../../test/helpers/leakCheck.js';
import { CrashLog } from './crashLog.js';
import type { EchoRequest } from './testing/echoWorker.js';
import { WorkerClient, type WorkerClientOptions, type WorkerMessage, type WorkerPhase } from './workerClient.js';

type Req = Exclude<EchoRequest, { type: 'dispose' }>;
type Ev = WorkerMessage & ({ type: 'echoed'; id: number; text: string } | { type: 'error'; id?: number; message: string });

const url = new URL('./testing/echoWorker.ts', import.meta.url);

describe('WorkerClient', () => {
  useLeakCheck();
  const dirs: string[] = [];
  const clients: WorkerClient<Req, Ev>[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function make(
    onPhase?: (p: WorkerPhase, reason?: string) => void,
    crashLog?: CrashLog,
    more: Partial<WorkerClientOptions<Ev>> = {},
  ): { client: WorkerClient<Req, Ev>; started: number[] } {
    const started: number[] = [];
    const client = new WorkerClient<Req, Ev>({
      name: 'echo worker',
      url,
      readyTimeoutMs: 20_000,
      onEvent: () => undefined,
      onStarted: () => {
        started.push(started.length + 1);
      },
      ...(onPhase ? { onPhase } : {}),
      ...(crashLog ? { crashLog } : {}),
      ...more,
    });
    clients.push(client);
    return { client, started };
  }

  it('answers requests by id and rejects the one the worker failed', async () => {
    const { client } = make();
    await client.start();
    const [a, b] = await Promise.all([
      client.request<Extract<Ev, { type: 'echoed' }>>((id) => ({ type: 'echo', id, text: 'a' }), 'echoed'),
      client.request<Extract<Ev, { type: 'echoed' }>>((id) => ({ type: 'echo', id, text: 'b' }), 'echoed'),
    ]);
    expect([a.text, b.text]).toEqual(['a', 'b']);
    await expect(client.request((id) => ({ type: 'fail', id }), 'echoed')).rejects.toThrow('asked to fail');
  });

  it('restarts a crashed worker, fails what was pending, and writes the crash to the log in the data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-crash-'));
    dirs.push(dir);
    const log = new CrashLog(dir);
    const phases: string[] = [];
    let restarted!: () => void;
    const running = new Promise<void>((r) => (restarted = r));
    const { client, started } = make((p, reason) => {
      phases.push(reason ? `${p}: ${reason}` : p);
      if (p === 'running' && phases.filter((x) => x === 'running').length === 2) restarted();
    }, log);
    await client.start();
    const pending = client.request((id) => ({ type: 'hang', id }), 'echoed');
    client.post({ type: 'crash' });
    await expect(pending).rejects.toThrow(/echo worker stopped/);
    await running;
    expect(phases.find((p) => p.startsWith('restarting'))).toMatch(/echo worker stopped \(.*boom in the worker\); restarting in 0\.5 s/);
    expect(started).toEqual([1, 2]); // settings are sent again after the restart
    expect(client.restarts).toBe(1);
    const echoed = await client.request<Extract<Ev, { type: 'echoed' }>>((id) => ({ type: 'echo', id, text: 'again' }), 'echoed');
    expect(echoed.text).toBe('again');
    expect(existsSync(log.path)).toBe(true);
    expect(readFileSync(log.path, 'utf8')).toMatch(/echo worker: stopped unexpectedly .*boom in the worker/);
    expect(log.path.startsWith(dir)).toBe(true);
  });

  it('refuses requests while restarting and after dispose', async () => {
    const { client } = make();
    await client.start();
    await client.dispose();
    await expect(client.request((id) => ({ type: 'echo', id, text: 'x' }), 'echoed')).rejects.toThrow(/not running/);
    expect(client.phase).toBe('stopped');
  });

  it('answers a request whose handler threw with an error carrying its id, and keeps serving', async () => {
    const { client } = make();
    await client.start();
    await expect(client.request((id) => ({ type: 'throw', id }), 'echoed')).rejects.toThrow('the handler threw');
    const echoed = await client.request<Extract<Ev, { type: 'echoed' }>>((id) => ({ type: 'echo', id, text: 'still here' }), 'echoed');
    expect(echoed.text).toBe('still here');
  });

  it('gives an error without id to onError, not to a pending request, which later fails on dispose', async () => {
    const errors: string[] = [];
    const { client } = make(undefined, undefined, { onError: (m) => errors.push(m) });
    await client.start();
    const hanging = client.request((id) => ({ type: 'hang', id }), 'echoed');
    let settled = false;
    void hanging.catch(() => (settled = true));
    client.post({ type: 'shout', text: 'something broke' });
    await client.request((id) => ({ type: 'echo', id, text: 'x' }), 'echoed'); // the shout has arrived by now
    expect(errors).toEqual(['something broke']);
    expect(settled).toBe(false);
    await client.dispose();
    await expect(hanging).rejects.toThrow(/echo worker disposed \(request \d+\)/);
  });

  it('writes an error without id to the crash log when there is no onError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-crash-'));
    dirs.push(dir);
    const log = new CrashLog(dir);
    const { client } = make(undefined, log);
    await client.start();
    client.post({ type: 'shout', text: 'lost otherwise' });
    await client.request((id) => ({ type: 'echo', id, text: 'x' }), 'echoed');
    expect(readFileSync(log.path, 'utf8')).toMatch(/echo worker: error: lost otherwise/);
  });

  it('fails the start at once when the worker reports an error instead of ready, without a restart', async () => {
    const phases: WorkerPhase[] = [];
    const { client } = make((p) => phases.push(p), undefined, { workerOptions: { workerData: { failStart: 'no model file' } } });
    const t0 = performance.now();
    await expect(client.start()).rejects.toThrow('no model file');
    expect(performance.now() - t0).toBeLessThan(10_000); // not the 20 s ready timeout
    expect(client.phase).toBe('stopped');
    expect(phases).toEqual(['starting', 'stopped']);
  });

  it('fails the start when onStarted waits for something the worker answers with an error without id', async () => {
    const { client } = make(undefined, undefined, {
      onStarted: () => {
        client.post({ type: 'shout', text: 'could not configure' });
        return new Promise<void>(() => undefined); // a status that never comes
      },
    });
    await expect(client.start()).rejects.toThrow('could not configure');
    expect(client.running).toBe(false);
  });

  it('rejects a request it cannot send, leaving nothing pending', async () => {
    const { client } = make();
    await client.start();
    const unclonable = (() => 'x') as unknown as string;
    await expect(client.request((id) => ({ type: 'echo', id, text: unclonable }), 'echoed')).rejects.toThrow(/could not be cloned/);
    expect((client as unknown as { pending: Map<number, unknown> }).pending.size).toBe(0);
  });

  it('with terminateWhenDisposed, ends a worker that said disposed but keeps running, without waiting out the grace period', async () => {
    const { client } = make(undefined, undefined, { workerOptions: { workerData: { linger: true } }, disposeGraceMs: 20_000, terminateWhenDisposed: true });
    await client.start();
    const t0 = performance.now();
    await client.dispose();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(client.running).toBe(false);
  });

  it('by default lets a worker that said disposed finish on its own, terminating it only after the grace period', async () => {
    // A native addon may still be completing work after `disposed` (naudiodon's reads): the
    // thread must not be terminated under it. This worker lingers, so the grace period decides.
    const { client } = make(undefined, undefined, { workerOptions: { workerData: { linger: true } }, disposeGraceMs: 400 });
    await client.start();
    const t0 = performance.now();
    await client.dispose();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(client.running).toBe(false);
  });
});
