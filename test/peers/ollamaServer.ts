import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks Ollama's real wire format (as of Ollama 0.12): `/api/chat`
 * streamed as NDJSON (`message.content` deltas, `message.tool_calls` with object arguments, a final
 * `done: true` line with `done_reason` and timings), non-streamed chat (the warm-up), `/api/tags`,
 * `/api/version`, and `{"error": ...}` bodies. Each chat request plays the next scripted answer, so
 * tests can have a slow first token, a 500, a stream cut mid-line, malformed JSON, a tool call, or
 * a stream that never ends until the client aborts. Binds 127.0.0.1 only.
 */
export type ScriptStep =
  /** The peer's own latency (a slow first token, say): the server waits before the next step. */
  | { delayMs: number }
  /** One streamed text delta. */
  | { text: string }
  | { toolCall: { name: string; arguments: Record<string, unknown> } }
  /** Bytes as they are: malformed JSON, half a line. */
  | { raw: string }
  /** Close the connection mid-body (a stream cut mid-line when it follows a `raw` half line). */
  | { cut: true }
  /** Never finish: wait for the client to go away. */
  | { hold: true };

export interface ChatScript {
  /** Answer with this HTTP status and `{"error": error}` instead of a stream. */
  status?: number;
  error?: string;
  steps?: ScriptStep[];
  /** Put the tool calls in the final `done: true` message, as older Ollama versions stream them. */
  toolCallsInFinal?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: IncomingMessage['headers'];
}

/** Splits a reply into word-sized deltas as a model streams them. */
export function wordSteps(text: string, delayMs = 0): ScriptStep[] {
  const words = text.match(/\S+\s*/g) ?? [];
  return words.flatMap((w, i) => (i > 0 && delayMs > 0 ? [{ delayMs }, { text: w }] : [{ text: w }]));
}

export abstract class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  /** Chat requests whose client went away before the answer finished. */
  abortedRequests = 0;
  private readonly scripts: ChatScript[] = [];
  private readonly server: Server;
  private closeWaiters: (() => void)[] = [];
  private arrivalWaiters: { count: number; resolve: () => void }[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      void this.route(req, res);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Queues answers for the next chat requests, in order. */
  script(...scripts: ChatScript[]): void {
    this.scripts.push(...scripts);
  }

  /** Resolves when the next streamed chat request ends early because the client left. */
  nextAbort(): Promise<void> {
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Resolves once `count` chat requests have arrived. */
  chatRequestsArrived(count: number): Promise<void> {
    if (this.chatRequests().length >= count) return Promise.resolve();
    return new Promise((resolve) => this.arrivalWaiters.push({ count, resolve }));
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => this.isChatPath(r.path));
  }

  async dispose(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers and returns false when the request may not use the chat endpoint. */
  protected checkAuth(_req: IncomingMessage, _res: ServerResponse): boolean {
    return true;
  }

  protected abstract isChatPath(path: string): boolean;
  protected abstract handleOther(req: IncomingMessage, res: ServerResponse, body: unknown): void;
  protected abstract writeError(res: ServerResponse, status: number, message: string): void;
  protected abstract streamHead(res: ServerResponse): void;
  protected abstract encodeStep(step: { text: string } | { toolCall: { name: string; arguments: Record<string, unknown> } }, index: number): string;
  protected abstract encodeEnd(script: ChatScript, toolCalls: { name: string; arguments: Record<string, unknown> }[]): string;
  protected abstract answerNonStreamed(res: ServerResponse, body: Record<string, unknown>): void;

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      this.writeError(res, 400, 'invalid JSON body');
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ method: req.method ?? 'GET', path, body, headers: req.headers });
    const arrived = this.chatRequests().length;
    this.arrivalWaiters = this.arrivalWaiters.filter((w) => (w.count <= arrived ? (w.resolve(), false) : true));
    if (!this.isChatPath(path)) {
      this.handleOther(req, res, body);
      return;
    }
    if (!this.checkAuth(req, res)) return;
    const b = (body ?? {}) as Record<string, unknown>;
    if (b.stream === false) {
      this.answerNonStreamed(res, b);
      return;
    }
    await this.playScript(res, this.scripts.shift() ?? { steps: wordSteps('Roger.') });
  }

  private async playScript(res: ServerResponse, script: ChatScript): Promise<void> {
    if (script.status) {
      this.writeError(res, script.status, script.error ?? 'internal error');
      return;
    }
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        this.abortedRequests++;
        const waiters = this.closeWaiters;
        this.closeWaiters = [];
        for (const w of waiters) w();
      }
    });
    this.streamHead(res);
    const toolCalls: { name: string; arguments: Record<string, unknown> }[] = [];
    let index = 0;
    for (const step of script.steps ?? []) {
      if (gone) return;
      if ('delayMs' in step) await new Promise((r) => setTimeout(r, step.delayMs));
      else if ('hold' in step) return; // the close handler counts the abort
      else if ('cut' in step) {
        res.socket?.end(); // close the connection once what was written is flushed: the HTTP body ends mid-stream
        return;
      } else if ('raw' in step) res.write(step.raw);
      else if ('toolCall' in step && script.toolCallsInFinal) toolCalls.push(step.toolCall);
      else res.write(this.encodeStep(step, index++));
    }
    if (!gone) res.end(this.encodeEnd(script, toolCalls));
  }
}

