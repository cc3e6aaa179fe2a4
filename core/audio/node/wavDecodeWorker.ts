import { parentPort } from 'node:worker_threads';
import { decodeWavTo16kMono, WavError } from '../common/wav.js';
import type { WavDecodeRequest, WavDecodeResponse } from './wavDecodeProtocol.js';

/**
 * Decodes and resamples uploaded WAVs off the main thread, so a long file never stalls the host's
 * HTTP, WebSocket or sim traffic. Moves bytes only: the parsing is core/audio/common/wav.ts.
 */
const port = parentPort;
if (!port) throw new Error('wavDecodeWorker must run in a worker thread');

function send(msg: WavDecodeResponse, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}

port.on('message', (msg: WavDecodeRequest) => {
  if (msg.type === 'dispose') {
    send({ type: 'disposed' });
    port.close();
    return;
  }
  const t0 = performance.now();
  try {
    const pcm = decodeWavTo16kMono(msg.wav, msg.maxDurationS);
    send({ type: 'decoded', id: msg.id, pcm, decodeMs: performance.now() - t0 }, [pcm.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof WavError) send({ type: 'decoded', id: msg.id, wavError: e.message, decodeMs: performance.now() - t0 });
    else send({ type: 'error', id: msg.id, message: (e as Error).message });
  }
});

send({ type: 'ready' });
