import type { WhisperSegment } from '../common/whisperConfidence.js';

/** Messages between WhisperEngine (main) and whisperWorker (a worker thread in the engine's child process). */
export type WhisperRequest =
  | { type: 'load'; id: number; modelPath: string; threads: number }
  /** grammar: GBNF text (start rule "root") that steers decoding; compiled once per distinct text. */
  | { type: 'transcribe'; id: number; pcm: Int16Array; prompt: string; grammar?: string }
  /** Written by the process host (processHost.ts) into the abort cell; the worker itself ignores it. */
  | { type: 'abort'; id: number }
  | { type: 'dispose' };

export type WhisperResponse =
  | { type: 'ready' }
  | { type: 'loaded'; id: number; loadMs: number }
  /** decodeMs: time inside whisper_full and reading the result back. */
  | { type: 'result'; id: number; text: string; aborted: boolean; segments: WhisperSegment[]; decodeMs: number }
  /** A request failed (answers the request with the same id), or, without id, a problem for the crash log. */
  | { type: 'error'; id?: number; message: string }
  | { type: 'disposed' };

/**
 * workerData of the whisper worker. Aborting cannot be a message to the worker: it is inside
 * whisper_full (synchronous) while a turn runs, so the process host writes the id of the request
 * to stop (from the engine's `abort` message) into this shared cell, and whisper.cpp's abort
 * callback reads it between graph computations.
 */
export interface WhisperWorkerData {
  /** Int32Array(1) over a SharedArrayBuffer: the id of the request to abort, or ABORT_ALL. */
  abortCell: SharedArrayBuffer;
}

/** Stored in the abort cell on dispose: stop whatever is running. */
export const ABORT_ALL = -1;
