/** Messages between WhisperEngine (main) and whisperWorker (worker thread). */
export type WhisperRequest =
  | { type: 'load'; id: number; modelPath: string; threads: number }
  | { type: 'transcribe'; id: number; pcm: Int16Array; prompt: string }
  | { type: 'abort'; id: number }
  | { type: 'dispose' };

export type WhisperResponse =
  | { type: 'ready' }
  | { type: 'loaded'; id: number; loadMs: number }
  | { type: 'result'; id: number; text: string; aborted: boolean }
  /** A request failed; answers the request with the same id. */
  | { type: 'error'; id: number; message: string }
  | { type: 'disposed' };
