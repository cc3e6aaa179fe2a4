import { parentPort, workerData } from 'node:worker_threads';
import { NativeGrammar, WhisperNativeContext } from './whisperNative.js';
import { loadWhisperLib } from './whisperNativeLib.js';
import { ABORT_ALL, type WhisperRequest, type WhisperResponse, type WhisperWorkerData } from './whisperProtocol.js';

/**
 * Hosts one resident whisper.cpp context (its C API through koffi, see whisperNativeLib.ts). The
 * model is loaded once on 'load' and reused for every 'transcribe', which runs whisper_full
 * synchronously on this thread; requests queue behind it. A turn is aborted through the shared
 * abort cell (whisperProtocol.ts), which whisper.cpp polls while it decodes.
 */
const port = parentPort;
if (!port) throw new Error('whisperWorker must run in a worker thread (of the engine process host)');
const abortCell = new Int32Array((workerData as WhisperWorkerData).abortCell);

let ctx: WhisperNativeContext | undefined;
let threads = 2;
/** The last grammar compiled (the intent grammar rarely changes; compiling it takes ~0.1 s). */
let grammar: NativeGrammar | undefined;
/** A grammar text that did not compile: decoding runs open instead of failing every turn. */
let badGrammar: string | undefined;

function send(msg: WhisperResponse): void {
  port!.postMessage(msg);
}

port.on('message', (msg: WhisperRequest) => {
  try {
    handle(msg);
  } catch (e) {
    if ('id' in msg) send({ type: 'error', id: msg.id, message: (e as Error).message });
  }
});

function grammarFor(text: string | undefined): NativeGrammar | undefined {
  if (!text || text === badGrammar) return undefined;
  if (grammar?.text !== text) {
    let next: NativeGrammar;
    try {
      next = new NativeGrammar(text);
    } catch (e) {
      badGrammar = text;
      send({ type: 'error', message: `whisper grammar ignored: ${(e as Error).message}` });
      return undefined;
    }
    grammar?.free();
    grammar = next;
  }
  return grammar;
}

function handle(msg: WhisperRequest): void {
  switch (msg.type) {
    case 'load': {
      const t0 = performance.now();
      const lib = loadWhisperLib();
      ctx?.free();
      ctx = undefined;
      ctx = WhisperNativeContext.open(msg.modelPath, lib);
      threads = msg.threads;
      send({ type: 'loaded', id: msg.id, loadMs: performance.now() - t0 });
      return;
    }
    case 'transcribe': {
      if (!ctx) throw new Error('no whisper model loaded');
      const id = msg.id;
      const shouldAbort = (): boolean => {
        const v = Atomics.load(abortCell, 0);
        return v === id || v === ABORT_ALL;
      };
      const g = grammarFor(msg.grammar);
      const pcm = Float32Array.from(msg.pcm, (s) => s / 32768);
      const t0 = performance.now();
      const r = ctx.transcribe(pcm, { threads, prompt: msg.prompt, shouldAbort, ...(g ? { grammar: g } : {}) });
      send({ type: 'result', id, text: r.text, aborted: r.aborted, segments: r.segments, decodeMs: performance.now() - t0 });
      return;
    }
    case 'abort':
      return; // already in the abort cell (processHost.ts); too late here
    case 'dispose': {
      ctx?.free();
      ctx = undefined;
      grammar?.free();
      grammar = undefined;
      send({ type: 'disposed' });
      port!.close();
      return;
    }
  }
}

send({ type: 'ready' });
