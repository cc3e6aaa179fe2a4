import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Copilot, NO_MODEL_SENTENCE } from '../../../core/copilot/node/copilot.js';
import { OllamaServer, wordSteps } from '../../peers/ollamaServer.js';
import { askHarness, collect, expectStreamClosedWhenCallerStops, llmConfig, messagesOf } from './askHelpers.js';

describe('Copilot over Ollama (local server speaking the Ollama wire format)', () => {
  let server: OllamaServer;
  let copilot: Copilot;
  beforeEach(async () => {
    server = await new OllamaServer(['llama3.2:3b']).start();
    copilot = new Copilot(llmConfig({ provider: 'ollama', host: server.host, model: 'llama3.2:3b', timeoutS: 5 }));
  });
  afterEach(async () => {
    await copilot.dispose();
    await server.dispose();
  });

  it('reports ready, a model that is not pulled, and a server that is not running', async () => {
    expect(await copilot.status()).toEqual({ state: 'ready', detail: 'Ollama 0.12.3, llama3.2:3b' });
    const other = new Copilot(llmConfig({ provider: 'ollama', host: server.host, model: 'mistral' }));
    expect(await other.status()).toEqual({ state: 'missing', detail: 'model mistral not pulled: run `ollama pull mistral`' });
    const port = server.port;
    await server.dispose();
    const down = new Copilot(llmConfig({ provider: 'ollama', host: `http://127.0.0.1:${port}` }));
    expect(await down.status()).toEqual({ state: 'missing', detail: `Ollama not running at http://127.0.0.1:${port}` });
    server = await new OllamaServer().start(); // for afterEach
  });

  it('warms the model up with an empty chat and keep_alive', async () => {
    expect((await copilot.warmUp()).state).toBe('ready');
    const warm = server.chatRequests()[0]!;
    expect(warm.body).toMatchObject({ model: 'llama3.2:3b', messages: [], stream: false, keep_alive: '30m' });
  });

  it('streams sentences grounded in live telemetry, with the intent tools and the last turns', async () => {
    server.script({ steps: wordSteps('We have 140 kilograms on board. That is about four hours at this flow.') }, { steps: wordSteps('Five thousand five hundred.') });
    const h = askHarness();
    expect(await collect(copilot.ask('Can we make it to Kona with this fuel?', h.ctx))).toEqual(['We have 140 kilograms on board.', 'That is about four hours at this flow.']);
    const req = server.chatRequests()[0]!.body as { messages: { role: string; content: string }[]; tools: { function: { name: string } }[]; keep_alive: string; stream: boolean };
    expect(req.stream).toBe(true);
    expect(req.keep_alive).toBe('30m');
    expect(req.messages[0]!.role).toBe('system');
    expect(req.messages[0]!.content).toContain('Fuel 140.0 kg');
    expect(req.messages[0]!.content).toContain('Phase: cruise');
    expect(req.messages[0]!.content).toContain('say you do not know');
    expect(req.tools.map((t) => t.function.name)).toContain('apHeading');
    await collect(copilot.ask('What altitude are we at?', h.ctx));
    const second = messagesOf(server.chatRequests()[1]!.body);
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(second[2]!.content).toBe('We have 140 kilograms on board. That is about four hours at this flow.');
  });

  it('still answers after a slow first token and reports time to first token', async () => {
    server.script({ steps: [{ delayMs: 300 }, ...wordSteps('Roger, standing by.')] });
    const h = askHarness();
    expect(await collect(copilot.ask('Are you there?', h.ctx))).toEqual(['Roger, standing by.']);
    expect(h.metrics[0]!.ttfbMs).toBeGreaterThanOrEqual(290);
    expect(h.metrics[0]!.firstSentenceMs).toBeGreaterThanOrEqual(h.metrics[0]!.ttfbMs!);
  });

  it('speaks a short error on a 500 and does not retry it', async () => {
    server.script({ status: 500, error: 'llama runner process has terminated' });
    const h = askHarness();
    expect(await collect(copilot.ask('How far to Kona?', h.ctx))).toEqual(['Sorry, the language model returned an error.']);
    expect(h.metrics[0]!.error).toMatch(/500: llama runner process has terminated/);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('keeps the sentences that arrived before a stream cut mid-line, drops the half sentence, says it was cut off', async () => {
    server.script({ steps: [...wordSteps('Descending now. Passing'), { raw: '{"model":"llama3.2:3b","message":{"role":"assis' }, { cut: true }] });
    const h = askHarness();
    expect(await collect(copilot.ask('Status?', h.ctx))).toEqual(['Descending now.', 'Sorry, my answer was cut off.']);
    expect(h.metrics[0]!.error).toBe('the Ollama stream was cut off');
  });

  it('skips a malformed JSON line and carries on', async () => {
    server.script({ steps: [{ text: 'Gear is ' }, { raw: '{not json}\n' }, { text: 'down.' }] });
    const h = askHarness();
    expect(await collect(copilot.ask('Gear?', h.ctx))).toEqual(['Gear is down.']);
  });

  it('executes a valid tool call through the engine callback and speaks the final reply', async () => {
    server.script({ steps: [{ toolCall: { name: 'apHeading', arguments: { headingDegMag: 270 } } }] }, { steps: wordSteps('Heading two seven zero set.') });
    const h = askHarness();
    expect(await collect(copilot.ask('Turn us west please', h.ctx))).toEqual(['Heading two seven zero set.']);
    expect(h.executed).toEqual([{ kind: 'apHeading', headingDegMag: 270 }]);
    const followUp = messagesOf(server.chatRequests()[1]!.body);
    expect(followUp.at(-1)).toMatchObject({ role: 'tool', content: 'done: Heading two seven zero.', tool_name: 'apHeading' });
    expect(followUp.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ function: { name: 'apHeading', arguments: { headingDegMag: 270 } } }] });
  });

  it('reads tool calls from the final done message too', async () => {
    server.script({ toolCallsInFinal: true, steps: [{ toolCall: { name: 'gear', arguments: { down: true } } }] }, { steps: wordSteps('Gear down.') });
    const h = askHarness(() => ({ ok: true, reply: 'Gear down.' }));
    expect(await collect(copilot.ask('Gear down', h.ctx))).toEqual(['Gear down.']);
    expect(h.executed).toEqual([{ kind: 'gear', down: true }]);
  });

  it('refuses an unknown tool and an out-of-range value without touching the sim', async () => {
    server.script(
      { steps: [{ toolCall: { name: 'dumpFuel', arguments: { kg: 500 } } }, { toolCall: { name: 'apAltitude', arguments: { altitudeFt: 99000 } } }] },
      { steps: [] }, // the model then says nothing: the refusals are the reply
    );
    const h = askHarness();
    const said = await collect(copilot.ask('Dump fuel and climb to flight level nine nine zero', h.ctx));
    expect(h.executed).toEqual([]);
    expect(said[0]).toBe('I can\'t do that: unknown tool "dumpFuel".');
    expect(said[1]).toMatch(/^I can't do that: invalid apAltitude: altitudeFt: /);
    const toolMsgs = messagesOf(server.chatRequests()[1]!.body).filter((m) => m.role === 'tool');
    expect(toolMsgs.map((m) => String(m.content).split(':')[0])).toEqual(['refused', 'refused']);
    expect(h.metrics[0]).toMatchObject({ toolCalls: 2, refusedToolCalls: 2 });
  });

  it('aborts the HTTP stream mid-answer when the turn is cancelled', async () => {
    server.script({ steps: [...wordSteps('First sentence. Second'), { hold: true }] });
    const h = askHarness();
    const aborted = server.nextAbort();
    const said: string[] = [];
    for await (const s of copilot.ask('Talk to me', h.ctx)) {
      said.push(s);
      h.controller.abort();
    }
    await aborted;
    expect(said).toEqual(['First sentence.']);
    expect(server.abortedRequests).toBe(1);
    expect(h.metrics[0]!.cancelled).toBe(true);
  });

  it('lets the newest question win: a second ask aborts the first stream', async () => {
    server.script({ steps: [{ text: 'Old answer' }, { hold: true }] }, { steps: wordSteps('New answer.') });
    const first = copilot.ask('First question', askHarness().ctx);
    const firstNext = first.next(); // starts the first request
    const aborted = server.nextAbort();
    await server.chatRequestsArrived(1);
    const second = collect(copilot.ask('Second question', askHarness().ctx));
    await aborted;
    expect(await second).toEqual(['New answer.']);
    expect((await firstNext).done).toBe(true);
  });

  it('gives up after the configured silence', async () => {
    const slow = new Copilot(llmConfig({ provider: 'ollama', host: server.host, model: 'llama3.2:3b', timeoutS: 1 }));
    server.script({ steps: [{ delayMs: 1500 }, ...wordSteps('Too late.')] });
    const h = askHarness();
    expect(await collect(slow.ask('Hello?', h.ctx))).toEqual(['Sorry, the language model is not answering.']);
    await slow.dispose();
  });

  it('caches general answers but never answers about the flight', async () => {
    server.script({ steps: wordSteps('The decision speed.') }, { steps: wordSteps('140 kilograms.') }, { steps: wordSteps('140 kilograms.') });
    const h = askHarness();
    expect(await collect(copilot.ask('What does V1 mean?', h.ctx))).toEqual(['The decision speed.']);
    expect(await collect(copilot.ask('what does v1 mean', h.ctx))).toEqual(['The decision speed.']);
    await collect(copilot.ask("What's our fuel?", h.ctx));
    await collect(copilot.ask("What's our fuel?", h.ctx));
    expect(server.chatRequests()).toHaveLength(3);
    expect(h.metrics.map((m) => m.cached)).toEqual([false, true, false, false]);
  });

  it('without a model, says questions need one and reports disabled', async () => {
    const none = new Copilot(llmConfig({ provider: 'none' }));
    expect(await collect(none.ask('Can we make it to Kona?', askHarness().ctx))).toEqual([NO_MODEL_SENTENCE]);
    expect((await none.status()).state).toBe('disabled');
  });
});

describe('Copilot over Ollama: a caller that stops listening', () => {
  it('closes the HTTP stream when the caller breaks out after the first sentence', async () => {
    const server = await new OllamaServer(['llama3.2:3b']).start();
    await expectStreamClosedWhenCallerStops(server, new Copilot(llmConfig({ provider: 'ollama', host: server.host, model: 'llama3.2:3b' })));
  });
});
