import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * A tiny worker for WorkerClient's tests: echoes, fails by id, throws in its handler, reports an
 * error without id, crashes on request. workerData `{ failStart: message }` reports that error
 * instead of `ready`; `{ linger: true }` keeps running after it said `disposed`.
 */
const port = parentPort!;
const options = (workerData ?? {}) as { failStart?: string; linger?: boolean };
export type EchoRequest =
  | { type: 'echo'; id: number; text: string }
  | { type: 'fail'; id: number }
  | { type: 'throw'; id: number }
  | { type: 'shout'; text: string }
  | { type: 'crash' }
  | { type: 'hang'; id: number }
  /** Aborts the whole process, as a failed native assert does (use only in a child process). */
  | { type: 'abortProcess'; id: number }
  /** Answers with the length and type of a typed array (what crossed the boundary). */
  | { type: 'measure'; id: number; pcm: Int16Array }
  | { type: 'dispose' };

function handle(m: EchoRequest): void {
  switch (m.type) {
    case 'echo':
      port.postMessage({ type: 'echoed', id: m.id, text: m.text });
      return;
    case 'fail':
      port.postMessage({ type: 'error', id: m.id, message: 'asked to fail' });
      return;
    case 'throw':
      throw new Error('the handler threw');
    case 'shout':
      port.postMessage({ type: 'error', message: m.text });
      return;
    case 'crash':
      // An uncaught exception ends the thread, as a fault in a native call would.
      setImmediate(() => {
        throw new Error('boom in the worker');
      });
      return;
    case 'hang':
      return;
    case 'abortProcess': {
      // libc's abort(), as whisper.cpp's GGML_ASSERT calls it (process.abort() is refused in a worker).
      const koffi = createRequire(import.meta.url)('koffi') as { load(lib: string): { func(decl: string): () => void } };
      koffi.load('libc.so.6').func('void abort()')();
      return;
    }
    case 'measure':
      port.postMessage({ type: 'echoed', id: m.id, text: `${m.pcm.constructor.name}:${m.pcm.length}` });
      return;
    case 'dispose':
      port.postMessage({ type: 'disposed' });
      if (options.linger) setInterval(() => undefined, 1000);
      else port.close();
      return;
  }
}

port.on('message', (m: EchoRequest) => {
  try {
    handle(m);
  } catch (e) {
    // As every worker does: a request is answered by its id, whatever went wrong.
    port.postMessage({ type: 'error', ...('id' in m ? { id: m.id } : {}), message: (e as Error).message });
  }
});
port.postMessage(options.failStart ? { type: 'error', message: options.failStart } : { type: 'ready' });
