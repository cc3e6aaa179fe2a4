import { afterEach, describe, expect, it } from 'vitest';
import type { TurnEvent } from './turnResults.js';
import { commandResultSchema } from './turnResults.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { DemoSim } from '../../sim/common/demoSim.js';
import { SPEECH_OUTPUT_FAILED, SynthesisError } from '../../speech/common/ttsErrors.js';
import { ScriptedSpeech } from '../testing/scriptedSpeech.js';
import { fromArray } from './stages.js';
import { TurnRunner, type TurnDeps } from './turnRunner.js';

/** A voice that fails never fails the turn: the command stands, the reply is text, the failure is reported once. */

const sims: DemoSim[] = [];
afterEach(() => {
  for (const s of sims.splice(0)) void s.dispose();
});

async function rig(over: Partial<TurnDeps> = {}): Promise<{ runner: TurnRunner; sim: DemoSim; speech: ScriptedSpeech; events: TurnEvent[]; outcomes: unknown[] }> {
  const sim = new DemoSim({ rateHz: 50, profile: genericProfile });
  sims.push(sim);
  await sim.start();
  const speech = new ScriptedSpeech();
  const events: TurnEvent[] = [];
  const outcomes: unknown[] = [];
  const runner = new TurnRunner({
    sim: () => ({ adapter: sim, profile: genericProfile }),
    emit: (e) => events.push(e),
    stage: () => undefined,
    speech: () => speech,
    llmUnavailable: () => undefined,
    setCallouts: async () => undefined,
    strictness: () => 0.5,
    speechOutcome: (failure) => outcomes.push(failure),
    now: () => performance.now(),
    ...over,
  });
  return { runner, sim, speech, events, outcomes };
}

describe('TurnRunner when the voice fails', () => {
  it('a command is applied once and answered normally, flagged as not spoken, without the synthesiser output', async () => {
    const { runner, sim, speech, events, outcomes } = await rig();
    speech.failAfterSentences = 0;
    const r = await runner.run({ kind: 'text', text: 'heading two seven zero' });
    expect(commandResultSchema.parse(r)).toEqual(r);
    expect(r.outcome.status).toBe('applied');
    expect(r.reply.toLowerCase()).toContain('heading two seven zero');
    expect(r).toMatchObject({ spoken: false, warning: SPEECH_OUTPUT_FAILED });
    expect(JSON.stringify(r)).not.toContain('root:x');
    expect(sim.state().ap.headingDegMag).toBe(270);
    expect(events.filter((e) => e.type === 'actionApplied')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('turnEnded');
    expect(events.filter((e) => e.type === 'reply' && e.final).map((e) => (e.type === 'reply' ? e.text : ''))).toEqual([r.reply]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toBeInstanceOf(SynthesisError);
    expect(runner.busy).toBe(false);
  });

  it('a spoken reply that works reports success and carries no flag', async () => {
    const { runner, outcomes } = await rig();
    const r = await runner.run({ kind: 'text', text: 'heading two seven zero' });
    expect(r.spoken).toBeUndefined();
    expect(r.warning).toBeUndefined();
    expect(outcomes).toEqual([undefined]);
  });

  it("the language model's answer is shown whole when the voice fails after its first sentence", async () => {
    const sentences = ['Fuel is fine.', 'About two hours left.', 'Nearest field is ten miles east.'];
    const { runner, speech, outcomes } = await rig({ ask: () => fromArray(sentences) });
    speech.failAfterSentences = 1;
    const r = await runner.run({ kind: 'text', text: 'tell me something about the weather in paris' });
    expect(r.outcome.status).toBe('llm');
    expect(r.reply).toBe(sentences.join(' '));
    expect(speech.spoken).toEqual([sentences[0]]);
    expect(r.spoken).toBe(false);
    expect(outcomes).toHaveLength(1);
  });

  it("an error of the language model's own stream is the turn's, not reported as the voice's", async () => {
    async function* broken(): AsyncIterable<string> {
      yield 'Let me see.';
      throw new Error('model server went away');
    }
    const { runner, outcomes } = await rig({ ask: () => broken() });
    await expect(runner.run({ kind: 'text', text: 'tell me something about the weather in paris' })).rejects.toThrow('model server went away');
    expect(outcomes).toEqual([]);
  });

  it('a callout whose voice fails is reported, not thrown, and leaves the runner idle', async () => {
    const { runner, speech, outcomes } = await rig();
    speech.failAfterSentences = 0;
    await expect(runner.announce('Eighty knots.', { interrupts: false })).resolves.toBe('failed');
    expect(outcomes).toHaveLength(1);
    expect(runner.busy).toBe(false);
    speech.failAfterSentences = undefined;
    await expect(runner.announce('Rotate.', { interrupts: false })).resolves.toBe('spoken');
    expect(outcomes.at(-1)).toBeUndefined();
  });

  it('a turn aborted while speaking is still cancelled, not a voice failure', async () => {
    const { runner, speech, outcomes } = await rig();
    speech.holdReply = true;
    const running = runner.run({ kind: 'text', text: 'heading two seven zero' });
    await speech.waiting();
    runner.cancel('cancelled by the pilot');
    const r = await running;
    expect(r.outcome.status).toBe('cancelled');
    expect(r.spoken).toBeUndefined();
    expect(outcomes.every((o) => o === undefined)).toBe(true);
  });
});
