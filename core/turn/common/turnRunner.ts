import type { CommandResult, Outcome, PipelineStage, TurnEvent } from './turnResults.js';
import type { HeadlineMetrics, StageMetric } from '../../base/common/metrics.js';
import { createTurnContext, throwIfAborted, timeStage, type TurnContext } from '../../base/common/turnContext.js';
import type { AskContext, ChecklistPort } from '../../copilot/common/copilotPort.js';
import { toNotation } from '../../intent/common/notation.js';
import type { CompiledGrammar } from '../../intent/common/grammar.js';
import { parseUtterance, type ParseResult } from '../../intent/common/parser.js';
import type { SimAdapter } from '../../sim/common/adapter.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { answer, applyIntent, concat, decide, fromArray, markApplied, recognise, worstOutcome, type RecognitionPort, type Step } from './stages.js';
import { simWriteKinds, type Intent } from '../../intent/common/intents.js';
import { cloneSimState } from '../../sim/common/simState.js';
import type { Recognition } from '../../speech/common/sttEngine.js';
import { SPEECH_OUTPUT_FAILED } from '../../speech/common/ttsErrors.js';
import { realScheduler, type Scheduler } from './confirmation.js';
import { Safeguards } from './safeguards.js';
import type { HistoryEntry, HistoryUndoResult } from './historyEntry.js';
import { TurnHistory } from './turnHistory.js';
import { intentsOf, thresholdsFor, weigh, type Verdict } from './trust.js';
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
  /** The pilot's strictness (speech.strictness, 0 relaxed .. 1 strict), read at every turn. */
  strictness(): number;
  /**
   * After each attempt to speak (a reply or a callout): the failure (for the log only: a
   * synthesiser's error can quote what it read), or undefined when it was spoken. Speaking never
   * fails a turn: the reply stays text and the result says it was not spoken.
   */
  speechOutcome?(failure: unknown): void;
  /** Monotonic ms for stage metrics. */
  now(): number;
  /** Wall clock and timers for the confirmation and undo windows (epoch ms); default the real ones. */
  scheduler?: Scheduler;
  /** A transcript history entry was added or changed (for live UIs). */
  historyChanged?(entry: HistoryEntry): void;
  /** The grammar to understand with (built-in plus the pilot's own commands), read at every turn; default the built-in one. */
  grammar?(): CompiledGrammar;
}

interface Reply {
  sentences: AsyncIterable<string>;
  outcome: Outcome;
}

interface Running {
  turn: TurnContext;
  controller: AbortController;
  headline: HeadlineMetrics;
  /** What the turn leaves the question waiting for "affirm": `ask` a new one, `again` give the same one a fresh window. */
  question?: 'ask' | 'again';
  /** The turn is an undo: its writes are not themselves undoable. */
  undoing?: boolean;
  /** The turn undoes this history entry (an undo from the list), not the last command. */
  undoOf?: string;
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
  /** The command waiting for "affirm" and the last one "undo" takes back. */
  readonly safeguards: Safeguards;
  /** Every turn: heard, done, undone (the history panel). */
  readonly history: TurnHistory;
  private readonly deps: TurnDeps;

  constructor(deps: TurnDeps) {
    const scheduler = deps.scheduler ?? realScheduler;
    this.history = new TurnHistory((entry) => deps.historyChanged?.(entry), () => scheduler.now());
    // Every turn event reaches the history before the UIs, so an entry is complete when they hear of it.
    this.deps = {
      ...deps,
      emit: (e) => {
        this.history.onEvent(e);
        deps.emit(e);
      },
    };
    this.safeguards = new Safeguards(scheduler, (e) => this.deps.emit(e), (turnId, writes, readback) =>
      this.history.committed(turnId, writes, this.deps.sim().adapter.state(), readback),
    );
  }

