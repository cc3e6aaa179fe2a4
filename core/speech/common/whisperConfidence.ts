import type { Recognition } from './sttEngine.js';

/** One decoded token as whisper.cpp reports it. */
export interface WhisperToken {
  id: number;
  text: string;
  /** whisper's probability of the token (after grammar penalties, when a grammar steered decoding). */
  p: number;
  /**
   * ln p of the token before the grammar touched the logits: what the model itself believed. Only
   * when a grammar was used (whisper's own `p` is then renormalised over the tokens the grammar allows).
   */
  rawLogP?: number;
  /** EOT, timestamps, [_extra_token_…]: not text. */
  special: boolean;
}

export interface WhisperSegment {
  text: string;
  /** whisper_full_get_segment_no_speech_prob: p(<|nospeech|>) at the first decoding step. */
  noSpeechProb: number;
  tokens: WhisperToken[];
}

/** Token probabilities below this count as this (a log of 0 would swamp the mean). */
const P_FLOOR = 1e-6;

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Utterance confidence from whisper's token probabilities: the geometric mean of p over the text
 * tokens (exp of their mean ln p), times the probability that there was speech at all
 * (1 - no-speech probability). With a grammar, the p before the grammar's penalties is used, so
 * speech the grammar had to bend into a command scores low. Evidence: meanLogP, minP,
 * noSpeechProb, textTokens, and grammarMeanLogP (the constrained mean) when a grammar was used.
 */
export function whisperRecognition(text: string, segments: readonly WhisperSegment[]): Recognition {
  const tokens = segments.flatMap((s) => s.tokens.filter((t) => !t.special));
  const noSpeechProb = clamp01(segments.reduce((m, s) => Math.max(m, s.noSpeechProb), 0));
  const logs = tokens.map((t) => t.rawLogP ?? Math.log(Math.max(t.p, P_FLOOR)));
  const grammarUsed = tokens.some((t) => t.rawLogP !== undefined);
  const floorLog = Math.log(P_FLOOR);
  const meanLogP = logs.length > 0 ? Math.max(floorLog, logs.reduce((a, b) => a + b, 0) / logs.length) : floorLog;
  const minP = logs.length > 0 ? Math.exp(Math.max(floorLog, Math.min(...logs))) : 0;
  const confidence = text === '' || tokens.length === 0 ? 0 : clamp01(Math.exp(meanLogP) * (1 - noSpeechProb));
  const evidence: Record<string, number> = { meanLogP, minP, noSpeechProb, textTokens: tokens.length };
  if (grammarUsed) {
    const constrained = tokens.map((t) => Math.log(Math.max(t.p, P_FLOOR)));
    evidence.grammarMeanLogP = constrained.reduce((a, b) => a + b, 0) / constrained.length;
  }
  return { text, confidence, alternatives: [{ text, confidence }], evidence };
}
