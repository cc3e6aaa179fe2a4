import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../core/api/common/contract.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { OllamaServer, wordSteps } from '../../peers/ollamaServer.js';

const home = mkdtempSync(join(tmpdir(), 'stratus-engine-copilot-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function engineWith(env: Record<string, string>): Promise<{ engine: Engine; events: EngineEvent[] }> {
  const engine = await createEngine({
    configPath: join(home, `config-${Math.random().toString(36).slice(2)}.json`),
    sim: 'demo',
    speech: false,
    env: { STRATUS_SIM_DEMORATEHZ: '50', ...env },
  });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  await engine.ready();
  return { engine, events };
}

describe('engine with a language model (local Ollama peer)', () => {
  let server: OllamaServer;
  let engine: Engine;
  let events: EngineEvent[];

  beforeAll(async () => {
    server = await new OllamaServer(['llama3.2:3b']).start();
    ({ engine, events } = await engineWith({ STRATUS_LLM_HOST: server.host, STRATUS_LLM_MODEL: 'llama3.2:3b' }));
  });
  afterAll(async () => {
    await engine.dispose();
    await server.dispose();
  });
  afterEach(() => events.splice(0));

  it('reports the model ready', () => {
    expect(engine.state().engines.llm.state).toBe('ready');
  });

  it('streams an answer to a question, grounded with the live sim state', async () => {
    server.script({ steps: wordSteps('We are level at five thousand five hundred. Fuel is good for about four hours.') });
    const result = await engine.runText('how long can we stay up with this fuel');
    expect(result.intent).toBe('llm');
    expect(result.outcome.status).toBe('llm');
    expect(result.reply).toBe('We are level at five thousand five hundred. Fuel is good for about four hours.');
    const partials = events.filter((e) => e.type === 'reply' && !e.final);
    expect(partials.length).toBe(2); // sentence by sentence
    const request = server.chatRequests().at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    const context = request.messages.map((m) => m.content).join('\n');
    expect(context).toMatch(/5[, ]?5\d\d ?ft|5500/); // the live altitude went with the question
    const llm = result.metrics.find((m) => m.stage === 'llm');
    expect(llm?.ttfbMs).toBeGreaterThanOrEqual(0);
  });

  it('moves the sim when the model calls a tool, through the same validated path', async () => {
    server.script({ steps: [{ toolCall: { name: 'apHeading', arguments: { headingDegMag: 180 } } }] }, { steps: wordSteps('Turning south.') });
    const result = await engine.runText('turn us towards the south please');
    expect(events.some((e) => e.type === 'actionApplied' && e.notation === 'set ap.heading 180')).toBe(true);
    expect(engine.state().telemetry.apHeadingDegMag).toBe(180);
    expect(result.reply.length).toBeGreaterThan(0);
  });

  it('refuses a tool call with an out-of-range value and leaves the sim alone', async () => {
    const before = engine.state().telemetry.apAltitudeFt;
    server.script({ steps: [{ toolCall: { name: 'apAltitude', arguments: { altitudeFt: 990000 } } }] }, { steps: wordSteps('Unable.') });
    await engine.runText('take us up to the moon');
    expect(engine.state().telemetry.apAltitudeFt).toBe(before);
    expect(events.some((e) => e.type === 'actionApplied')).toBe(false);
  });
});

describe('engine without a language model', () => {
  it('still flies every command and says clearly that questions need a model', async () => {
    const { engine } = await engineWith({ STRATUS_LLM_PROVIDER: 'none' });
    try {
      expect(engine.state().engines.llm.state).toBe('disabled');
      const q = await engine.runText('is the weather good enough for a visual approach');
      expect(q.reply).toMatch(/language model/);
      const cmd = await engine.runText('flaps one');
      expect(cmd.outcome.status).toBe('applied');
      expect(engine.state().telemetry.flapsIndex).toBe(1);
    } finally {
      await engine.dispose();
    }
  });

  it('says where the model was expected when Ollama is not running', async () => {
    const { engine } = await engineWith({ STRATUS_LLM_HOST: 'http://127.0.0.1:9' });
    try {
      expect(engine.state().engines.llm).toMatchObject({ state: 'missing' });
      const q = await engine.runText('explain what a holding pattern is');
      expect(q.reply).toMatch(/127\.0\.0\.1:9/);
    } finally {
      await engine.dispose();
    }
  });
});

describe('voice checklists through the text command path', () => {
  it('reads items, checks them against the demo sim and challenges what is wrong', async () => {
    const { engine, events } = await engineWith({ STRATUS_LLM_PROVIDER: 'none' });
    try {
      const start = await engine.runText('before takeoff checklist');
      expect(start.intent).toBe('checklist start before-takeoff');
      expect(start.reply).toMatch(/^Before takeoff checklist\. /);
      const cards = () => events.filter((e): e is Extract<EngineEvent, { type: 'checklist' }> => e.type === 'checklist');
      expect(cards().at(-1)).toMatchObject({ name: 'before-takeoff', index: 0, done: false });
      // Walk the list answering "checked"; the demo aircraft has its landing light off, so that item is challenged.
      let challenged = false;
      for (let i = 0; i < 30 && !cards().at(-1)!.done; i++) {
        const r = await engine.runText('checked');
        if (/landing light/i.test(r.reply) && cards().at(-1)!.items.some((it) => it.status === 'challenged')) {
          challenged = true;
          await engine.runText('landing lights on');
        }
      }
      expect(challenged).toBe(true);
      expect(cards().at(-1)!.done).toBe(true);
      expect(engine.state().telemetry).toBeDefined();
      const stop = await engine.runText('next item');
      expect(stop.outcome.status).toBe('refused');
    } finally {
      await engine.dispose();
    }
  });
});

describe('several commands in one breath', () => {
  it('applies each and reads each back', async () => {
    const { engine } = await engineWith({ STRATUS_LLM_PROVIDER: 'none' });
    try {
      const r = await engine.runText('gear down and flaps one');
      expect(r.intent).toBe('set gear down; set flaps 1');
      expect(r.outcome.status).toBe('applied');
      expect(engine.state().telemetry).toMatchObject({ gearDown: true, flapsIndex: 1 });
      expect(r.metrics.filter((m) => m.stage === 'sim')).toHaveLength(2);
      expect(r.reply.toLowerCase()).toMatch(/gear down.*flaps one/);
    } finally {
      await engine.dispose();
    }
  });
});
