import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineStage, TurnEvent } from './turnResults.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { DemoSim } from '../../sim/common/demoSim.js';
import { ScriptedSpeech } from '../testing/scriptedSpeech.js';
import { TurnRunner, type TurnDeps } from './turnRunner.js';

interface Rig {
  runner: TurnRunner;
  sim: DemoSim;
  speech: ScriptedSpeech;
  events: TurnEvent[];
  stages: PipelineStage[];
}

const sims: DemoSim[] = [];
afterEach(() => {
  for (const s of sims.splice(0)) void s.dispose();
});

async function rig(over: Partial<TurnDeps> = {}, withSpeech = true): Promise<Rig> {
  const sim = new DemoSim({ rateHz: 50, profile: genericProfile });
  sims.push(sim);
  await sim.start();
  const speech = new ScriptedSpeech();
  const events: TurnEvent[] = [];
  const stages: PipelineStage[] = [];
  const runner = new TurnRunner({
    sim: () => ({ adapter: sim, profile: genericProfile }),
    emit: (e) => events.push(e),
    stage: (s) => stages.push(s),
    ...(withSpeech ? { speech: () => speech } : {}),
    llmUnavailable: () => 'Ollama not running',
    setCallouts: async () => undefined,
    strictness: () => 0.5,
    now: () => performance.now(),
    ...over,
  });
  return { runner, sim, speech, events, stages };
}

/** A 16 kHz utterance: 0.5 s silence, 1 s "speech" (loud), 0.5 s silence. */
function utterance(): { pcm: Int16Array; releasedAtMs: number; source: string } {
  const pcm = new Int16Array(32000);
  for (let i = 8000; i < 24000; i++) pcm[i] = i % 2 ? 8000 : -8000;
  return { pcm, releasedAtMs: performance.now(), source: 'key' };
}

describe('TurnRunner stages', () => {
  it('a typed command: thinking -> acting -> speaking -> idle, events in order, the sim moved', async () => {
    const { runner, sim, speech, events, stages } = await rig();
    const r = await runner.run({ kind: 'text', text: 'heading two seven zero' });
    expect(r.outcome.status).toBe('applied');
    expect(stages).toEqual(['thinking', 'acting', 'speaking', 'idle']);
    // The applied write can be taken back for a few seconds: the undo chance follows it.
    expect(events.map((e) => e.type)).toEqual(['turnStarted', 'transcript', 'intent', 'actionApplied', 'undoAvailable', 'reply', 'reply', 'turnEnded']);
    expect(sim.state().ap.headingDegMag).toBe(270);
    expect(speech.spoken).toEqual([r.reply]);
    expect(r.metrics.map((m) => m.stage)).toEqual(['intent', 'sim']); // the scripted voice records no tts metric
    expect(r.headline.releaseToActionMs).toBeGreaterThanOrEqual(0);
    expect(runner.busy).toBe(false);
  });

  it('a spoken command: transcribing first; the VAD trims by the utterance probabilities, then STT', async () => {
    const { runner, speech, stages } = await rig();
    speech.text = 'flaps one';
    const u = utterance();
    const probs = Float32Array.from({ length: 62 }, (_, f) => (f >= 16 && f < 47 ? 0.9 : 0.1));
    const r = await runner.run({ kind: 'voice', utterance: { ...u, vadProbs: probs } });
    expect(stages[0]).toBe('transcribing');
    expect(stages.at(-1)).toBe('idle');
    expect(speech.analysed).toBe(0); // the live VAD result travelled with the utterance
    expect(speech.transcribed).toBe(1);
    expect(r.transcript).toBe('flaps one');
    expect(r.metrics.slice(0, 2).map((m) => m.stage)).toEqual(['vad', 'stt']);
  });

  it('an utterance without VAD data is analysed; a silent one skips STT', async () => {
    const { runner, speech } = await rig();
    const r = await runner.run({ kind: 'voice', utterance: { pcm: new Int16Array(16000), releasedAtMs: performance.now(), source: 'key' } });
    expect(speech.analysed).toBe(1);
    expect(speech.transcribed).toBe(0);
    expect(r.transcript).toBe('');
    expect(r.outcome.status).not.toBe('applied'); // nothing heard: nothing flies
  });

  it('an early transcript is used as is, with its real STT timing', async () => {
    const { runner, speech } = await rig();
    const t = performance.now();
    const r = await runner.run({ kind: 'voice', utterance: { ...utterance(), early: Promise.resolve({ text: 'gear down', startedAtMs: t - 80, finishedAtMs: t - 20 }) } });
    expect(speech.transcribed).toBe(0);
    expect(r.transcript).toBe('gear down');
    const stt = r.metrics.find((m) => m.stage === 'stt')!;
    expect(stt.durationMs).toBeCloseTo(60, 5);
  });

  it('decides each part of a compound command and reports the worst outcome', async () => {
    const { runner, events, sim } = await rig();
    const r = await runner.run({ kind: 'text', text: 'heading one eight zero and squawk one two three four' });
    expect(events.filter((e) => e.type === 'actionApplied')).toHaveLength(2);
    expect(sim.state().xpdrCode).toBe(1234);
    expect(r.outcome.status).toBe('applied');
  });

  it('answers a query, refuses what the aircraft cannot do, says when a question needs a language model', async () => {
    const { runner } = await rig();
    expect((await runner.run({ kind: 'text', text: "what's our altitude" })).outcome.status).toBe('answered');
    const q = await runner.run({ kind: 'text', text: 'can we make Kona with this fuel' });
    expect(q.outcome.status).toBe('not-understood');
    expect(q.reply).toMatch(/language model: Ollama not running/);
  });

  it('works without speech (CLI): the reply is only in events', async () => {
    const { runner, events, stages } = await rig({}, false);
    const r = await runner.run({ kind: 'text', text: 'gear up' });
    expect(r.reply).not.toBe('');
    expect(stages).not.toContain('speaking');
    expect(events.filter((e) => e.type === 'reply').at(-1)).toMatchObject({ final: true, text: r.reply });
    await expect(runner.run({ kind: 'voice', utterance: utterance() })).rejects.toThrow(/speech is off/);
  });
});

