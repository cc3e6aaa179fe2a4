import type { EngineState, EngineStatus, PipelineStage } from '../../core/api/common/contract.js';

/** Readouts as a pilot reads them: headings 3 digits, altitude rounded to 10 ft, VS to 10 fpm. */
export function formatHeading(deg: number): string {
  const wrapped = ((Math.round(deg) % 360) + 360) % 360;
  return String(wrapped === 0 ? 360 : wrapped).padStart(3, '0');
}

export function formatAltitude(ft: number): string {
  const r = Math.round(ft / 10) * 10;
  // Thousands separator by hand: toLocaleString costs more than the rest of a redraw.
  return String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',').replace(/^/, r < 0 ? '-' : '');
}

export function formatSpeed(kt: number): string {
  return String(Math.max(0, Math.round(kt)));
}

export function formatVerticalSpeed(fpm: number): string {
  const r = Math.round(fpm / 10) * 10;
  return r > 0 ? `+${r}` : String(r);
}

const stageLabels: Record<PipelineStage, string> = {
  idle: 'Ready',
  listening: 'Listening',
  transcribing: 'Transcribing',
  thinking: 'Thinking',
  acting: 'Acting',
  speaking: 'Speaking',
};
export function stageLabel(stage: PipelineStage): string {
  return stageLabels[stage];
}

/** The meter's 0-1 fill. The contract's levelDb is a 0-1 level; negative values are read as dBFS. */
export function levelFraction(level: number): number {
  if (!Number.isFinite(level)) return 0;
  const f = level < 0 ? (level + 60) / 60 : level;
  return Math.min(1, Math.max(0, f));
}

export { simStatusText } from '../../core/api/common/simStatusText.js';

export type Tone = 'ok' | 'warn' | 'bad';
export function simTone(phase: EngineState['sim']['phase']): Tone {
  if (phase === 'connected') return 'ok';
  if (phase === 'stale' || phase === 'searching' || phase === 'reconnecting') return 'warn';
  return 'bad';
}

/** An engine is broken in a way the pilot should hear about (not merely loading or turned off). */
function troubled(status: EngineStatus): boolean {
  return status.state === 'missing' || status.state === 'error';
}

/**
 * The one engine problem worth showing on the overlay, or null. The microphone comes first: without
 * it nothing downstream matters, not even a missing speech model. Then missing parts before failed ones.
 */
export function engineProblem(engines: EngineState['engines']): string | null {
  if (troubled(engines.audio)) return engines.audio.detail;
  const order = ['stt', 'tts', 'vad', 'llm'] as const;
  for (const state of ['missing', 'error'] as const) {
    for (const k of order) if (engines[k].state === state) return engines[k].detail;
  }
  return null;
}

/**
 * What the pilot can do about a microphone problem, in one short line; null when the microphone is
 * fine. The engine's detail says what is wrong; this says where to fix it.
 */
export function micAdvice(audio: EngineStatus): string | null {
  if (!troubled(audio)) return null;
  if (/digital silence/i.test(audio.detail)) return 'The microphone sends only silence: unmute it, or choose another in Settings → Audio.';
  if (/no audio input|not found|unavailable/i.test(audio.detail)) return 'No working microphone: plug one in, or choose another in Settings → Audio.';
  return 'Check the microphone in Settings → Audio.';
}

/** Bytes as MB (MiB, as the model sizes are given) with one decimal: 7.5, 141.1. */
export function bytesToMb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The model the engine asks for when recognition has none ("no model: download base.en (142 MB)?"), else null. */
export function missingModelId(engines: EngineState['engines']): string | null {
  if (engines.stt.state !== 'missing') return null;
  return /\bdownload ([a-zA-Z0-9._-]{1,64})\b/.exec(engines.stt.detail)?.[1] ?? null;
}
