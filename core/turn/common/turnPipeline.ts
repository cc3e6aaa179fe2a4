import type { CommandResult, EngineEvent, HeadlineMetrics, Outcome, PipelineStage, StageMetric } from '../../api/common/contract.js';
import type { Intent } from '../../intent/common/intents.js';
import { simWriteKinds } from '../../intent/common/intents.js';
import { parseUtterance, type ParseResult } from '../../intent/common/parser.js';
import { answerQuery, readbackFor } from '../../intent/common/readback.js';
import { toNotation } from '../../intent/common/notation.js';
import { toSimAction } from '../../intent/common/toSimAction.js';
import type { SimAdapter } from '../../sim/common/adapter.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { createTurnContext, throwIfAborted, timeStage, type TurnContext } from '../../base/common/turnContext.js';

/** What the pipeline needs from the rest of the engine; each piece may be missing. */
export interface TurnDeps {
  sim(): { adapter: SimAdapter; profile: AircraftProfile };
  emit(event: EngineEvent): void;
  stage(stage: PipelineStage): void;
  /** Speaks sentences; resolves when done. Absent when replies are not spoken (CLI, tests). */
  speak?(sentences: AsyncIterable<string>, turn: TurnContext): Promise<{ firstAudioAtMs?: number }>;
  stopSpeaking?(): void;
  /** The copilot's answer as sentences; absent when no language model is configured. */
  ask?(question: string, ctx: AskContext): AsyncIterable<string>;
  /** Why questions cannot be answered now ("Ollama not running at ..."), or undefined. */
  llmUnavailable(): string | undefined;
  checklist?: ChecklistPort;
  setCallouts(on: boolean): Promise<void>;
  now(): number;
}

export interface AskContext {
  state: SimState;
  profile: AircraftProfile;
  signal: AbortSignal;
  executeIntent(intent: Intent): Promise<{ ok: boolean; reply: string }>;
  /** The model client's own figures; its ttfbMs starts when the request is sent. */
  onMetric?(m: { ttfbMs?: number }): void;
}

export interface ChecklistPort {
  active(): boolean;
  start(name: string, state: SimState): string;
  handle(intent: Intent, state: SimState): string;
}

export type TranscriptSource = (turn: TurnContext) => Promise<string>;

interface Reply {
  sentences: AsyncIterable<string>;
  outcome: Outcome;
}

/**
 * One push-to-talk press (or typed command) from transcript to spoken reply: parse, act on the
 * sim and confirm by readback, answer, or ask the copilot. One turn at a time: a new turn aborts
 * the running one (barge-in) everywhere through its AbortSignal.
 */
export class TurnPipeline {
  private running: { turn: TurnContext; controller: AbortController } | undefined;
  private seq = 0;
  private lastReply = '';

  constructor(private readonly deps: TurnDeps) {}

