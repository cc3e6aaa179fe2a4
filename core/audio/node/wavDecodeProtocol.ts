/** Messages between WavDecoder (main thread) and wavDecodeWorker (worker thread). */
export type WavDecodeRequest =
  /** `wav` is a copy the worker may keep; `maxDurationS` is checked again on the samples found. */
  | { type: 'decode'; id: number; wav: Uint8Array; maxDurationS: number }
  | { type: 'dispose' };

export type WavDecodeResponse =
  | { type: 'ready' }
  /** 16 kHz mono; or `wavError` when the file is not one the product reads (a WavError's message). */
  | { type: 'decoded'; id: number; pcm?: Int16Array; wavError?: string; decodeMs: number }
  | { type: 'error'; id?: number; message: string }
  | { type: 'disposed' };
