import type { CommandResult, Outcome, PipelineStage, TurnEvent } from './turnResults.js';
import type { HeadlineMetrics, StageMetric } from '../../base/common/metrics.js';
import { createTurnContext, throwIfAborted, timeStage, type TurnContext } from '../../base/common/turnContext.js';
import type { AskContext, ChecklistPort } from '../../copilot/common/copilotPort.js';
import { toNotation } from '../../intent/common/notation.js';
import { parseUtterance, type ParseResult } from '../../intent/common/parser.js';
import type { SimAdapter } from '../../sim/common/adapter.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { answer, applyIntent, concat, decide, fromArray, markApplied, recognise, worstOutcome, type RecognitionPort, type Step } from './stages.js';
import type { Recognition } from '../../speech/common/sttEngine.js';
import type { TurnInput } from './utterance.js';

/** The speech side of a turn: recognition, and the voice for replies. Absent in hosts without audio. */
export interface SpeechPort extends RecognitionPort {
  /** Speaks sentences; resolves when done (or stopped). */
  speak(sentences: AsyncIterable<string>, turn: TurnContext): Promise<{ firstAudioAtMs?: number }>;
  stopSpeaking(): void;
}

/** What the runner needs from the rest of the engine. */
export interface TurnDeps {
  sim(): { adapter: SimAdapter; profile: AircraftProfile };
  emit(event: TurnEvent): void;
  /** The published pipeline stage: the runner is its only writer. */
  stage(stage: PipelineStage): void;
  speech?(): SpeechPort | undefined;
  /** The copilot's answer as sentences; absent when no language model is configured. */
  ask?(question: string, ctx: AskContext): AsyncIterable<string>;
  /** Why questions cannot be answered now ("Ollama not running at ..."), or undefined. */
  llmUnavailable(): string | undefined;
  checklist?(): ChecklistPort | undefined;
  setCallouts(on: boolean): Promise<void>;
  now(): number;
}

interface Reply {
  sentences: AsyncIterable<string>;
  outcome: Outcome;
}

interface Running {
  turn: TurnContext;
  controller: AbortController;
  headline: HeadlineMetrics;
}

/**
 * The one owner of every turn — a push-to-talk utterance, a typed command, a copilot action.
 * Stages run in order (VAD → STT → understand → decide → act → reply), each timed and each
 * honouring the turn's AbortSignal. One turn at a time: a new turn, spoken or typed, aborts the
 * running one everywhere and silences its reply (barge-in). The runner alone publishes the
 * pipeline stage and knows whether a turn is running.
 */
export class TurnRunner {
  private running: Running | undefined;
  /** A reply spoken outside any turn (a callout) is on the air. */
  private announcing = 0;
  private listeningNow = false;
  private stageNow: PipelineStage = 'idle';
  private seq = 0;
  private lastReply = '';

  constructor(private readonly deps: TurnDeps) {}

  /** A turn is running or a reply is being spoken: a push-to-talk press now barges in. */
  get busy(): boolean {
    return this.running !== undefined || this.announcing > 0;
  }

  get stage(): PipelineStage {
    return this.stageNow;
  }

  /** Push-to-talk is listening (speech reports it); shown while no turn runs. */
  setListening(on: boolean): void {
    this.listeningNow = on;
    if (!this.running && this.announcing === 0) this.publish(on ? 'listening' : 'idle');
  }

  /** Aborts the running turn and silences any reply (barge-in, "cancel", shutdown). */
  cancel(reason = 'barge-in'): void {
    this.running?.controller.abort(new Error(reason));
    this.deps.speech?.()?.stopSpeaking();
  }

