import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, ScriptedServer, type ChatScript } from './ollamaServer.js';

export { wordSteps, type ChatScript, type ScriptStep } from './ollamaServer.js';

/**
 * A local OpenAI-compatible server (the /v1 API that LM Studio, llama.cpp server, vLLM and OpenAI
 * speak): `/v1/models`, and `/v1/chat/completions` streamed as Server-Sent Events — `data: {chunk}`
 * lines with `choices[0].delta.content`, tool calls as `delta.tool_calls` with the arguments
 * string split across chunks, a `finish_reason`, then `data: [DONE]`. Errors are
 * `{"error": {"message", "type", "code"}}`. With `apiKey` set, requests without the bearer key get 401.
 */
export class OpenAiServer extends ScriptedServer {
  models: string[];
  apiKey: string | undefined;
  private readonly id = 'chatcmpl-stratus1';
  private readonly created = Math.floor(Date.now() / 1000);
  private sawToolCall = false;

  constructor(models: string[] = ['qwen2.5-7b-instruct'], apiKey?: string) {
    super();
    this.models = models;
    this.apiKey = apiKey;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  protected isChatPath(path: string): boolean {
    return path === '/v1/chat/completions';
  }

  private authorised(req: IncomingMessage): boolean {
    return !this.apiKey || req.headers.authorization === `Bearer ${this.apiKey}`;
  }

  protected handleOther(req: IncomingMessage, res: ServerResponse): void {
    if (!this.authorised(req)) return this.writeError(res, 401, 'Incorrect API key provided');
    const path = this.requests[this.requests.length - 1]!.path;
    if (path === '/v1/models') json(res, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: this.created, owned_by: 'organization_owner' })) });
    else this.writeError(res, 404, `Unexpected endpoint or method. (${req.method} ${path})`);
  }

  protected writeError(res: ServerResponse, status: number, message: string): void {
    const type = status === 401 ? 'invalid_request_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
    json(res, status, { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } });
  }

  protected streamHead(res: ServerResponse): void {
    this.sawToolCall = false;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(this.event({ role: 'assistant', content: '' }, null));
  }

  private event(delta: Record<string, unknown>, finish: string | null): string {
    const chunk = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.models[0], system_fingerprint: 'fp_stratus', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  protected encodeStep(step: { text: string } | { toolCall: { name: string; arguments: Record<string, unknown> } }, index: number): string {
    if ('text' in step) return this.event({ content: step.text }, null);
    this.sawToolCall = true;
    // The arguments arrive as a JSON string in pieces, after a first chunk with the id and name.
    const args = JSON.stringify(step.toolCall.arguments);
    const half = Math.ceil(args.length / 2);
    return [
      this.event({ tool_calls: [{ index, id: `call_${index}abc`, type: 'function', function: { name: step.toolCall.name, arguments: '' } }] }, null),
      this.event({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }, null),
      this.event({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, null),
    ].join('');
  }

  protected encodeEnd(_script: ChatScript): string {
    return `${this.event({}, this.sawToolCall ? 'tool_calls' : 'stop')}data: [DONE]\n\n`;
  }

  protected answerNonStreamed(res: ServerResponse): void {
    json(res, 200, { id: this.id, object: 'chat.completion', created: this.created, model: this.models[0], choices: [{ index: 0, message: { role: 'assistant', content: 'Roger.' }, finish_reason: 'stop' }] });
  }

  /** Chat requests must carry the key too. */
  protected override checkAuth(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.authorised(req)) return true;
    this.writeError(res, 401, 'Incorrect API key provided');
    return false;
  }
}
