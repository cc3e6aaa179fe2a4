import type { EngineStatus } from '../../base/common/status.js';

export interface SynthesizedAudio {
  samples: Float32Array;
  sampleRateHz: number;
}

/** One text-to-speech engine: a sentence in, audio out. Runs in a child process or native thread. */
export interface TtsEngine {
  readonly name: string;
  status(): EngineStatus;
  start(): Promise<void>;
  /** Rejects with an AbortError when `signal` fires (the child process is killed). */
  synthesize(text: string, signal: AbortSignal): Promise<SynthesizedAudio>;
  dispose(): Promise<void>;
}

/**
 * Splits reply text into sentences for streaming synthesis ("Heading two seven zero. Climbing."
 * -> two). Keeps decimals ("one two one decimal five", "121.5") and abbreviations together.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+(?=[A-Z0-9"'])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
