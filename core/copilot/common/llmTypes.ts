import type { EngineStatus } from '../../base/common/status.js';
import { LLM_API_KEY_SECRET } from '../../config/common/secrets.js';

/**
 * The provider-neutral shape of a chat with tools. The Ollama and OpenAI-compatible clients map
 * it to their wire formats; the copilot only sees these types.
 */
export interface ToolCall {
  /** Provider call id (OpenAI needs it to match the tool result); generated when absent. */
  id: string;
  name: string;
  /** Parsed JSON arguments, or the raw text when the model sent JSON that does not parse. */
  arguments: Record<string, unknown> | { unparsed: string };
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string };

/** JSON Schema of one tool's parameters (an object schema). */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type ChatChunk = { type: 'text'; text: string } | { type: 'toolCall'; call: ToolCall };

export interface ChatRequest {
  messages: ChatMessage[];
  tools: ToolDefinition[];
  signal: AbortSignal;
}

export interface LlmClient {
  readonly provider: 'ollama' | 'openai';
  readonly model: string;
  /** Streams text deltas and tool calls; throws LlmError. */
  chat(request: ChatRequest): AsyncIterable<ChatChunk>;
  /** Reachability and model presence, as the user should read it. */
  status(signal?: AbortSignal): Promise<EngineStatus>;
  /** Loads the model so the first question does not pay for it. */
  warmUp(signal?: AbortSignal): Promise<void>;
}

export type LlmErrorKind = 'connection' | 'http' | 'protocol' | 'timeout' | 'aborted';

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }

  /** Only failures to connect are retried: a 500 or a cut stream would repeat or duplicate speech. */
  get retryable(): boolean {
    return this.kind === 'connection';
  }
}

/**
 * Where the key for an OpenAI-compatible endpoint lives: the clients only read it (the settings
 * store writes it, core/config/common/secrets.ts: Electron safeStorage in the app, a 0600 file headless).
 */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
}

/** The secret name the OpenAI-compatible API key is stored under. */
export const OPENAI_KEY_SECRET = LLM_API_KEY_SECRET;
