import type { EngineStatus } from '../../base/common/status.js';
import type { TurnContext } from '../../base/common/turnContext.js';

/** One recognition hypothesis and the recogniser's own belief in it. */
export interface Hypothesis {
  text: string;
  /** 0..1: how likely the recogniser thinks this hypothesis is what was said. */
  confidence: number;
}

/**
 * What a recogniser heard: its best text and how sure it is. Engines that cannot score their
 * output leave `confidence` undefined; the decide stage treats that as "not sure".
 */
export interface Recognition {
  text: string;
  /** 0..1 confidence in `text` (verification against a garbage model, lattice posterior, token probabilities). */
  confidence?: number;
  /** Best first; alternatives[0].text === text when present. */
  alternatives?: Hypothesis[];
  /** The raw scores behind `confidence`, for diagnostics and calibration (engine-specific names). */
  evidence?: Record<string, number>;
}

export interface Transcript extends Recognition {
  kind: 'interim' | 'final';
  turnId: string;
  /** Which engine produced it ("pocketsphinx", "whisper base.en"). */
  engine: string;
}

/** The recognition part of a transcript (what travels on to the turn). */
export function recognitionOf(t: Recognition): Recognition {
  return {
    text: t.text,
    ...(t.confidence !== undefined ? { confidence: t.confidence } : {}),
    ...(t.alternatives ? { alternatives: t.alternatives } : {}),
    ...(t.evidence ? { evidence: t.evidence } : {}),
  };
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
