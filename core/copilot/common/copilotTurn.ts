import type { Intent } from '../../intent/common/intents.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import type { ChecklistProgress } from './checklistRunner.js';
import { intentFromToolCall, intentTools } from './intentTools.js';
import { LlmError, type ChatMessage, type LlmClient, type ToolCall } from './llmTypes.js';
import type { Phase } from './phaseDetector.js';
import { withConnectRetry } from './retry.js';
import { SentenceSplitter } from './sentenceSplitter.js';
import { buildSimContext, systemPrompt } from './simContext.js';

/** What the engine hands the copilot for one question. */
export interface AskContext {
  state: SimState;
  profile: AircraftProfile;
  signal: AbortSignal;
  /** Runs an intent exactly as if the pilot had said it (validation, sim write, readback). */
  executeIntent: (intent: Intent) => Promise<{ ok: boolean; reply: string }>;
  phase?: Phase;
  checklist?: ChecklistProgress;
  /** Called once per question with the LLM stage figures. */
  onMetric?: (m: LlmTurnMetric) => void;
}

export interface LlmTurnMetric {
  /** Request sent to first streamed chunk, ms. */
  ttfbMs?: number;
  /** Request sent to the first sentence handed to speech, ms. */
  firstSentenceMs?: number;
  durationMs: number;
  cancelled: boolean;
  cached: boolean;
  toolCalls: number;
  refusedToolCalls: number;
  error?: string;
}

/** Tool rounds per question: ask, act, confirm; the last round gets no tools so the model must talk. */
export const MAX_TOOL_ROUNDS = 3;

export interface TurnResult {
  /** Everything spoken, for the history and the cache. */
  sentences: string[];
  toolCalls: number;
  completed: boolean;
}

/** Spoken when something goes wrong; the detail goes to the metric. */
function spokenError(err: LlmError): string {
  switch (err.kind) {
    case 'connection':
      return "Sorry, I can't reach the language model.";
    case 'timeout':
      return 'Sorry, the language model is not answering.';
    case 'http':
      return err.status === 404 ? 'Sorry, the language model is not installed.' : 'Sorry, the language model returned an error.';
    default:
      return 'Sorry, my answer was cut off.';
  }
}

/**
 * One question: grounded request, streamed sentences, validated tool calls executed through the
 * engine, and a final reply. Yields sentences; `result` is filled in as it goes.
 */
export async function* runTurn(
  client: LlmClient,
  question: string,
  ctx: AskContext,
  signal: AbortSignal,
  history: readonly ChatMessage[],
  result: TurnResult,
  now: () => number = () => performance.now(),
): AsyncGenerator<string> {
  const t0 = now();
  const metric: LlmTurnMetric = { durationMs: 0, cancelled: false, cached: false, toolCalls: 0, refusedToolCalls: 0 };
  const messages: ChatMessage[] = [
    { role: 'system', content: `${systemPrompt}\n\nLive data:\n${buildSimContext(ctx)}` },
    ...history,
    { role: 'user', content: question },
  ];
  const say = (s: string): string => {
    metric.firstSentenceMs ??= now() - t0;
    result.sentences.push(s);
    return s;
  };
  try {
    let lastOutcomes: string[] = [];
    for (let round = 1; round <= MAX_TOOL_ROUNDS; round++) {
      const tools = round < MAX_TOOL_ROUNDS ? intentTools() : [];
      const splitter = new SentenceSplitter();
      const calls: ToolCall[] = [];
      let text = '';
      let spoke = false;
      for await (const chunk of withConnectRetry(() => client.chat({ messages, tools, signal }), signal)) {
        metric.ttfbMs ??= now() - t0;
        if (chunk.type === 'toolCall') {
          calls.push(chunk.call);
          continue;
        }
        text += chunk.text;
        for (const s of splitter.push(chunk.text)) {
          if (signal.aborted) return;
          spoke = true;
          yield say(s);
        }
      }
      for (const s of splitter.flush()) {
        if (signal.aborted) return;
        spoke = true;
        yield say(s);
      }
      // No (allowed) tool calls: the answer is complete. If the model said nothing after acting,
      // the executed actions' own readbacks are the reply.
      if (calls.length === 0 || tools.length === 0) {
        if (!spoke) for (const o of lastOutcomes) yield say(o);
        result.completed = true;
        return;
      }
      messages.push({ role: 'assistant', content: text, toolCalls: calls });
      lastOutcomes = [];
      for (const call of calls) {
        metric.toolCalls++;
        result.toolCalls++;
        const decision = intentFromToolCall(call);
        let content: string;
        if (!decision.ok) {
          metric.refusedToolCalls++;
          content = `refused: ${decision.reason}`;
          lastOutcomes.push(`I can't do that: ${decision.reason}.`);
        } else {
          const r = await ctx.executeIntent(decision.intent);
          if (signal.aborted) return;
          if (!r.ok) metric.refusedToolCalls++;
          content = `${r.ok ? 'done' : 'refused'}: ${r.reply}`;
          lastOutcomes.push(r.reply);
        }
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content });
      }
    }
  } catch (err) {
    const e = err instanceof LlmError ? err : new LlmError('protocol', err instanceof Error ? err.message : String(err));
    if (e.kind === 'aborted' || signal.aborted) return;
    metric.error = e.message;
    yield say(spokenError(e));
  } finally {
    metric.durationMs = now() - t0;
    metric.cancelled = signal.aborted;
    ctx.onMetric?.(metric);
  }
}