  /**
   * Undo of one history entry, as a turn of its own through the undo path: refused with the reason
   * (nothing written) while a turn runs, or when a later command or the pilot changed the same
   * control since (TurnHistory.undoProblem), so an old undo never overwrites a newer setting.
   */
  async undoFromHistory(turnId: string): Promise<HistoryUndoResult> {
    if (this.running) return { status: 'refused', reason: 'a command is still running; undo when it has finished' };
    const why = this.history.undoProblem(turnId, this.deps.sim().adapter.state());
    if (why) return { status: 'refused', reason: why };
    const r = await this.run({ kind: 'text', text: 'undo', undoOf: turnId });
    const undone = this.history.get(turnId)?.undo.undoneBy === r.turnId;
    return undone ? { status: 'undone', turnId: r.turnId, reply: r.reply } : { status: 'refused', reason: r.outcome.reason ?? r.reply, turnId: r.turnId, reply: r.reply };
  }

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
    this.safeguards.setListening(on);
    if (!this.running && this.announcing === 0) this.publish(on ? 'listening' : 'idle');
  }

  /** Ends the runner: the running turn, a question waiting for "affirm" and its timers. */
  dispose(): void {
    this.cancel('shutting down');
    this.safeguards.dispose();
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
    const running: Running = { turn, controller, headline, ...(input.kind === 'text' && input.undoOf ? { undoOf: input.undoOf } : {}) };
    this.running = running;
    this.safeguards.setTurnRunning(true);
    let text = '';
    let parsed: ParseResult | undefined;
    let replyText = '';
    let notSpoken = false;
    let outcome: Outcome;
    this.deps.emit({ type: 'turnStarted', turnId, source: input.kind === 'voice' ? 'voice' : (input.source ?? 'text'), at: Date.now() });
    try {
      const heard = await this.transcript(input, turn);
      text = heard.text.trim();
      headline.releaseToTranscriptMs = turn.now();
      this.deps.emit({ type: 'transcript', turnId, kind: 'final', text });
      throwIfAborted(turn.signal);
      this.publish('thinking');
      const verdict = await this.understand({ ...heard, text, typed: input.kind === 'text' }, turn);
      parsed = verdict.reading.parsed;
      if (verdict.reading.text !== text) {
        // Another hypothesis of the recogniser made sense of it: show what is acted on.
        text = verdict.reading.text;
        this.deps.emit({ type: 'transcript', turnId, kind: 'final', text });
      }
      const reply = await this.decideAndAct(verdict, text, running);
      outcome = reply.outcome;
      const replied = await this.reply(reply.sentences, turn, headline);
      replyText = replied.text;
      notSpoken = replied.notSpoken;
      if (replyText) this.lastReply = replyText;
    } catch (e) {
      if (!turn.signal.aborted) throw e;
      outcome = { status: 'cancelled', reason: errorMessage(turn.signal.reason) };
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      this.endTrust(running);
      if (this.running === running) {
        this.running = undefined;
        this.publish(this.listeningNow ? 'listening' : 'idle');
      }
    }
    if (turn.signal.aborted && outcome.status !== 'cancelled') outcome = { status: 'cancelled', reason: errorMessage(turn.signal.reason) };
    headline.totalMs = turn.now();
    const metrics: StageMetric[] = turn.metrics.all();
    this.deps.emit({ type: 'turnEnded', turnId, outcome, metrics, headline });
    const speech = notSpoken ? { spoken: false as const, warning: SPEECH_OUTPUT_FAILED } : {};
    return { turnId, transcript: text, intent: parsed?.notation ?? null, confidence: parsed?.confidence ?? 0, reply: replyText, outcome, metrics, headline, ...speech };
  }

  /**
   * Speaks text that is not a turn (a callout) when nothing else is: a warning (`interrupts`)
   * cuts in over a running turn's reply. A press during it barges in like on any reply.
   */
  async announce(text: string, opts: { interrupts: boolean }): Promise<'spoken' | 'skipped' | 'failed'> {
    const speech = this.deps.speech?.();
    if (!speech || (this.running && !opts.interrupts)) return 'skipped';
    this.announcing += 1;
    this.publish('speaking');
    try {
      await speech.speak(fromArray([text]), createTurnContext({ clock: () => this.deps.now() }));
      this.deps.speechOutcome?.(undefined);
      return 'spoken';
    } catch (e) {
      // Nothing aborts an announcement but a press, which stops speech without an error.
      this.deps.speechOutcome?.(e);
      return 'failed';
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

  /**
   * The understand stage and the decide stage's judgement: every hypothesis of the recogniser
   * to typed intents in the aircraft's terms, weighed against the live sim state (trust.ts).
   */
  private async understand(heard: Parameters<typeof weigh>[0], turn: TurnContext): Promise<Verdict> {
    const { adapter, profile } = this.deps.sim();
    const checklistActive = this.deps.checklist?.()?.active() ?? false;
    const verdict = await timeStage(turn, 'intent', async () =>
      weigh(heard, {
        parse: (text) => parseUtterance(text, { profile, checklistActive }, this.deps.grammar?.()),
        state: adapter.state(),
        profile,
        thresholds: thresholdsFor(this.deps.strictness()),
      }),
    );
    const parsed = verdict.reading.parsed;
    this.deps.emit({ type: 'intent', turnId: turn.turnId, notation: parsed.notation, confidence: parsed.confidence, matched: parsed.matched });
    return verdict;
  }

  /**
   * The decide stage: say again, ask back, or act. A command the pilot did not answer a question
   * with replaces the question ("superseded"); "affirm", "negative" and "say again" answer it.
   */
  private async decideAndAct(verdict: Verdict, text: string, running: Running): Promise<Reply> {
    const { turn } = running;
    const said = (s: string, outcome: Outcome): Reply => ({ sentences: fromArray([s]), outcome });
    if (verdict.action === 'reject') {
      if (this.safeguards.pending.pending) running.question = 'again';
      return said('Say again.', { status: 'not-understood', reason: verdict.why });
    }
    const parsed = verdict.reading.parsed;
    if (verdict.action === 'confirm') {
      running.question = 'ask';
      const question = this.safeguards.ask(turn.turnId, intentsOf(parsed), this.deps.sim().profile);
      return said(question, { status: 'confirming', reason: verdict.why });
    }
    const steps = decide(parsed);
    if (!steps.every((s) => answersQuestion(s.intent))) this.safeguards.resolve('superseded');
    const replies: Reply[] = [];
    // Several commands in one breath ("gear down, flaps full"): each in turn, replies joined.
    for (const step of steps) {
      replies.push(await this.act(step, parsed, text, running));
      throwIfAborted(turn.signal);
    }
    this.commitWrites(running);
    return replies.length === 1 ? replies[0]! : { sentences: concat(replies.map((r) => r.sentences)), outcome: worstOutcome(replies.map((r) => r.outcome)) };
  }

  /** One sim write, remembered (with the state it changes) so "undo" can take it back. */
  private async write(intent: Intent, running: Running, opts: { headline: boolean } = { headline: true }): Promise<{ ok: boolean; reply: string; outcome: Outcome }> {
    const sim = this.deps.sim();
    this.safeguards.collect(intent, cloneSimState(sim.adapter.state()), sim.profile);
    const r = await applyIntent(intent, running.turn, sim, this.actPort());
    if (!r.ok) this.safeguards.discardLast();
    else if (opts.headline) markApplied(running.headline, running.turn);
    return r;
  }

  /** The turn's applied writes become what "undo" takes back (an undo's own writes do not). */
  private commitWrites(running: Running): void {
    if (running.undoing) this.safeguards.forget();
    else this.safeguards.commit(running.turn.turnId, this.deps.sim().profile);
  }

  /** At the end of every turn: writes applied so far are undoable; a question asked (or asked again) opens its window. */
  private endTrust(running: Running): void {
    this.commitWrites(running);
    const pending = this.safeguards.pending;
    if (pending.pending && (running.question !== undefined || pending.pending.expiresAt === undefined)) pending.arm();
    if (this.running === running) this.safeguards.setTurnRunning(false);
  }

  /** Several sim writes (a query said with them is answered), replies joined ("gear down, flaps full"). */
  private async writeAll(intents: Intent[], running: Running): Promise<Reply> {
    const replies: string[] = [];
    const outcomes: Outcome[] = [];
    for (const intent of intents) {
      if (intent.kind === 'query') {
        replies.push(answer(intent, this.deps.sim()));
        continue;
      }
      if (!simWriteKinds.has(intent.kind)) continue;
      const r = await this.write(intent, running);
      replies.push(r.reply);
      outcomes.push(r.outcome);
      throwIfAborted(running.turn.signal);
    }
    if (outcomes.length === 0) outcomes.push({ status: 'answered' });
    return { sentences: fromArray([replies.filter(Boolean).join(', ')]), outcome: worstOutcome(outcomes) };
  }

  /** "affirm" (or a checklist's "check" while a question waits): the held command flies now. */
  private async affirm(running: Running): Promise<Reply> {
    const p = this.safeguards.resolve('affirmed');
    if (!p) return { sentences: fromArray(['Nothing to confirm.']), outcome: { status: 'control', reason: 'nothing to confirm' } };
    const r = await this.writeAll(p.intents, running);
    this.commitWrites(running);
    return r;
  }

  /** "undo" (or "negative" with no question waiting): the last command's writes are put back. */
  private async takeBack(running: Running): Promise<Reply> {
    // From the list: checked again at the moment of writing; the voice undo must not take it back a second time.
    const entry = running.undoOf ? this.history.undoEntry(running.undoOf, this.deps.sim().adapter.state()) : this.safeguards.takeUndo();
    if (running.undoOf && this.safeguards.undo.peek()?.turnId === running.undoOf) this.safeguards.undo.clear();
    if (typeof entry === 'string') return { sentences: fromArray([`Not undone: ${entry}.`]), outcome: { status: 'refused', reason: entry } };
    if (!entry) return { sentences: fromArray(['Nothing to undo.']), outcome: { status: 'control', reason: 'nothing to undo' } };
    running.undoing = true;
    const r = await this.writeAll(entry.inverse, running);
    this.safeguards.forget();
    if (r.outcome.status === 'applied') {
      this.safeguards.undone(entry);
      this.history.markUndone(entry.turnId, running.turn.turnId);
    }
    return r;
  }


  /** The act stage for one decided step. */
  private async act(step: Step, parsed: ParseResult, text: string, running: Running): Promise<Reply> {
    const { turn } = running;
    const sim = this.deps.sim();
    const said = (s: string, outcome: Outcome): Reply => ({ sentences: fromArray(s ? [s] : []), outcome });
    switch (step.kind) {
      case 'write': {
        const r = await this.write(step.intent, running);
        return said(r.reply, r.outcome);
      }
      case 'answer':
        return said(answer(step.intent, sim), { status: 'answered' });
      case 'refuse':
        this.deps.emit({ type: 'actionRefused', turnId: turn.turnId, notation: toNotation(step.intent), reason: step.intent.reason });
        return said(step.intent.spoken, { status: 'refused', reason: step.intent.reason });
      case 'control':
        return this.control(step.intent, sim, running);
      case 'ask':
        return this.askCopilot(text, running, sim);
      case 'unknown':
        return said(`Say again? I did not understand "${text}".`, { status: 'not-understood' });
    }
  }

  private async control(intent: Step['intent'], sim: { adapter: SimAdapter }, running: Running): Promise<Reply> {
    const said = (s: string, outcome: Outcome): Reply => ({ sentences: fromArray(s ? [s] : []), outcome });
    const checklist = this.deps.checklist?.();
    const asked = this.safeguards.pending.pending;
    switch (intent.kind) {
      case 'affirm':
        return this.affirm(running);
      case 'negative':
        if (!asked) return this.takeBack(running);
        this.safeguards.resolve('negated');
        return said('Disregarded.', { status: 'control', reason: 'negative' });
      case 'undo':
        return this.takeBack(running);
      case 'repeat':
        if (asked) running.question = 'again';
        return said(this.lastReply || 'Nothing to repeat yet.', { status: 'control' });
      case 'cancel':
        this.deps.speech?.()?.stopSpeaking();
        if (asked) this.safeguards.resolve('negated');
        return said('', { status: 'control', reason: 'cancelled by the pilot' });
      case 'callouts':
        await this.deps.setCallouts(intent.on);
        return said(intent.on ? 'Callouts on.' : 'Callouts muted.', { status: 'control' });
      case 'checklistStart':
        if (!checklist) return said('Checklists are not available.', { status: 'refused', reason: 'no checklists loaded' });
        return said(checklist.start(intent.name, sim.adapter.state()), { status: 'control' });
      case 'checklist':
        // "Check", "yes" while a question waits answer the question, not the checklist item.
        if (intent.action === 'confirm' && asked) return this.affirm(running);
        if (!checklist?.active()) return said('No checklist is running.', { status: 'refused', reason: 'no checklist running' });
        return said(checklist.handle(intent, sim.adapter.state()), { status: 'control' });
      default:
        return said('', { status: 'control' });
    }
  }

  private actPort(): { emit(e: TurnEvent): void; acting(): void } {
    return { emit: (e) => this.deps.emit(e), acting: () => this.publish('acting') };
  }

  private askCopilot(text: string, running: Running, sim: { adapter: SimAdapter; profile: AircraftProfile }): Reply {
    const { turn } = running;
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
        const r = await this.write(intent, running, { headline: false });
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

  /**
   * The reply stage: reply events sentence by sentence, spoken when a voice is available. A voice
   * that fails does not fail the turn: the rest of the reply is shown as text, `notSpoken` says so.
   */
  private async reply(sentences: AsyncIterable<string>, turn: TurnContext, headline: HeadlineMetrics): Promise<{ text: string; notSpoken: boolean }> {
    const said: string[] = [];
    const emit = (e: TurnEvent): void => this.deps.emit(e);
    const source = sentences[Symbol.asyncIterator]();
    // An error of the reply's own source (the language model) is the turn's, not the voice's.
    let sourceFailed = false;
    // An aborted turn ends the source too (the language model's stream closes and records its metric).
    const stop = async (): Promise<undefined> => {
      await source.return?.()?.catch(() => undefined);
      return undefined;
    };
    const next = async (): Promise<string | undefined> => {
      if (turn.signal.aborted) return stop();
      let r: IteratorResult<string>;
      try {
        r = await source.next();
      } catch (e) {
        sourceFailed = true;
        throw e;
      }
      if (r.done) return undefined;
      if (turn.signal.aborted) return stop();
      said.push(r.value);
      emit({ type: 'reply', turnId: turn.turnId, text: said.join(' '), final: false });
      return r.value;
    };
    async function* tap(): AsyncIterable<string> {
      for (let s = await next(); s !== undefined; s = await next()) yield s;
    }
    const speech = this.deps.speech?.();
    let notSpoken = false;
    if (speech) {
      this.publish('speaking');
      try {
        const { firstAudioAtMs } = await speech.speak(tap(), turn);
        if (firstAudioAtMs !== undefined) headline.releaseToFirstAudioMs = firstAudioAtMs;
        if (!turn.signal.aborted) this.deps.speechOutcome?.(undefined);
      } catch (e) {
        if (turn.signal.aborted || sourceFailed) throw e;
        notSpoken = true;
        this.deps.speechOutcome?.(e);
      }
    }
    // Without a voice, or after it failed: the rest of the reply as text (the events carry it).
    while ((await next()) !== undefined) {
      /* drained */
    }
    const text = said.join(' ');
    emit({ type: 'reply', turnId: turn.turnId, text, final: true });
    return { text, notSpoken };
  }

  private publish(stage: PipelineStage): void {
    if (stage === this.stageNow) return;
    this.stageNow = stage;
    this.deps.stage(stage);
  }
}

/** Intents that answer a waiting question (or ask to hear it again) instead of replacing it. */
function answersQuestion(intent: Intent): boolean {
  return intent.kind === 'affirm' || intent.kind === 'negative' || intent.kind === 'repeat' || intent.kind === 'cancel' || (intent.kind === 'checklist' && intent.action === 'confirm');
}

function errorMessage(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'cancelled';
}