  /** Aborts the running turn, if any (barge-in, "cancel", shutdown). */
  cancel(reason = 'barge-in'): void {
    if (!this.running) return;
    this.running.controller.abort(new Error(reason));
    this.deps.stopSpeaking?.();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  async run(
    source: 'text' | 'voice' | 'copilot',
    transcript: TranscriptSource,
    opts: { signal?: AbortSignal; releasedAt?: number } = {},
  ): Promise<CommandResult> {
    this.cancel('barge-in');
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const turnId = `t${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    const turn = createTurnContext({ turnId, signal: controller.signal, clock: () => this.deps.now(), ...(opts.releasedAt !== undefined ? { originMs: opts.releasedAt } : {}) });
    this.running = { turn, controller };
    const headline: HeadlineMetrics = { totalMs: 0 };
    let text = '';
    let parsed: ParseResult | undefined;
    let replyText = '';
    let outcome: Outcome;
    this.deps.emit({ type: 'turnStarted', turnId, source, at: Date.now() });
    try {
      if (source === 'voice') this.deps.stage('transcribing');
      text = (await transcript(turn)).trim();
      headline.releaseToTranscriptMs = turn.now();
      this.deps.emit({ type: 'transcript', turnId, kind: 'final', text });
      throwIfAborted(turn.signal);

      this.deps.stage('thinking');
      const { adapter, profile } = this.deps.sim();
      const checklistActive = this.deps.checklist?.active() ?? false;
      const result = await timeStage(turn, 'intent', async () => parseUtterance(text, { profile, checklistActive }));
      parsed = result;
      this.deps.emit({ type: 'intent', turnId, notation: result.notation, confidence: result.confidence, matched: result.matched });

      // Several commands in one breath ("gear down, flaps full"): each in turn, replies joined.
      const replies: Reply[] = [];
      for (const intent of [result.intent, ...(result.also ?? [])]) {
        replies.push(await this.dispatch({ ...result, intent, notation: toNotation(intent) }, text, turn, adapter, profile, headline));
        throwIfAborted(turn.signal);
      }
      const reply: Reply = replies.length === 1 ? replies[0]! : { sentences: concat(replies.map((r) => r.sentences)), outcome: worstOutcome(replies.map((r) => r.outcome)) };
      outcome = reply.outcome;
      replyText = await this.deliver(reply.sentences, turn, headline);
      if (replyText) this.lastReply = replyText;
    } catch (e) {
      if (!turn.signal.aborted) throw e;
      outcome = { status: 'cancelled', reason: errorMessage(turn.signal.reason) };
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      if (this.running?.turn === turn) {
        this.running = undefined;
        this.deps.stage('idle');
      }
    }
    if (turn.signal.aborted && outcome.status !== 'cancelled') outcome = { status: 'cancelled', reason: errorMessage(turn.signal.reason) };
    headline.totalMs = turn.now();
    const metrics: StageMetric[] = turn.metrics.all();
    this.deps.emit({ type: 'turnEnded', turnId, outcome, metrics, headline });
    return {
      turnId,
      transcript: text,
      intent: parsed?.notation ?? null,
      confidence: parsed?.confidence ?? 0,
      reply: replyText,
      outcome,
      metrics,
      headline,
    };
  }

  private async dispatch(
    parsed: ParseResult,
    text: string,
    turn: TurnContext,
    adapter: SimAdapter,
    profile: AircraftProfile,
    headline: HeadlineMetrics,
  ): Promise<Reply> {
    const { intent } = parsed;
    const said = (s: string, outcome: Outcome): Reply => ({ sentences: fromArray(s ? [s] : []), outcome });
    if (simWriteKinds.has(intent.kind)) {
      const r = await this.applyIntent(intent, turn, adapter, profile);
      if (r.ok) headline.releaseToActionMs = turn.now();
      return said(r.reply, r.outcome);
    }
    switch (intent.kind) {
      case 'query':
        return said(answerQuery(intent, adapter.state(), profile), { status: 'answered' });
      case 'invalid':
        this.deps.emit({ type: 'actionRefused', turnId: turn.turnId, notation: parsed.notation, reason: intent.reason });
        return said(intent.spoken, { status: 'refused', reason: intent.reason });
      case 'repeat':
        return said(this.lastReply || 'Nothing to repeat yet.', { status: 'control' });
      case 'cancel':
        this.deps.stopSpeaking?.();
        return said('', { status: 'control', reason: 'cancelled by the pilot' });
      case 'callouts':
        await this.deps.setCallouts(intent.on);
        return said(intent.on ? 'Callouts on.' : 'Callouts muted.', { status: 'control' });
      case 'checklistStart':
        if (!this.deps.checklist) return said('Checklists are not available.', { status: 'refused', reason: 'no checklists loaded' });
        return said(this.deps.checklist.start(intent.name, adapter.state()), { status: 'control' });
      case 'checklist':
        if (!this.deps.checklist?.active()) return said('No checklist is running.', { status: 'refused', reason: 'no checklist running' });
        return said(this.deps.checklist.handle(intent, adapter.state()), { status: 'control' });
      case 'llm':
        return this.askCopilot(text, turn, adapter, profile);
      default:
        return said(`Say again? I did not understand "${text}".`, { status: 'not-understood' });
    }
  }

  /** Executes a sim-writing intent: the one path for spoken commands and the copilot's tools. */
  private async applyIntent(
    intent: Intent,
    turn: TurnContext,
    adapter: SimAdapter,
    profile: AircraftProfile,
  ): Promise<{ ok: boolean; reply: string; outcome: Outcome }> {
    const notation = toNotation(intent);
    const mapped = toSimAction(intent, profile, adapter.capabilities.writes);
    if (!mapped) return { ok: false, reply: 'Unable.', outcome: { status: 'refused', reason: 'not a sim command' } };
    if ('refusal' in mapped) {
      this.deps.emit({ type: 'actionRefused', turnId: turn.turnId, notation, reason: mapped.refusal });
      return { ok: false, reply: mapped.refusal, outcome: { status: 'refused', reason: mapped.refusal } };
    }
    this.deps.stage('acting');
    const result = await timeStage(turn, 'sim', () => adapter.write(mapped.action, turn.signal));
    throwIfAborted(turn.signal);
    const readback = readbackFor(intent, profile);
    if (result.status === 'applied') {
      this.deps.emit({ type: 'actionApplied', turnId: turn.turnId, notation, latencyMs: result.latencyMs });
      return { ok: true, reply: readback, outcome: { status: 'applied' } };
    }
    this.deps.emit({ type: 'actionRefused', turnId: turn.turnId, notation, reason: result.reason });
    const reply = result.status === 'timeout' ? `Unable to confirm ${readback}: ${result.reason}.` : `Unable, ${result.reason}.`;
    return { ok: false, reply, outcome: { status: result.status, reason: result.reason } };
  }

  private askCopilot(text: string, turn: TurnContext, adapter: SimAdapter, profile: AircraftProfile): Reply {
    const unavailable = this.deps.llmUnavailable();
    if (!this.deps.ask || unavailable) {
      const why = unavailable ?? 'no language model is configured';
      return {
        sentences: fromArray([`I can fly commands, but questions need a language model: ${why}.`]),
        outcome: { status: 'not-understood', reason: `not a known command; ${why}` },
      };
    }
    const t0 = turn.now();
    let requestTtfbMs: number | undefined;
    const sentences = this.deps.ask(text, {
      onMetric: (m) => {
        requestTtfbMs = m.ttfbMs;
      },
      state: adapter.state(),
      profile,
      signal: turn.signal,
      executeIntent: async (intent) => {
        const r = await this.applyIntent(intent, turn, adapter, profile);
        return { ok: r.ok, reply: r.reply };
      },
    });
    const metrics = turn.metrics;
    async function* timed(): AsyncIterable<string> {
      let first: number | undefined;
      try {
        for await (const s of sentences) {
          first ??= turn.now() - t0;
          yield s;
        }
      } finally {
        const ttfbMs = requestTtfbMs ?? first;
        metrics.record({ stage: 'llm', turnId: turn.turnId, startedAt: t0, durationMs: turn.now() - t0, ...(ttfbMs !== undefined ? { ttfbMs } : {}), cancelled: turn.signal.aborted });
      }
    }
    return { sentences: timed(), outcome: { status: 'llm' } };
  }

  /** Emits reply events sentence by sentence and speaks them when a voice is available. */
  private async deliver(sentences: AsyncIterable<string>, turn: TurnContext, headline: HeadlineMetrics): Promise<string> {
    const said: string[] = [];
    const emit = (e: EngineEvent): void => this.deps.emit(e);
    async function* tap(): AsyncIterable<string> {
      for await (const s of sentences) {
        if (turn.signal.aborted) return;
        said.push(s);
        emit({ type: 'reply', turnId: turn.turnId, text: said.join(' '), final: false });
        yield s;
      }
    }
    if (this.deps.speak) {
      this.deps.stage('speaking');
      const { firstAudioAtMs } = await this.deps.speak(tap(), turn);
      if (firstAudioAtMs !== undefined) headline.releaseToFirstAudioMs = firstAudioAtMs;
    } else {
      for await (const _ of tap()) {
        /* drained: the events carry the text */
      }
    }
    const text = said.join(' ');
    emit({ type: 'reply', turnId: turn.turnId, text, final: true });
    return text;
  }
}

async function* concat(streams: AsyncIterable<string>[]): AsyncIterable<string> {
  for (const s of streams) yield* s;
}

/** The outcome a compound command reports: the first failure, else the first outcome. */
function worstOutcome(outcomes: Outcome[]): Outcome {
  return outcomes.find((o) => o.status === 'refused' || o.status === 'timeout' || o.status === 'not-understood') ?? outcomes[0]!;
}

async function* fromArray(items: string[]): AsyncIterable<string> {
  for (const i of items) yield i;
}

function errorMessage(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'cancelled';
}
