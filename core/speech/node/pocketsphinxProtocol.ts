import type { PocketsphinxScores } from '../common/pocketsphinxConfidence.js';

/** Messages between PocketsphinxEngine (main) and pocketsphinxWorker (a worker thread in the engine's child process). */
export type PocketsphinxRequest =
  | { type: 'load'; id: number; jsgf: string }
  | { type: 'transcribe'; id: number; pcm: Int16Array }
  | { type: 'abort'; id: number }
  | { type: 'dispose' };

export type PocketsphinxResponse =
  | { type: 'ready' }
  | { type: 'loaded'; id: number; loadMs: number }
  | { type: 'result'; id: number; scores: PocketsphinxScores; decodeMs: number; aborted: boolean }
  /** A request failed; answers the request with the same id. */
  | { type: 'error'; id: number; message: string }
  | { type: 'disposed' };
