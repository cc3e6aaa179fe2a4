import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { hostEntryUrl, processExecArgv, spawnWorker } from './spawnWorker.js';

/**
 * Where a WorkerClient's worker runs. 'thread': a worker thread of this process (cheap; a native
 * abort in it ends this process too). 'process': the same worker module inside a worker thread of
 * a child process (processHost.ts), so a native abort (a corrupt model tripping an assert) ends
 * only that child; messages cross with the 'advanced' serialisation (typed arrays arrive as such).
 */
export type WorkerIsolation = 'thread' | 'process';

/** How the worker ended: an exit code, or the signal that killed its process. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running worker, whichever side of a process boundary it is on. */
export interface WorkerTransport {
  postMessage(msg: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(cb: (m: unknown) => void): void;
  onError(cb: (e: Error) => void): void;
  onceExit(cb: (exit: WorkerExit) => void): void;
  /** Ends it now (thread: terminate; process: SIGKILL) and resolves once it is gone. */
  terminate(): Promise<void>;
  /** The child's pid ('process' only), for diagnostics and tests. */
  readonly pid?: number;
}

export interface ProcessSpawnOptions {
  /** The program that runs the child (default process.execPath: node, or Electron run as node). */
  execPath?: string;
  /** Added to the child's environment. */
  env?: Record<string, string>;
}

export function startWorker(url: URL, isolation: WorkerIsolation, workerOptions: WorkerOptions | undefined, spawn: ProcessSpawnOptions = {}): WorkerTransport {
  return isolation === 'process' ? processTransport(url, workerOptions?.workerData, spawn) : threadTransport(spawnWorker(url, workerOptions));
}

function threadTransport(w: Worker): WorkerTransport {
  return {
    postMessage: (msg, transfer = []) => w.postMessage(msg, transfer),
    onMessage: (cb) => void w.on('message', cb),
    onError: (cb) => void w.on('error', cb),
    onceExit: (cb) => void w.once('exit', (code) => cb({ code, signal: null })),
    terminate: async () => {
      await w.terminate();
    },
  };
}

function processTransport(url: URL, workerData: unknown, spawn: ProcessSpawnOptions): WorkerTransport {
  const host = hostEntryUrl();
  const child: ChildProcess = fork(fileURLToPath(host), [url.href], {
    serialization: 'advanced',
    execArgv: processExecArgv(host),
    ...(spawn.execPath ? { execPath: spawn.execPath } : {}),
    // Electron's binary runs as plain Node with this set; Node ignores it.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...spawn.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited: WorkerExit | undefined;
  const exit = new Promise<WorkerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve((exited = { code, signal })));
    // Never started (no such program): there will be no 'exit'.
    child.once('error', () => child.pid === undefined && resolve((exited = { code: -1, signal: null })));
  });
  // Messages wait until the host says it listens (its module loads asynchronously).
  let queue: object[] | undefined = [{ type: 'host:init', workerData }];
  const send = (msg: object): void => {
    if (queue) queue.push(msg);
    else if (child.connected) child.send(msg);
  };
  child.on('message', (m: { type?: string }) => {
    if (m?.type !== 'host:hello' || !queue) return;
    const pending = queue;
    queue = undefined;
    for (const msg of pending) send(msg);
  });
  return {
    pid: child.pid,
    postMessage: (msg) => send(msg as object),
    onMessage: (cb) => void child.on('message', (m: { type?: string }) => m?.type !== 'host:hello' && cb(m)),
    onError: (cb) => void child.on('error', cb),
    onceExit: (cb) => void exit.then(cb),
    terminate: async () => {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
  };
}
