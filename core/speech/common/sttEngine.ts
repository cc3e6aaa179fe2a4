import type { EngineStatus } from '../../base/common/status.js';
import type { TurnContext } from '../../base/common/turnContext.js';

export interface Transcript {
  kind: 'interim' | 'final';
  text: string;
  turnId: string;
  /** Which engine produced it ("pocketsphinx", "whisper base.en"). */
  engine: string;
}

/** One speech-to-text engine. Engines run off the main thread (worker or resident child process). */
export interface SttEngine {
  readonly name: string;
  status(): EngineStatus;
  /** Loads the model / starts the process once; later calls reuse it. Never throws: see status(). */
  start(): Promise<void>;
  /** 16 kHz mono int16 in, text out. Rejects with an AbortError when ctx.signal fires. */
  transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript>;
  /** How many times the model was (re)loaded: the benchmarks check it stays at 1. */
  readonly loadCount: number;
  dispose(): Promise<void>;
}

/** Normalises recogniser output: trims, collapses spaces, drops filler tokens like [NOISE] or <sil>. */
export function cleanTranscript(text: string): string {
  return text
    .replace(/\[[^\]]*\]|<[^>]*>|\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
