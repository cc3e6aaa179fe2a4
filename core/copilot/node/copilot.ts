import type { EngineStatus } from '../../base/common/status.js';
import type { Config } from '../../config/common/configSchema.js';
import { AnswerCache, cacheKey, isCacheableQuestion } from '../common/answerCache.js';
import { runTurn, type AskContext, type TurnResult } from '../common/copilotTurn.js';
import type { ChatMessage, LlmClient, SecretStore } from '../common/llmTypes.js';
import { OllamaClient } from './ollamaClient.js';
import { OpenAiClient } from './openaiClient.js';

export type { AskContext, LlmTurnMetric } from '../common/copilotTurn.js';

export interface CopilotOptions {
  /** Where the OpenAI-compatible API key is kept (Electron safeStorage in the app). */
  secrets?: SecretStore;
  /** A key given directly; takes precedence over `secrets`. */
  apiKey?: string;
  /** Question/answer pairs of history sent with each question. */
  historyTurns?: number;
  cache?: AnswerCache;
}

/** What ask() says when no model is configured: commands and fixed queries still work without one. */
export const NO_MODEL_SENTENCE = 'Questions like that need a language model; set one up in settings. Commands and checklists work without one.';
const DEFAULT_HISTORY_TURNS = 4;

/**
 * The first officer's voice for free-form questions. One question at a time: a new ask() aborts
 * the one in flight (newest wins, as barge-in does everywhere), and aborting the caller's signal
 * aborts the HTTP stream. Replies stream sentence by sentence.
 */
export class Copilot {
  private readonly client: LlmClient | undefined;
  private readonly cache: AnswerCache;
  private readonly historyTurns: number;
  private history: ChatMessage[] = [];
  private inFlight: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly config: Config['llm'],
    options: CopilotOptions = {},
  ) {
    this.cache = options.cache ?? new AnswerCache();
    this.historyTurns = options.historyTurns ?? DEFAULT_HISTORY_TURNS;
    if (config.provider === 'ollama') {
      this.client = new OllamaClient({ host: config.host, model: config.model, keepAlive: config.keepAlive, timeoutS: config.timeoutS });
    } else if (config.provider === 'openai') {
      this.client = new OpenAiClient({
        baseUrl: config.baseUrl,
        model: config.model,
        timeoutS: config.timeoutS,
        ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
        ...(options.secrets ? { secrets: options.secrets } : {}),
      });
    }
  }

  get provider(): Config['llm']['provider'] {
    return this.config.provider;
  }

  /** Streams the spoken reply, sentence by sentence. Never throws: failures are spoken and reported in onMetric. */
  async *ask(question: string, ctx: AskContext): AsyncGenerator<string> {
    if (this.disposed || ctx.signal.aborted) return;
    if (!this.client) {
      yield NO_MODEL_SENTENCE;
      return;
    }
    this.inFlight?.abort(new Error('superseded by a newer question'));
    const controller = new AbortController();
    this.inFlight = controller;
    const signal = AbortSignal.any([ctx.signal, controller.signal]);
    try {
      const cacheable = isCacheableQuestion(question);
      const key = cacheKey(this.client.model, question);
      const hit = cacheable ? this.cache.get(key) : undefined;
      if (hit) {
        ctx.onMetric?.({ durationMs: 0, cancelled: false, cached: true, toolCalls: 0, refusedToolCalls: 0 });
        for (const s of hit) {
          if (signal.aborted) return;
          yield s;
        }
        this.remember(question, hit);
        return;
      }
      const result: TurnResult = { sentences: [], toolCalls: 0, completed: false };
      yield* runTurn(this.client, question, ctx, signal, this.history, result);
      if (result.completed && !signal.aborted) {
        this.remember(question, result.sentences);
        if (cacheable && result.toolCalls === 0 && result.sentences.length) this.cache.set(key, result.sentences);
      }
    } finally {
      // Also when the caller stopped iterating early: make sure the HTTP stream is closed.
      controller.abort(new Error('question finished'));
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }

  async status(signal?: AbortSignal): Promise<EngineStatus> {
    if (!this.client) return { state: 'disabled', detail: 'no language model configured: questions need Ollama or an OpenAI-compatible server' };
    return this.client.status(signal);
  }

  /** Loads the model (Ollama keeps it for keep_alive); returns the resulting status and never throws. */
  async warmUp(signal?: AbortSignal): Promise<EngineStatus> {
    if (!this.client) return this.status();
    const st = await this.client.status(signal);
    if (st.state !== 'ready') return st;
    try {
      await this.client.warmUp(signal);
      return st;
    } catch (err) {
      return { state: 'error', detail: `warm-up failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Forgets the conversation (new flight). */
  clearHistory(): void {
    this.history = [];
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.inFlight?.abort(new Error('copilot disposed'));
    this.inFlight = undefined;
    this.cache.clear();
  }

  private remember(question: string, sentences: string[]): void {
    this.history.push({ role: 'user', content: question }, { role: 'assistant', content: sentences.join(' ') });
    this.history = this.history.slice(-2 * this.historyTurns);
  }
}
