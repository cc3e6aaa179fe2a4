/**
 * Speech boundaries from per-frame VAD probabilities (pure). Frames are 512 samples (32 ms) at
 * 16 kHz, Silero v5's window. Trimming keeps padding around speech and shortens long pauses
 * inside an utterance, which both saves recogniser time and keeps one utterance in one piece.
 */
export const VAD_FRAME_SAMPLES = 512;
export const VAD_RATE_HZ = 16_000;
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES / VAD_RATE_HZ) * 1000;

export interface VadTrimOptions {
  threshold: number;
  /** Kept before the first speech frame: soft onsets (f, s, h) score low at first. */
  padBeforeMs?: number;
  /** Kept after the last speech frame: trailing consonants and release. */
  padAfterMs?: number;
  /** Pauses inside speech longer than this are shortened to it. */
  maxPauseMs?: number;
  /** Runs of speech shorter than this are treated as clicks. */
  minSpeechMs?: number;
}

export interface SpeechSpan {
  startSample: number;
  endSample: number;
}

/** Speech runs (with hysteresis: enter at threshold, leave below threshold - 0.15). */
export function speechSpans(probs: ArrayLike<number>, opts: VadTrimOptions): SpeechSpan[] {
  const enter = opts.threshold;
  const leave = Math.max(0.01, opts.threshold - 0.15);
  const minFrames = Math.max(1, Math.round((opts.minSpeechMs ?? 64) / VAD_FRAME_MS));
  const spans: SpeechSpan[] = [];
  let start = -1;
  for (let i = 0; i <= probs.length; i++) {
    const p = i < probs.length ? probs[i]! : 0;
    if (start < 0 && p >= enter) start = i;
    else if (start >= 0 && (p < leave || i === probs.length)) {
      if (i - start >= minFrames) spans.push({ startSample: start * VAD_FRAME_SAMPLES, endSample: i * VAD_FRAME_SAMPLES });
      start = -1;
    }
  }
  return spans;
}

/** The speech of `pcm` with padding, pauses shortened; empty when there is no speech at all. */
export function trimToSpeech(pcm: Int16Array, probs: ArrayLike<number>, opts: VadTrimOptions): { pcm: Int16Array; spans: SpeechSpan[] } {
  const spans = speechSpans(probs, opts);
  if (spans.length === 0) return { pcm: new Int16Array(0), spans };
  const ms = (v: number): number => Math.round((v * VAD_RATE_HZ) / 1000);
  const padBefore = ms(opts.padBeforeMs ?? 200);
  const padAfter = ms(opts.padAfterMs ?? 250);
  const maxPause = ms(opts.maxPauseMs ?? 300);
  const pieces: Int16Array[] = [];
  let cursor = Math.max(0, spans[0]!.startSample - padBefore);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const next = spans[i + 1];
    if (!next) {
      pieces.push(pcm.subarray(cursor, Math.min(pcm.length, span.endSample + padAfter)));
      break;
    }
    const gap = next.startSample - span.endSample;
    if (gap <= maxPause) continue;
    // Keep half the allowed pause after this run and half before the next.
    pieces.push(pcm.subarray(cursor, span.endSample + maxPause / 2));
    cursor = next.startSample - maxPause / 2;
  }
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const out = new Int16Array(total);
  let o = 0;
  for (const p of pieces) {
    out.set(p, o);
    o += p.length;
  }
  return { pcm: out, spans };
}
