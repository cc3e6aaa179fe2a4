import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CrashLog } from './crashLog.js';
import { WorkerClient, type WorkerMessage, type WorkerPhase } from './workerClient.js';

type Req = { type: 'echo'; id: number; text: string } | { type: 'fail'; id: number } | { type: 'crash' } | { type: 'hang'; id: number };
type Ev = WorkerMessage & ({ type: 'echoed'; id: number; text: string } | { type: 'error'; id?: number; message: string });

const url = new URL('./testing/echoWorker.ts', import.meta.url);

describe('WorkerClient', () => {
  const dirs: string[] = [];
  const clients: WorkerClient<Req, Ev>[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function make(onPhase?: (p: WorkerPhase, reason?: string) => void, crashLog?: CrashLog): { client: WorkerClient<Req, Ev>; started: number[] } {
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
});
