import { parentPort } from 'node:worker_threads';

/** A tiny worker for WorkerClient's tests: echoes, fails by id, crashes on request. */
const port = parentPort!;
type Msg = { type: 'echo'; id: number; text: string } | { type: 'fail'; id: number } | { type: 'crash' } | { type: 'hang'; id: number } | { type: 'dispose' };
port.on('message', (m: Msg) => {
  switch (m.type) {
    case 'echo':
      port.postMessage({ type: 'echoed', id: m.id, text: m.text });
      return;
    case 'fail':
      port.postMessage({ type: 'error', id: m.id, message: 'asked to fail' });
      return;
    case 'crash':
      // An uncaught exception ends the thread, as a fault in a native call would.
      setImmediate(() => {
        throw new Error('boom in the worker');
      });
      return;
    case 'hang':
      return;
    case 'dispose':
      port.close();
      return;
  }
});
port.postMessage({ type: 'ready' });
