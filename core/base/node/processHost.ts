import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawnWorker.js';

/**
 * Entry of a worker's child process (workerTransport.ts, isolation 'process'): runs the worker
 * module named by argv[2] in a worker thread here and relays messages both ways, so the worker's
 * code is the same in either isolation. The parent's `{ type: 'abort', id }` is also written to
 * workerData.abortCell (Int32Array over a SharedArrayBuffer made here), which a worker blocked in
 * a native call can poll. A native abort ends this process only; when the parent goes away (its
 * IPC channel closes) this process ends too, so no child outlives the host.
 */
const moduleHref = process.argv[2];
const send = (m: unknown): void => {
  if (process.connected) process.send?.(m);
};
if (!moduleHref || !process.send) {
  console.error('processHost: run by WorkerClient with a worker module URL');
  process.exit(2);
}

const abortCell = new Int32Array(new SharedArrayBuffer(4));
let worker: Worker | undefined;

process.on('message', (m: { type?: string; id?: number; workerData?: Record<string, unknown> }) => {
  if (m.type === 'host:init') {
    worker = spawnWorker(new URL(moduleHref), { workerData: { ...m.workerData, abortCell: abortCell.buffer } });
    worker.on('message', send);
    worker.on('error', (e) => {
      send({ type: 'error', message: e.message });
      process.exitCode = 1;
    });
    worker.once('exit', (code) => process.exit(process.exitCode ?? code));
    return;
  }
  if (m.type === 'abort' && typeof m.id === 'number') Atomics.store(abortCell, 0, m.id);
  worker?.postMessage(m);
});
process.once('disconnect', () => {
  // The host ended (or disposed us): nothing is left to answer.
  void worker?.terminate().finally(() => process.exit(0));
  if (!worker) process.exit(0);
});
send({ type: 'host:hello' });
