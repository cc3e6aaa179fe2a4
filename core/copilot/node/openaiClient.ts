import type { EngineStatus } from '../../base/common/status.js';
import { parseLlmUrl, type LlmUrlResult } from '../../config/common/llmUrl.js';
import { redactSecrets } from '../../config/common/redact.js';
import { idleTimeout } from '../common/idleTimeout.js';
import { LlmError, OPENAI_KEY_SECRET, type ChatChunk, type ChatMessage, type ChatRequest, type LlmClient, type SecretStore, type ToolCall } from '../common/llmTypes.js';
import { SseParser } from '../common/sse.js';

export interface OpenAiClientOptions {
  /** e.g. http://127.0.0.1:1234/v1 (LM Studio), https://api.openai.com/v1 */
  baseUrl: string;
  model: string;
  /** Longest silence (connect, first token, or mid-stream) before giving up, s. */
  timeoutS: number;
  /** A key given directly (CLI, tests); otherwise read from `secrets` at request time. */
  apiKey?: string;
  secrets?: SecretStore;
}

/** Health checks are quick GETs. */
const STATUS_TIMEOUT_MS = 3000;

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

/** OpenAI-compatible /v1/chat/completions with SSE streaming and tool calls, over fetch. */
export class OpenAiClient implements LlmClient {
  readonly provider = 'openai' as const;
  readonly model: string;
  /** Stream events that were not valid JSON, counted and skipped. */
  malformedEvents = 0;
  /** The base URL as shown to the pilot (secrets redacted). */
  private readonly baseUrl: string;
  /** The endpoint as the settings schema checks it (the same function): a bad one is an error status, never a throw. */
  private readonly endpoint: LlmUrlResult;
  /** The key last used, so that no text leaving the client can carry it. */
  private knownKey: string | undefined;

  constructor(private readonly options: OpenAiClientOptions) {
    this.model = options.model;
    this.endpoint = parseLlmUrl(options.baseUrl);
    this.baseUrl = redactSecrets(options.baseUrl.replace(/\/+$/, ''));
  }

  /** A request URL under the base URL; throws LlmError (as chat does) when the base URL cannot be used. */
  private url(path: string): string {
    if (!this.endpoint.ok) throw new LlmError('connection', `cannot reach the language model at ${this.baseUrl}: the URL ${this.endpoint.reason}`);
    return `${this.endpoint.url}${path}`;
  }

  private redact(text: string): string {
    return redactSecrets(text, this.knownKey ? [this.knownKey] : []);
  }

