import { parentPort } from 'node:worker_threads';
import { loadWhisperBinding, type WhisperContextLike } from '../../../native/whisperBinding.js';
import type { WhisperRequest, WhisperResponse } from './whisperProtocol.js';

/**
 * Hosts one resident whisper.cpp context. The model is loaded once on 'load' and reused for every
 * 'transcribe'; 'abort' asks whisper.cpp to stop (its promise then never settles, so the
 * request is answered as aborted straight away and the next one waits for the stop to land).
 */
const port = parentPort;
if (!port) throw new Error('whisperWorker must run in a worker thread');

let ctx: WhisperContextLike | undefined;
let threads = 2;
const running = new Map<number, { stop: () => Promise<void> }>();
let lastStop: Promise<void> = Promise.resolve();

function send(msg: WhisperResponse): void {
  port!.postMessage(msg);
}

port.on('message', (msg: WhisperRequest) => {
  void handle(msg).catch((e: unknown) => {
    if ('id' in msg) send({ type: 'error', id: msg.id, message: (e as Error).message });
  });
});

async function handle(msg: WhisperRequest): Promise<void> {
  switch (msg.type) {
    case 'load': {
      const t0 = performance.now();
      const binding = await loadWhisperBinding();
      if (ctx) await ctx.release();
      ctx = await binding.initWhisper({ filePath: msg.modelPath, useGpu: false });
      threads = msg.threads;
      send({ type: 'loaded', id: msg.id, loadMs: performance.now() - t0 });
      return;
    }
    case 'transcribe': {
      if (!ctx) throw new Error('no whisper model loaded');
      await lastStop;
      const pcm = msg.pcm;
      const bytes = new Int16Array(pcm).buffer; // a fresh, exact-size ArrayBuffer copy
      const job = ctx.transcribeData(bytes, { language: 'en', maxThreads: threads, prompt: msg.prompt, temperature: 0 });
      running.set(msg.id, job);
      try {
        const r = await job.promise;
        if (running.delete(msg.id)) send({ type: 'result', id: msg.id, text: r.result, aborted: r.isAborted });
      } finally {
        running.delete(msg.id);
      }
      return;
    }
    case 'abort': {
      const job = running.get(msg.id);
      if (!job) return;
      running.delete(msg.id);
      lastStop = job.stop().catch(() => undefined);
      send({ type: 'result', id: msg.id, text: '', aborted: true });
      return;
    }
    case 'dispose': {
      await lastStop;
      if (ctx) await ctx.release();
      ctx = undefined;
      send({ type: 'disposed' });
      port!.close();
      return;
    }
  }
}

send({ type: 'ready' });
