/** Messages between WhisperEngine (main) and whisperWorker (worker thread). */
export type WhisperRequest =
  | { type: 'load'; modelPath: string; threads: number }
  | { type: 'transcribe'; id: number; pcm: Int16Array; prompt: string }
  | { type: 'abort'; id: number }
  | { type: 'dispose' };

export type WhisperResponse =
  | { type: 'ready' }
  | { type: 'loaded'; loadMs: number }
  | { type: 'loadFailed'; message: string }
  | { type: 'result'; id: number; text: string; aborted: boolean }
  | { type: 'failed'; id: number; message: string }
  | { type: 'disposed' };
