import { parentPort, workerData } from 'node:worker_threads';
import type * as Ort from 'onnxruntime-node';
import { PIPER_LOAD_STEPS, type PiperRequest, type PiperResponse, type PiperWorkerData } from './piperProtocol.js';

/**
 * Piper (VITS) inference off the main thread: onnxruntime-node's session.run() computes on the
 * calling thread, so a sentence of neural speech (hundreds of ms of CPU) would stall the Electron
 * main process (IPC, overlay, push-to-talk) or the headless host. Phonemising stays in PiperTts;
 * this worker only runs the model. onnxruntime-node is imported here, when a Piper voice is loaded.
 */
if (!parentPort) throw new Error('piperWorker must run in a worker thread');
const port = parentPort;
const { voicePath } = workerData as PiperWorkerData;

function send(msg: PiperResponse, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

/** The runtime and the voice's session, or why not (the worker then ends: its start failed). */
async function load(): Promise<{ ort: typeof Ort; session: Ort.InferenceSession } | keyof typeof PIPER_LOAD_STEPS> {
  let ort: typeof Ort;
  let session: Ort.InferenceSession;
  try {
    ort = await import('onnxruntime-node');
    session = await ort.InferenceSession.create(voicePath, { intraOpNumThreads: 2 });
  } catch {
    return 'runtime';
  }
  if (['input', 'input_lengths', 'scales'].every((n) => session.inputNames.includes(n))) return { ort, session };
  await session.release();
  return 'inputs';
}

const loaded = await load();
if (typeof loaded === 'string') {
  send({ type: 'error', message: PIPER_LOAD_STEPS[loaded] });
  port.close();
} else serve(loaded.ort, loaded.session);

/** Answers requests with the loaded session, then says `ready`. */
function serve(ort: typeof Ort, session: Ort.InferenceSession): void {
  port.on('message', (msg: PiperRequest) => {
    if (msg.type === 'dispose') {
      void session.release().finally(() => {
        send({ type: 'disposed' });
        port.close();
      });
      return;
    }
    void (async () => {
      try {
        const ids = msg.phonemeIds;
        const feeds: Record<string, Ort.Tensor> = {
          input: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
          input_lengths: new ort.Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
          scales: new ort.Tensor('float32', Float32Array.from(msg.scales), [3]),
        };
        if (msg.speakerId !== undefined && session.inputNames.includes('sid')) feeds.sid = new ort.Tensor('int64', BigInt64Array.from([BigInt(msg.speakerId)]), [1]);
        const out = await session.run(feeds);
        const samples = Float32Array.from(out[session.outputNames[0]!]!.data as Float32Array);
        send({ type: 'audio', id: msg.id, samples }, [samples.buffer]);
      } catch {
        send({ type: 'error', id: msg.id, message: 'Piper inference failed' });
      }
    })();
  });
  send({ type: 'ready' });
}
