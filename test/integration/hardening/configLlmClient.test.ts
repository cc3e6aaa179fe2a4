import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../core/base/common/status.js';
import { configSchema } from '../../../core/config/common/configSchema.js';
import { LlmError } from '../../../core/copilot/common/llmTypes.js';
import { CopilotHub } from '../../../core/copilot/node/copilotHub.js';
import { OllamaClient } from '../../../core/copilot/node/ollamaClient.js';
import { OpenAiClient } from '../../../core/copilot/node/openaiClient.js';

/** A bad endpoint's status is known at once (nothing goes on the network); this only bounds a hang. */
const STATUS_TIMEOUT_MS = 5000;
const BAD = ['javascript:alert(1)', 'localhost:114340', 'http://localhost:114340', 'http://u:sk-secret123456@h/v1'];

describe('issue 14 point 2: the LLM clients never throw out of a status check, a warm-up or a timer', () => {
  it.each(BAD)('Ollama at %s: an error status naming the reason, and chat fails with an LlmError', async (host) => {
    const client = new OllamaClient({ host, model: 'm', keepAlive: '30m', timeoutS: 5 });
    const st = await client.status();
    expect(st.state).toBe('error');
    expect(st.detail).toMatch(/^cannot reach the language model at .*: the URL /);
    expect(st.detail).not.toContain('sk-secret123456');
    await expect(client.warmUp()).rejects.toBeInstanceOf(LlmError);
    const chat = async (): Promise<void> => {
      for await (const _ of client.chat({ messages: [{ role: 'user', content: 'hi' }], tools: [], signal: new AbortController().signal })) void _;
    };
    await expect(chat()).rejects.toBeInstanceOf(LlmError);
  });

  it.each(BAD)('OpenAI-compatible at %s: an error status, and chat fails with an LlmError', async (baseUrl) => {
    const client = new OpenAiClient({ baseUrl, model: 'm', timeoutS: 5 });
    const st = await client.status();
    expect(st.state).toBe('error');
    expect(st.detail).not.toContain('sk-secret123456');
    const chat = async (): Promise<void> => {
      for await (const _ of client.chat({ messages: [{ role: 'user', content: 'hi' }], tools: [], signal: new AbortController().signal })) void _;
    };
    await expect(chat()).rejects.toBeInstanceOf(LlmError);
  });

  it('the copilot publishes the bad endpoint as the LLM status (a settings file written by hand skips the schema)', async () => {
    const config = configSchema.parse({});
    const statuses: EngineStatus[] = [];
    let settled!: () => void;
    const done = new Promise<void>((r) => (settled = r));
    const hub = await CopilotHub.create(
      {
        config: { ...config, llm: { ...config.llm, host: 'javascript:alert(1)' } },
        emit: () => {},
        onStatus: (s) => {
          statuses.push(s);
          if (s.state !== 'loading') settled();
        },
        monitorLlm: true,
      },
      () => {},
    );
    try {
      await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('no LLM status')), STATUS_TIMEOUT_MS))]);
      expect(statuses.at(-1)).toMatchObject({ state: 'error', detail: expect.stringMatching(/cannot reach the language model at javascript:alert\(1\)/) as unknown });
    } finally {
      await hub.dispose();
    }
  });
});
