import { Ollama, type Message, type Tool } from 'ollama';
import type { EngineStatus } from '../../base/common/status.js';
import { parseLlmUrl, type LlmUrlResult } from '../../config/common/llmUrl.js';
import { redactSecrets } from '../../config/common/redact.js';
import { idleTimeout } from '../common/idleTimeout.js';
import { LlmError, type ChatChunk, type ChatMessage, type ChatRequest, type LlmClient, type ToolDefinition } from '../common/llmTypes.js';

export interface OllamaClientOptions {
  /** e.g. http://127.0.0.1:11434 */
  host: string;
  model: string;
  /** How long Ollama keeps the model loaded after a request ("30m"). */
  keepAlive: string;
  /** Longest silence (connect, first token, or mid-stream) before giving up, s. */
  timeoutS: number;
}

/** Health checks are quick GETs; a server that does not answer them in time is not usable. */
const STATUS_TIMEOUT_MS = 3000;
/** Loading a model from disk can take a while on first use. */
const WARMUP_TIMEOUT_MS = 120_000;

/** The official `ollama` client with a fetch that honours our abort/timeout signal per request. */
export class OllamaClient implements LlmClient {
  readonly provider = 'ollama' as const;
  readonly model: string;
  private callSeq = 0;
  /** The endpoint as the settings schema checks it (the same function): a bad one is an error status, never a throw. */
  private readonly endpoint: LlmUrlResult;
  /** The host as shown to the pilot (secrets redacted). */
  private readonly shownHost: string;

  constructor(private readonly options: OllamaClientOptions) {
    this.model = options.model;
    this.endpoint = parseLlmUrl(options.host);
    this.shownHost = redactSecrets(options.host);
  }

  /** Why the endpoint cannot be used, as the status and errors say it. */
  private endpointProblem(): string | undefined {
    return this.endpoint.ok ? undefined : `cannot reach the language model at ${this.shownHost}: the URL ${this.endpoint.reason}`;
  }

  private client(signal: AbortSignal): Ollama {
    if (!this.endpoint.ok) throw new LlmError('connection', this.endpointProblem() ?? 'bad endpoint');
    return new Ollama({
      host: this.endpoint.url,
      fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });
  }

  async *chat(req: ChatRequest): AsyncGenerator<ChatChunk> {
    const idle = idleTimeout(req.signal, this.options.timeoutS * 1000);
    let stream: { abort(): void } | undefined;
    let completed = false;
    try {
      const parts = await Promise.resolve()
        .then(() =>
          this.client(idle.signal).chat({
            model: this.model,
            messages: req.messages.map(toOllamaMessage),
            tools: req.tools.map(toOllamaTool),
            stream: true,
            keep_alive: this.options.keepAlive,
          }),
        )
        .catch((err: unknown) => {
          throw this.classify(err, req.signal, idle.timedOut);
        });
      stream = parts;
      try {
        for await (const part of parts) {
          idle.touch();
          const msg = part.message as Message | undefined;
          if (msg?.content) yield { type: 'text', text: msg.content };
          for (const tc of msg?.tool_calls ?? []) {
            const id = (tc as { id?: unknown }).id;
            yield {
              type: 'toolCall',
              call: { id: typeof id === 'string' ? id : `call_${++this.callSeq}`, name: tc.function.name, arguments: toArgs(tc.function.arguments) },
            };
          }
        }
        completed = true;
      } catch (err) {
        throw this.classify(err, req.signal, idle.timedOut);
      }
    } finally {
      // Error, abort, or the caller stopped reading: close the HTTP stream.
      if (!completed) stream?.abort();
      idle.dispose();
    }
  }

  async status(signal: AbortSignal = new AbortController().signal): Promise<EngineStatus> {
    const problem = this.endpointProblem();
    if (problem) return { state: 'error', detail: problem };
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(STATUS_TIMEOUT_MS)]);
    const client = this.client(timeout);
    let version: string;
    try {
      version = (await client.version()).version;
    } catch {
      return { state: 'missing', detail: `Ollama not running at ${this.shownHost}` };
    }
    try {
      const { models } = await client.list();
      const names = new Set(models.flatMap((m) => [m.name, m.model]));
      const wanted = this.model.includes(':') ? [this.model] : [this.model, `${this.model}:latest`];
      if (!wanted.some((w) => names.has(w))) return { state: 'missing', detail: `model ${this.model} not pulled: run \`ollama pull ${this.model}\`` };
    } catch (err) {
      return { state: 'error', detail: redactSecrets(`Ollama ${version} at ${this.shownHost}: cannot list models (${errorText(err)})`) };
    }
    return { state: 'ready', detail: `Ollama ${version}, ${this.model}` };
  }

  /** An empty chat makes Ollama load the model and keep it for keep_alive. */
  async warmUp(signal: AbortSignal = new AbortController().signal): Promise<void> {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(WARMUP_TIMEOUT_MS)]);
    try {
      await this.client(timeout).chat({ model: this.model, messages: [], stream: false, keep_alive: this.options.keepAlive });
    } catch (err) {
      throw this.classify(err, signal, false);
    }
  }

  private classify(err: unknown, userSignal: AbortSignal, timedOut: boolean): LlmError {
    if (err instanceof LlmError) return err;
    if (userSignal.aborted) return new LlmError('aborted', 'aborted');
    if (timedOut) return new LlmError('timeout', `no answer from Ollama within ${this.options.timeoutS} s`);
    const e = err as { name?: string; status_code?: number; message?: string; cause?: { code?: string } };
    if (e.name === 'ResponseError' && typeof e.status_code === 'number') {
      if (e.status_code === 404 && /not found/i.test(e.message ?? '')) {
        return new LlmError('http', `model ${this.model} not pulled: run \`ollama pull ${this.model}\``, 404);
      }
      return new LlmError('http', `Ollama error ${e.status_code}: ${e.message ?? ''}`.trim(), e.status_code);
    }
    if (e.name === 'TypeError' && e.message === 'fetch failed') return new LlmError('connection', `Ollama not running at ${this.shownHost} (${e.cause?.code ?? 'connection failed'})`);
    if (e.name === 'TypeError' && e.message === 'terminated') return new LlmError('protocol', 'the Ollama stream was cut off');
    return new LlmError('protocol', redactSecrets(`Ollama: ${errorText(err)}`));
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toArgs(raw: unknown): Record<string, unknown> | { unparsed: string } {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    return { unparsed: raw };
  }
  return { unparsed: JSON.stringify(raw) ?? '' };
}

function toOllamaTool(t: ToolDefinition): Tool {
  return { type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } };
}

function toOllamaMessage(m: ChatMessage): Message {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content,
        ...(m.toolCalls?.length
          ? { tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: 'unparsed' in c.arguments ? {} : c.arguments } })) }
          : {}),
      };
    case 'tool':
      return { role: 'tool', content: m.content, tool_name: m.toolName };
  }
}
