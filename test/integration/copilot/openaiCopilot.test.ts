import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPENAI_KEY_SECRET, type SecretStore } from '../../../core/copilot/common/llmTypes.js';
import { Copilot } from '../../../core/copilot/node/copilot.js';
import { OpenAiClient } from '../../../core/copilot/node/openaiClient.js';
import { OpenAiServer, wordSteps } from '../../peers/openaiServer.js';
import { askHarness, collect, expectStreamClosedWhenCallerStops, llmConfig, messagesOf } from './askHelpers.js';

const KEY = 'sk-test-123';

describe('Copilot over an OpenAI-compatible endpoint (local SSE server)', () => {
  let server: OpenAiServer;
  let copilot: Copilot;
  const secrets: SecretStore = { get: async (name) => (name === OPENAI_KEY_SECRET ? KEY : undefined) };
  beforeEach(async () => {
    server = await new OpenAiServer(['qwen2.5-7b-instruct'], KEY).start();
    copilot = new Copilot(llmConfig({ provider: 'openai', baseUrl: server.baseUrl, model: 'qwen2.5-7b-instruct', timeoutS: 5 }), { secrets });
  });
  afterEach(async () => {
    await copilot.dispose();
    await server.dispose();
  });

  it('reads the API key from the secret store, and reports a refused key and a missing model', async () => {
    expect(await copilot.status()).toEqual({ state: 'ready', detail: `qwen2.5-7b-instruct at ${server.baseUrl}` });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    const noKey = new Copilot(llmConfig({ provider: 'openai', baseUrl: server.baseUrl, model: 'qwen2.5-7b-instruct' }));
    expect(await noKey.status()).toEqual({ state: 'error', detail: `${server.baseUrl} refused the API key (401)` });
    const h = askHarness();
    expect(await collect(noKey.ask('Hello?', h.ctx))).toEqual(['Sorry, the language model returned an error.']);
    expect(h.metrics[0]!.error).toBe('model server error 401: Incorrect API key provided');
    const wrongModel = new Copilot(llmConfig({ provider: 'openai', baseUrl: server.baseUrl, model: 'gpt-9' }), { apiKey: KEY });
    expect((await wrongModel.status()).state).toBe('missing');
  });

  it('streams SSE deltas as sentences with the live context in the system message', async () => {
    server.script({ steps: wordSteps('Heading zero nine zero, level at five thousand five hundred. Autopilot is holding.') });
    const h = askHarness();
    expect(await collect(copilot.ask('Where are we pointed?', h.ctx))).toEqual(['Heading zero nine zero, level at five thousand five hundred.', 'Autopilot is holding.']);
    const body = server.chatRequests()[0]!.body as { stream: boolean; tools: { type: string; function: { name: string; parameters: unknown } }[] };
    expect(body.stream).toBe(true);
    expect(body.tools.find((t) => t.function.name === 'radio')!.function.parameters).toMatchObject({ properties: { khz: { minimum: 108000, maximum: 137000 } } });
    expect(String(messagesOf(body)[0]!.content)).toContain('heading 090 magnetic');
  });

  it('still answers after a slow first token and reports time to first token', async () => {
    server.script({ steps: [{ delayMs: 300 }, ...wordSteps('Roger.')] });
    const h = askHarness();
    expect(await collect(copilot.ask('Radio check', h.ctx))).toEqual(['Roger.']);
    expect(h.metrics[0]!.ttfbMs).toBeGreaterThanOrEqual(290);
  });

  it('assembles tool-call arguments split across chunks, executes, and returns the result by call id', async () => {
    server.script({ steps: [{ toolCall: { name: 'radio', arguments: { radio: 'com1', slot: 'active', khz: 121500 } } }] }, { steps: wordSteps('Guard tuned on com one.') });
    const h = askHarness(() => ({ ok: true, reply: 'Com one, one two one decimal five.' }));
    expect(await collect(copilot.ask('Put guard on com one', h.ctx))).toEqual(['Guard tuned on com one.']);
    expect(h.executed).toEqual([{ kind: 'radio', radio: 'com1', slot: 'active', khz: 121500 }]);
    const msgs = messagesOf(server.chatRequests()[1]!.body);
    expect(msgs.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_0abc', type: 'function', function: { name: 'radio' } }] });
    expect(msgs.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_0abc', content: 'done: Com one, one two one decimal five.' });
  });

  it('refuses an out-of-range value and an unknown tool; passes an engine refusal on', async () => {
    server.script(
      { steps: [{ toolCall: { name: 'apSpeed', arguments: { speedKt: 900 } } }, { toolCall: { name: 'openDoor', arguments: {} } }, { toolCall: { name: 'gear', arguments: { down: false } } }] },
      { steps: wordSteps('Unable.') },
    );
    const h = askHarness(() => ({ ok: false, reply: 'This aircraft has fixed gear.' }));
    expect(await collect(copilot.ask('Go fast, open the door, gear up', h.ctx))).toEqual(['Unable.']);
    expect(h.executed).toEqual([{ kind: 'gear', down: false }]);
    const tools = messagesOf(server.chatRequests()[1]!.body).filter((m) => m.role === 'tool').map((m) => String(m.content));
    expect(tools[0]).toMatch(/^refused: invalid apSpeed: speedKt: /);
    expect(tools[1]).toBe('refused: unknown tool "openDoor"');
    expect(tools[2]).toBe('refused: This aircraft has fixed gear.');
  });

  it('handles a 500, a malformed event, a cut stream, and an abort mid-stream', async () => {
    server.script({ status: 500, error: 'out of memory' });
    const h1 = askHarness();
    expect(await collect(copilot.ask('Hello?', h1.ctx))).toEqual(['Sorry, the language model returned an error.']);
    expect(h1.metrics[0]!.error).toBe('model server error 500: out of memory');

    server.script({ steps: [{ text: 'Flaps ' }, { raw: 'data: {"choices":[{"delta":\n\n' }, { text: 'up.' }] });
    const client = new OpenAiClient({ baseUrl: server.baseUrl, model: 'qwen2.5-7b-instruct', timeoutS: 5, apiKey: KEY });
    const chunks: string[] = [];
    for await (const c of client.chat({ messages: [{ role: 'user', content: 'flaps?' }], tools: [], signal: new AbortController().signal })) if (c.type === 'text') chunks.push(c.text);
    expect(chunks.join('')).toBe('Flaps up.');
    expect(client.malformedEvents).toBe(1);

    server.script({ steps: [...wordSteps('Checking. Fuel'), { raw: 'data: {"id":"x","choi' }, { cut: true }] });
    const h2 = askHarness();
    expect(await collect(copilot.ask('Fuel?', h2.ctx))).toEqual(['Checking.', 'Sorry, my answer was cut off.']);

    server.script({ steps: [...wordSteps('One. Two'), { hold: true }] });
    const h3 = askHarness();
    const aborted = server.nextAbort();
    const said: string[] = [];
    for await (const s of copilot.ask('Count', h3.ctx)) {
      said.push(s);
      h3.controller.abort();
    }
    await aborted;
    expect(said).toEqual(['One.']);
  });

  it('retries a refused connection with backoff, then says it cannot reach the model', async () => {
    const port = server.port;
    await server.dispose();
    const down = new Copilot(llmConfig({ provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }));
    const h = askHarness();
    const t0 = performance.now();
    expect(await collect(down.ask('Anyone?', h.ctx))).toEqual(["Sorry, I can't reach the language model."]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(550); // backoff 200 + 400 ms between the 3 attempts, less timer slack
    expect(h.metrics[0]!.error).toMatch(/cannot reach .* \(ECONNREFUSED\)/);
    server = await new OpenAiServer().start(); // for afterEach
  });
});

describe('Copilot over an OpenAI-compatible endpoint: a caller that stops listening', () => {
  it('closes the HTTP stream when the caller breaks out after the first sentence', async () => {
    const server = await new OpenAiServer(['m']).start();
    await expectStreamClosedWhenCallerStops(server, new Copilot(llmConfig({ provider: 'openai', baseUrl: server.baseUrl, model: 'm' })));
  });
});
