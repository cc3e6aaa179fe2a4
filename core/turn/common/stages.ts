import type { Outcome, TurnEvent } from './turnResults.js';
import type { HeadlineMetrics } from '../../base/common/metrics.js';
import { throwIfAborted, timeStage, type TurnContext } from '../../base/common/turnContext.js';
import { trimToSpeech } from '../../audio/common/vadTrim.js';
import type { Intent } from '../../intent/common/intents.js';
import { simWriteKinds } from '../../intent/common/intents.js';
import { toNotation } from '../../intent/common/notation.js';
import type { ParseResult } from '../../intent/common/parser.js';
import { answerQuery, readbackFor } from '../../intent/common/readback.js';
import { toSimAction } from '../../intent/common/toSimAction.js';
import type { SimAdapter } from '../../sim/common/adapter.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { Recognition } from '../../speech/common/sttEngine.js';
import type { Utterance } from '../../speech/common/utterance.js';

/** The speech side as the VAD and STT stages use it. */
export interface RecognitionPort {
  /** Per-frame VAD probabilities of 16 kHz audio; undefined when no VAD is available. */
  analyse(pcm: Int16Array): Promise<Float32Array | undefined>;
  /** Speech-to-text of 16 kHz audio (already trimmed to speech), with the recogniser's confidence. */
  transcribe(pcm: Int16Array, turn: TurnContext): Promise<Recognition>;
  vadThreshold(): number;
}

/**
 * VAD then STT for one utterance: its early transcript when speech recognised it during the
 * pause or release tail (metrics keep the real timing, mapped onto the turn's clock), else the
 * speech trimmed by the VAD and recognised now. The one way from audio to text.
 */
export async function recognise(utterance: Utterance, port: RecognitionPort, turn: TurnContext): Promise<Recognition> {
  if (utterance.early) return takeEarly(utterance.early, turn);
  const speech = await timeStage(turn, 'vad', async () => {
    const probs = utterance.vadProbs ?? (await port.analyse(utterance.pcm).catch(() => undefined));
    return probs ? trimToSpeech(utterance.pcm, probs, { threshold: port.vadThreshold() }).pcm : utterance.pcm; // no VAD: recognise everything
  });
  throwIfAborted(turn.signal);
  if (speech.length === 0) return { text: '' };
  return timeStage(turn, 'stt', () => port.transcribe(speech, turn));
}

async function takeEarly(early: NonNullable<Utterance['early']>, turn: TurnContext): Promise<Recognition> {
  const base = { turnId: turn.turnId };
  const offsetMs = performance.now() - turn.now();
  turn.metrics.record({ ...base, stage: 'vad', startedAt: turn.now(), durationMs: 0, cancelled: false });
  const waitFrom = turn.now();
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = (): void => reject(turn.signal.reason instanceof Error ? turn.signal.reason : new Error(String(turn.signal.reason)));
    if (turn.signal.aborted) onAbort();
    turn.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const r = await Promise.race([early, aborted]);
    turn.metrics.record({ ...base, stage: 'stt', startedAt: r.startedAtMs - offsetMs, durationMs: r.finishedAtMs - r.startedAtMs, cancelled: false });
    const { startedAtMs: _s, finishedAtMs: _f, ...heard } = r;
    return heard;
  } catch (e) {
    turn.metrics.record({ ...base, stage: 'stt', startedAt: waitFrom, durationMs: turn.now() - waitFrom, cancelled: true });
    throw e;
  }
}

/**
 * What the turn will do with one understood intent, once trust.ts has judged the turn worth
 * acting on (rejection and confirmation of risky commands happen before this classing).
 */
export type Step =
  | { kind: 'write'; intent: Intent }
  | { kind: 'answer'; intent: Extract<Intent, { kind: 'query' }> }
  | { kind: 'refuse'; intent: Extract<Intent, { kind: 'invalid' }> }
  | { kind: 'control'; intent: Intent }
  | { kind: 'ask'; intent: Intent }
  | { kind: 'unknown'; intent: Intent };

export function decide(parsed: ParseResult): Step[] {
  return [parsed.intent, ...(parsed.also ?? [])].map((intent): Step => {
    if (simWriteKinds.has(intent.kind)) return { kind: 'write', intent };
    switch (intent.kind) {
      case 'query':
        return { kind: 'answer', intent };
      case 'invalid':
        return { kind: 'refuse', intent };
      case 'repeat':
      case 'cancel':
      case 'callouts':
      case 'checklistStart':
      case 'checklist':
      case 'affirm':
      case 'negative':
      case 'undo':
        return { kind: 'control', intent };
      case 'llm':
        return { kind: 'ask', intent };
      default:
        return { kind: 'unknown', intent };
    }
  });
}

/** How the act stage reaches the sim and reports what happened. */
export interface ActPort {
  emit(event: TurnEvent): void;
  /** The act stage is writing to the sim (the runner shows 'acting'). */
  acting(): void;
}

/** Executes a sim-writing intent: the one path for spoken and typed commands and the copilot's tools. */
export async function applyIntent(
  intent: Intent,
  turn: TurnContext,
  sim: { adapter: SimAdapter; profile: AircraftProfile },
  port: ActPort,
): Promise<{ ok: boolean; reply: string; outcome: Outcome }> {
  const notation = toNotation(intent);
  const mapped = toSimAction(intent, sim.profile, sim.adapter.capabilities.writes);
  if (!mapped) return { ok: false, reply: 'Unable.', outcome: { status: 'refused', reason: 'not a sim command' } };
  if ('refusal' in mapped) {
    port.emit({ type: 'actionRefused', turnId: turn.turnId, notation, reason: mapped.refusal });
    return { ok: false, reply: mapped.refusal, outcome: { status: 'refused', reason: mapped.refusal } };
  }
  port.acting();
  const result = await timeStage(turn, 'sim', () => sim.adapter.write(mapped.action, turn.signal));
  throwIfAborted(turn.signal);
  const readback = readbackFor(intent, sim.profile);
  if (result.status === 'applied') {
    port.emit({ type: 'actionApplied', turnId: turn.turnId, notation, latencyMs: result.latencyMs });
    return { ok: true, reply: readback, outcome: { status: 'applied' } };
  }
  port.emit({ type: 'actionRefused', turnId: turn.turnId, notation, reason: result.reason });
  const reply = result.status === 'timeout' ? `Unable to confirm ${readback}: ${result.reason}.` : `Unable, ${result.reason}.`;
  return { ok: false, reply, outcome: { status: result.status, reason: result.reason } };
}

/** A query answered from the live state. */
export function answer(intent: Extract<Intent, { kind: 'query' }>, sim: { adapter: SimAdapter; profile: AircraftProfile }): string {
  return answerQuery(intent, sim.adapter.state(), sim.profile);
}

/** The headline figure a write sets: release (or submit) to the sim confirming it (the last write of a compound command). */
export function markApplied(headline: HeadlineMetrics, turn: TurnContext): void {
  headline.releaseToActionMs = turn.now();
}

export async function* fromArray(items: string[]): AsyncIterable<string> {
  for (const i of items) yield i;
}

export async function* concat(streams: AsyncIterable<string>[]): AsyncIterable<string> {
  for (const s of streams) yield* s;
}

/** The outcome a compound command reports: the first failure, else the first outcome. */
export function worstOutcome(outcomes: Outcome[]): Outcome {
  return outcomes.find((o) => o.status === 'refused' || o.status === 'timeout' || o.status === 'not-understood') ?? outcomes[0]!;
}