const createdAt = (): string => new Date().toISOString();

export class OllamaServer extends ScriptedServer {
  /** Models `/api/tags` lists. */
  models: string[];
  version = '0.12.3';

  constructor(models: string[] = ['llama3.2:3b']) {
    super();
    this.models = models;
  }

  get host(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  protected isChatPath(path: string): boolean {
    return path === '/api/chat';
  }

  protected handleOther(_req: IncomingMessage, res: ServerResponse): void {
    const path = this.requests[this.requests.length - 1]!.path;
    if (path === '/api/version') json(res, 200, { version: this.version });
    else if (path === '/api/tags') {
      json(res, 200, {
        models: this.models.map((name) => ({
          name,
          model: name,
          modified_at: createdAt(),
          size: 2019393189,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        })),
      });
    } else this.writeError(res, 404, '404 page not found');
  }

  protected writeError(res: ServerResponse, status: number, message: string): void {
    json(res, status, { error: message });
  }

  protected streamHead(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' });
  }

  protected encodeStep(step: { text: string } | { toolCall: { name: string; arguments: Record<string, unknown> } }, index: number): string {
    const message =
      'text' in step
        ? { role: 'assistant', content: step.text }
        : { role: 'assistant', content: '', tool_calls: [{ id: `call_${index}`, function: { index: 0, name: step.toolCall.name, arguments: step.toolCall.arguments } }] };
    return `${JSON.stringify({ model: this.models[0], created_at: createdAt(), message, done: false })}\n`;
  }

  protected encodeEnd(_script: ChatScript, toolCalls: { name: string; arguments: Record<string, unknown> }[]): string {
    const message = { role: 'assistant', content: '', ...(toolCalls.length ? { tool_calls: toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) } : {}) };
    return `${JSON.stringify({
      model: this.models[0],
      created_at: createdAt(),
      message,
      done_reason: 'stop',
      done: true,
      total_duration: 1_204_000_000,
      load_duration: 21_000_000,
      prompt_eval_count: 412,
      prompt_eval_duration: 180_000_000,
      eval_count: 38,
      eval_duration: 950_000_000,
    })}\n`;
  }

  /** A non-streamed chat with no messages loads the model (the warm-up). */
  protected answerNonStreamed(res: ServerResponse, body: Record<string, unknown>): void {
    const model = String(body.model);
    if (!this.models.includes(model)) {
      this.writeError(res, 404, `model "${model}" not found, try pulling it first`);
      return;
    }
    const messages = Array.isArray(body.messages) ? body.messages : [];
    json(res, 200, { model, created_at: createdAt(), message: { role: 'assistant', content: messages.length ? 'Roger.' : '' }, done_reason: messages.length ? 'stop' : 'load', done: true });
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