  async run(input: TurnInput, opts: { signal?: AbortSignal } = {}): Promise<CommandResult> {
    this.cancel('barge-in');
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort(opts.signal?.reason);
    if (opts.signal?.aborted) onOuterAbort();
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const turnId = `t${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    const originMs = input.kind === 'voice' ? input.utterance.releasedAtMs : undefined;
    const turn = createTurnContext({ turnId, signal: controller.signal, clock: () => this.deps.now(), ...(originMs !== undefined ? { originMs } : {}) });
    const headline: HeadlineMetrics = { totalMs: 0 };
    const running: Running = { turn, controller, headline };
    this.running = running;
    let text = '';
    let parsed: ParseResult | undefined;
    let replyText = '';
    let outcome: Outcome;
    this.deps.emit({ type: 'turnStarted', turnId, source: input.kind === 'voice' ? 'voice' : (input.source ?? 'text'), at: Date.now() });
    try {
      text = (await this.transcript(input, turn)).text.trim();
      headline.releaseToTranscriptMs = turn.now();
      this.deps.emit({ type: 'transcript', turnId, kind: 'final', text });
      throwIfAborted(turn.signal);
      this.publish('thinking');
      parsed = await this.understand(text, turn);
      const steps = decide(parsed);
      const replies: Reply[] = [];
      // Several commands in one breath ("gear down, flaps full"): each in turn, replies joined.
      for (const step of steps) {
        replies.push(await this.act(step, parsed, text, running));
        throwIfAborted(turn.signal);
      }
      const reply: Reply = replies.length === 1 ? replies[0]! : { sentences: concat(replies.map((r) => r.sentences)), outcome: worstOutcome(replies.map((r) => r.outcome)) };
      outcome = reply.outcome;
      replyText = await this.reply(reply.sentences, turn, headline);
      if (replyText) this.lastReply = replyText;
    } catch (e) {
      if (!turn.signal.aborted) throw e;
      outcome = { status: 'cancelled', reason: errorMessage(turn.signal.reason) };
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      if (this.running === running) {
        this.running = undefined;
        this.publish(this.listeningNow ? 'listening' : 'idle');
      }
    }
    if (turn.signal.aborted && outcome.status !== 'cancelled') outcome = { status: 'cancelled', reason: errorMessage(turn.signal.reason) };
    headline.totalMs = turn.now();
    const metrics: StageMetric[] = turn.metrics.all();
    this.deps.emit({ type: 'turnEnded', turnId, outcome, metrics, headline });
    return { turnId, transcript: text, intent: parsed?.notation ?? null, confidence: parsed?.confidence ?? 0, reply: replyText, outcome, metrics, headline };
  }

  /**
   * Speaks text that is not a turn (a callout) when nothing else is: a warning (`interrupts`)
   * cuts in over a running turn's reply. A press during it barges in like on any reply.
   */
  async announce(text: string, opts: { interrupts: boolean }): Promise<void> {
    const speech = this.deps.speech?.();
    if (!speech || (this.running && !opts.interrupts)) return;
    this.announcing += 1;
    this.publish('speaking');
    try {
      await speech.speak(fromArray([text]), createTurnContext({ clock: () => this.deps.now() }));
    } finally {
      this.announcing -= 1;
      if (!this.running && this.announcing === 0) this.publish(this.listeningNow ? 'listening' : 'idle');
    }
  }

  /** VAD and STT stages for speech; typed text is its own transcript. */
  private async transcript(input: TurnInput, turn: TurnContext): Promise<Recognition> {
    if (input.kind === 'text') return { text: input.text, confidence: 1 };
    const speech = this.deps.speech?.();
    if (!speech) throw new Error('speech is off in this engine');
    this.publish('transcribing');
    return recognise(input.utterance, speech, turn);
  }

  /** The understand stage: words to typed intents, in the aircraft's terms. */
  private async understand(text: string, turn: TurnContext): Promise<ParseResult> {
    const { profile } = this.deps.sim();
    const checklistActive = this.deps.checklist?.()?.active() ?? false;
    const parsed = await timeStage(turn, 'intent', async () => parseUtterance(text, { profile, checklistActive }));
    this.deps.emit({ type: 'intent', turnId: turn.turnId, notation: parsed.notation, confidence: parsed.confidence, matched: parsed.matched });
    return parsed;
  }

  /** The act stage for one decided step. */
  private async act(step: Step, parsed: ParseResult, text: string, running: Running): Promise<Reply> {
    const { turn, headline } = running;
    const sim = this.deps.sim();
    const said = (s: string, outcome: Outcome): Reply => ({ sentences: fromArray(s ? [s] : []), outcome });
    switch (step.kind) {
      case 'write': {
        const r = await applyIntent(step.intent, turn, sim, this.actPort());
        if (r.ok) markApplied(headline, turn);
        return said(r.reply, r.outcome);
      }
      case 'answer':
        return said(answer(step.intent, sim), { status: 'answered' });
      case 'refuse':
        this.deps.emit({ type: 'actionRefused', turnId: turn.turnId, notation: toNotation(step.intent), reason: step.intent.reason });
        return said(step.intent.spoken, { status: 'refused', reason: step.intent.reason });
      case 'control':
        return this.control(step.intent, sim);
      case 'ask':
        return this.askCopilot(text, turn, sim);
      case 'unknown':
        return said(`Say again? I did not understand "${text}".`, { status: 'not-understood' });
    }
  }

  private async control(intent: Step['intent'], sim: { adapter: SimAdapter }): Promise<Reply> {
    const said = (s: string, outcome: Outcome): Reply => ({ sentences: fromArray(s ? [s] : []), outcome });
    const checklist = this.deps.checklist?.();
    switch (intent.kind) {
      case 'repeat':
        return said(this.lastReply || 'Nothing to repeat yet.', { status: 'control' });
      case 'cancel':
        this.deps.speech?.()?.stopSpeaking();
        return said('', { status: 'control', reason: 'cancelled by the pilot' });
      case 'callouts':
        await this.deps.setCallouts(intent.on);
        return said(intent.on ? 'Callouts on.' : 'Callouts muted.', { status: 'control' });
      case 'checklistStart':
        if (!checklist) return said('Checklists are not available.', { status: 'refused', reason: 'no checklists loaded' });
        return said(checklist.start(intent.name, sim.adapter.state()), { status: 'control' });
      case 'checklist':
        if (!checklist?.active()) return said('No checklist is running.', { status: 'refused', reason: 'no checklist running' });
        return said(checklist.handle(intent, sim.adapter.state()), { status: 'control' });
      default:
        return said('', { status: 'control' });
    }
  }

  private actPort(): { emit(e: TurnEvent): void; acting(): void } {
    return { emit: (e) => this.deps.emit(e), acting: () => this.publish('acting') };
  }

  private askCopilot(text: string, turn: TurnContext, sim: { adapter: SimAdapter; profile: AircraftProfile }): Reply {
    const unavailable = this.deps.llmUnavailable();
    if (!this.deps.ask || unavailable) {
      const why = unavailable ?? 'no language model is configured';
      return { sentences: fromArray([`I can fly commands, but questions need a language model: ${why}.`]), outcome: { status: 'not-understood', reason: `not a known command; ${why}` } };
    }
    const t0 = turn.now();
    let requestTtfbMs: number | undefined;
    const sentences = this.deps.ask(text, {
      onMetric: (m) => {
        requestTtfbMs = m.ttfbMs;
      },
      state: sim.adapter.state(),
      profile: sim.profile,
      signal: turn.signal,
      executeIntent: async (intent) => {
        const r = await applyIntent(intent, turn, sim, this.actPort());
        return { ok: r.ok, reply: r.reply };
      },
    });
    async function* timed(): AsyncIterable<string> {
      let first: number | undefined;
      try {
        for await (const s of sentences) {
          first ??= turn.now() - t0;
          yield s;
        }
      } finally {
        const ttfbMs = requestTtfbMs ?? first;
        turn.metrics.record({ stage: 'llm', turnId: turn.turnId, startedAt: t0, durationMs: turn.now() - t0, ...(ttfbMs !== undefined ? { ttfbMs } : {}), cancelled: turn.signal.aborted });
      }
    }
    return { sentences: timed(), outcome: { status: 'llm' } };
  }

  /** The reply stage: reply events sentence by sentence, spoken when a voice is available. */
  private async reply(sentences: AsyncIterable<string>, turn: TurnContext, headline: HeadlineMetrics): Promise<string> {
    const said: string[] = [];
    const emit = (e: TurnEvent): void => this.deps.emit(e);
    async function* tap(): AsyncIterable<string> {
      for await (const s of sentences) {
        if (turn.signal.aborted) return;
        said.push(s);
        emit({ type: 'reply', turnId: turn.turnId, text: said.join(' '), final: false });
        yield s;
      }
    }
    const speech = this.deps.speech?.();
    if (speech) {
      this.publish('speaking');
      const { firstAudioAtMs } = await speech.speak(tap(), turn);
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

  private publish(stage: PipelineStage): void {
    if (stage === this.stageNow) return;
    this.stageNow = stage;
    this.deps.stage(stage);
  }
}

function errorMessage(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'cancelled';
}