  private async headers(): Promise<Record<string, string>> {
    const key = this.options.apiKey ?? (await this.options.secrets?.get(OPENAI_KEY_SECRET));
    this.knownKey = key;
    return { 'content-type': 'application/json', accept: 'text/event-stream', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk> {
    const idle = idleTimeout(req.signal, this.options.timeoutS * 1000);
    const fail = (err: unknown): LlmError => this.classify(err, req.signal, idle.timedOut);
    const local = new AbortController();
    let completed = false;
    try {
      const body = {
        model: this.model,
        stream: true,
        messages: req.messages.map(toOpenAiMessage),
        ...(req.tools.length ? { tools: req.tools.map((t) => ({ type: 'function', function: t })) } : {}),
      };
      let res: Response;
      try {
        res = await fetch(this.url('/chat/completions'), { method: 'POST', headers: await this.headers(), body: JSON.stringify(body), signal: AbortSignal.any([idle.signal, local.signal]) });
      } catch (err) {
        throw fail(err);
      }
      if (!res.ok || !res.body) throw new LlmError('http', this.redact(await httpErrorText(res)), res.status);
      const parser = new SseParser();
      const calls = new Map<number, PendingCall>();
      const decoder = new TextDecoder();
      let finished = false;
      try {
        for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
          idle.touch();
          for (const data of parser.push(decoder.decode(bytes, { stream: true }))) {
            if (data === '[DONE]') {
              finished = true;
              continue;
            }
            const delta = this.parseEvent(data);
            if (!delta) continue;
            if (delta.content) yield { type: 'text', text: delta.content };
            for (const tc of delta.toolCalls) {
              const pending = calls.get(tc.index) ?? { id: tc.id ?? `call_${tc.index}`, name: '', args: '' };
              if (tc.id) pending.id = tc.id;
              pending.name += tc.name ?? '';
              pending.args += tc.arguments ?? '';
              calls.set(tc.index, pending);
            }
            if (delta.finishReason) finished = true;
          }
        }
      } catch (err) {
        throw fail(err);
      }
      if (!finished) throw new LlmError('protocol', 'the model stream was cut off');
      completed = true;
      for (const c of [...calls.entries()].sort(([a], [b]) => a - b).map(([, v]) => v)) yield { type: 'toolCall', call: toToolCall(c) };
    } finally {
      // Error, abort, or the caller stopped reading: close the HTTP stream.
      if (!completed) local.abort();
      idle.dispose();
    }
  }

  private parseEvent(data: string): { content?: string; finishReason?: string; toolCalls: { index: number; id?: string; name?: string; arguments?: string }[] } | undefined {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.malformedEvents++;
      return undefined;
    }
    const choice = (json as { choices?: unknown[] }).choices?.[0] as
      | { delta?: { content?: unknown; tool_calls?: unknown[] }; finish_reason?: unknown }
      | undefined;
    if (!choice) return { toolCalls: [] };
    const toolCalls = (choice.delta?.tool_calls ?? []).flatMap((raw, i) => {
      const t = raw as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } };
      return [
        {
          index: typeof t.index === 'number' ? t.index : i,
          ...(typeof t.id === 'string' ? { id: t.id } : {}),
          ...(typeof t.function?.name === 'string' ? { name: t.function.name } : {}),
          ...(typeof t.function?.arguments === 'string' ? { arguments: t.function.arguments } : {}),
        },
      ];
    });
    return {
      ...(typeof choice.delta?.content === 'string' ? { content: choice.delta.content } : {}),
      ...(typeof choice.finish_reason === 'string' ? { finishReason: choice.finish_reason } : {}),
      toolCalls,
    };
  }

  async status(signal: AbortSignal = new AbortController().signal): Promise<EngineStatus> {
    if (!this.endpoint.ok) return { state: 'error', detail: `cannot reach the language model at ${this.baseUrl}: the URL ${this.endpoint.reason}` };
    let res: Response;
    try {
      res = await fetch(this.url('/models'), { headers: await this.headers(), signal: AbortSignal.any([signal, AbortSignal.timeout(STATUS_TIMEOUT_MS)]) });
    } catch {
      return { state: 'missing', detail: `no OpenAI-compatible server at ${this.baseUrl}` };
    }
    if (res.status === 401 || res.status === 403) return { state: 'error', detail: `${this.baseUrl} refused the API key (${res.status})` };
    if (!res.ok) return { state: 'error', detail: this.redact(await httpErrorText(res)) };
    try {
      const { data } = (await res.json()) as { data?: { id?: unknown }[] };
      if (Array.isArray(data) && data.length && !data.some((m) => m.id === this.model)) {
        return { state: 'missing', detail: `model ${this.model} not offered by ${this.baseUrl}` };
      }
    } catch {
      // Some servers answer /models with something else; the chat itself will tell.
    }
    return { state: 'ready', detail: `${this.model} at ${this.baseUrl}` };
  }

  /** OpenAI-compatible servers load models on their own; checking they answer is the warm-up. */
  async warmUp(signal?: AbortSignal): Promise<void> {
    const st = await this.status(signal);
    if (st.state !== 'ready') throw new LlmError(st.state === 'missing' ? 'connection' : 'http', st.detail);
  }

  private classify(err: unknown, userSignal: AbortSignal, timedOut: boolean): LlmError {
    if (err instanceof LlmError) return err;
    if (userSignal.aborted) return new LlmError('aborted', 'aborted');
    if (timedOut) return new LlmError('timeout', `no answer from ${this.baseUrl} within ${this.options.timeoutS} s`);
    const e = err as { name?: string; message?: string; cause?: { code?: string } };
    if (e.name === 'TypeError' && e.message === 'fetch failed') return new LlmError('connection', `cannot reach ${this.baseUrl} (${e.cause?.code ?? 'connection failed'})`);
    if (e.name === 'TypeError' && e.message === 'terminated') return new LlmError('protocol', 'the model stream was cut off');
    return new LlmError('protocol', this.redact(`${this.baseUrl}: ${err instanceof Error ? err.message : String(err)}`));
  }
}

async function httpErrorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    const j = JSON.parse(text) as { error?: { message?: unknown } | string };
    const m = typeof j.error === 'string' ? j.error : j.error?.message;
    if (typeof m === 'string') message = m;
  } catch {
    // not JSON: keep the text
  }
  return `model server error ${res.status}${message ? `: ${message}` : ''}`;
}

function toToolCall(c: PendingCall): ToolCall {
  if (c.args.trim() === '') return { id: c.id, name: c.name, arguments: {} };
  try {
    const parsed: unknown = JSON.parse(c.args);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { id: c.id, name: c.name, arguments: parsed as Record<string, unknown> };
  } catch {
    // fall through
  }
  return { id: c.id, name: c.name, arguments: { unparsed: c.args } };
}

function toOpenAiMessage(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      return m.toolCalls?.length
        ? {
            role: 'assistant',
            content: m.content || null,
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: 'unparsed' in c.arguments ? c.arguments.unparsed : JSON.stringify(c.arguments) },
            })),
          }
        : { role: 'assistant', content: m.content };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}
