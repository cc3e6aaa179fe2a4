/**
 * Messages between PiperTts and its inference worker (piperWorker.ts). The worker loads the voice
 * model at start (`ready`, or `error` with one of PIPER_LOAD_STEPS: never the runtime's own text,
 * which can quote the file) and answers each `synthesize` with the raw VITS output.
 */
export const PIPER_LOAD_STEPS = {
  runtime: 'onnxruntime did not load the model',
  inputs: 'not a Piper model (missing inputs input, input_lengths or scales)',
} as const;

export interface PiperWorkerData {
  voicePath: string;
}

export type PiperRequest =
  | { type: 'synthesize'; id: number; phonemeIds: number[]; scales: [number, number, number]; speakerId?: number }
  | { type: 'dispose' };

export type PiperResponse =
  | { type: 'ready' }
  | { type: 'audio'; id: number; samples: Float32Array }
  | { type: 'error'; id?: number; message: string }
  | { type: 'disposed' };