describe('TurnRunner cancel and barge-in', () => {
  it('cancel during recognition ends the turn as cancelled and idle', async () => {
    const { runner, speech, stages } = await rig();
    speech.holdRecognition = true;
    const running = runner.run({ kind: 'voice', utterance: utterance() });
    await speech.waiting();
    expect(runner.busy).toBe(true);
    runner.cancel('cancelled by the pilot');
    const r = await running;
    expect(r.outcome).toEqual({ status: 'cancelled', reason: 'cancelled by the pilot' });
    expect(stages.at(-1)).toBe('idle');
    expect(runner.busy).toBe(false);
  });

  it('a typed command while a reply is spoken barges in: the reply stops, the new command runs', async () => {
    const { runner, speech, sim } = await rig();
    speech.holdReply = true;
    const first = runner.run({ kind: 'text', text: 'heading two seven zero' });
    await speech.waiting();
    speech.holdReply = false;
    const second = await runner.run({ kind: 'text', text: 'heading one two zero' });
    expect((await first).outcome.status).toBe('cancelled');
    expect(second.outcome.status).toBe('applied');
    expect(speech.stops).toBeGreaterThanOrEqual(1);
    expect(sim.state().ap.headingDegMag).toBe(120);
  });

  it('a spoken turn barges in on a turn still recognising', async () => {
    const { runner, speech } = await rig();
    speech.holdRecognition = true;
    speech.text = 'gear up';
    const first = runner.run({ kind: 'voice', utterance: utterance() });
    await speech.waiting();
    speech.holdRecognition = false;
    speech.text = 'gear down';
    const second = await runner.run({ kind: 'voice', utterance: utterance() });
    expect((await first).outcome.status).toBe('cancelled');
    expect(second.transcript).toBe('gear down');
  });

  it('an outer signal (the HTTP client went away) cancels the turn', async () => {
    const { runner, speech } = await rig();
    speech.holdRecognition = true;
    const ac = new AbortController();
    const running = runner.run({ kind: 'voice', utterance: utterance() }, { signal: ac.signal });
    await speech.waiting();
    ac.abort(new Error('client closed the request'));
    expect((await running).outcome).toEqual({ status: 'cancelled', reason: 'client closed the request' });
  });
});

describe('TurnRunner stage ownership', () => {
  it('shows listening between turns, keeps a turn stage while one runs, and returns to listening after', async () => {
    const { runner, speech, stages } = await rig();
    runner.setListening(true);
    expect(stages).toEqual(['listening']);
    speech.holdRecognition = true;
    const running = runner.run({ kind: 'voice', utterance: utterance() });
    await speech.waiting();
    runner.setListening(false);
    runner.setListening(true); // a new press during the turn: the turn's stage stays published
    expect(stages.at(-1)).toBe('transcribing');
    speech.release();
    await running;
    expect(stages.at(-1)).toBe('listening');
  });

  it('a callout is spoken only between turns unless it is a warning, and counts as busy', async () => {
    const { runner, speech } = await rig();
    speech.holdReply = true;
    const callout = runner.announce('Eighty knots.', { interrupts: false });
    await speech.waiting();
    expect(runner.busy).toBe(true);
    expect(runner.stage).toBe('speaking');
    speech.release();
    await callout;
    expect(runner.stage).toBe('idle');
    speech.holdRecognition = true;
    const turn = runner.run({ kind: 'voice', utterance: utterance() });
    await speech.waiting();
    await runner.announce('Rotate.', { interrupts: false });
    expect(speech.spoken).not.toContain('Rotate.');
    speech.holdReply = false;
    await runner.announce('Pull up.', { interrupts: true });
    expect(speech.spoken).toContain('Pull up.');
    speech.release();
    await turn;
  });
});
