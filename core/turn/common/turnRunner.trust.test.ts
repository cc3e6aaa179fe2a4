import { DEFAULT_STRICTNESS, thresholdsFor } from './trust.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnEvent } from './turnResults.js';
import type { ChecklistPort } from '../../copilot/common/copilotPort.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { DemoSim } from '../../sim/common/demoSim.js';
import { FakeScheduler } from '../testing/fakeScheduler.js';
import { ScriptedSpeech } from '../testing/scriptedSpeech.js';
import { CONFIRM_WINDOW_MS } from './confirmation.js';
import { TurnRunner, type TurnDeps } from './turnRunner.js';
import { UNDO_WINDOW_MS } from './undo.js';

/** Confidences in the default strictness's bands: asked if risky (normal commands fly), and sure enough to fly anything. */
const defaults = thresholdsFor(DEFAULT_STRICTNESS);
const ASK = (defaults.askBelow + defaults.confirmBelow) / 2;
const SURE = (defaults.confirmBelow + 1) / 2;

/**
 * Confirmation, rejection and undo through the turn runner: scripted recognition (text,
 * confidence, n-best), the real parser, the demo sim, and a fake clock for the windows.
 */
interface Rig {
  runner: TurnRunner;
  sim: DemoSim;
  speech: ScriptedSpeech;
  clock: FakeScheduler;
  events: TurnEvent[];
  say(text: string, confidence?: number, alternatives?: Array<[string, number]>): ReturnType<TurnRunner['run']>;
  type(text: string): ReturnType<TurnRunner['run']>;
  of<T extends TurnEvent['type']>(type: T): Array<Extract<TurnEvent, { type: T }>>;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function rig(over: Partial<TurnDeps> = {}): Promise<Rig> {
  const sim = new DemoSim({ rateHz: 50, profile: genericProfile });
  await sim.start();
  const speech = new ScriptedSpeech();
  const clock = new FakeScheduler();
  const events: TurnEvent[] = [];
  const runner = new TurnRunner({
    sim: () => ({ adapter: sim, profile: genericProfile }),
    emit: (e) => events.push(e),
    stage: () => undefined,
    speech: () => speech,
    llmUnavailable: () => 'no model in this test',
    setCallouts: async () => undefined,
    strictness: () => 0.5,
    now: () => performance.now(),
    scheduler: clock,
    ...over,
  });
  cleanups.push(() => {
    runner.dispose();
    void sim.dispose();
  });
  const pcm = new Int16Array(16000).map((_, i) => (i > 4000 && i < 12000 ? (i % 2 ? 8000 : -8000) : 0));
  return {
    runner,
    sim,
    speech,
    clock,
    events,
    say(text, confidence, alternatives) {
      speech.text = text;
      speech.confidence = confidence;
      speech.alternatives = (alternatives ?? []).map(([t, c]) => ({ text: t, confidence: c }));
      return runner.run({ kind: 'voice', utterance: { pcm, releasedAtMs: performance.now(), source: 'key' } });
    },
    type: (text) => runner.run({ kind: 'text', text }),
    of: <T extends TurnEvent['type']>(type: T) => events.filter((e): e is Extract<TurnEvent, { type: T }> => e.type === type),
  };
}

describe('confirmation of risky commands', () => {
  it('"gear down" heard at low confidence is asked, nothing moves; "affirm" flies it and offers undo', async () => {
    const r = await rig();
    const asked = await r.say('gear down', ASK);
    expect(asked.reply).toBe('Confirm gear down?');
    expect(asked.outcome).toEqual({ status: 'confirming', reason: `high risk, confidence ${ASK.toFixed(2)}` });
    expect(r.sim.state().gearDown).toBe(false);
    expect(r.of('actionApplied')).toEqual([]);
    expect(r.of('confirmationPending')).toEqual([
      { type: 'confirmationPending', turnId: asked.turnId, notation: 'set gear down', question: 'Confirm gear down?', expiresAt: r.clock.now() + CONFIRM_WINDOW_MS, windowMs: CONFIRM_WINDOW_MS },
    ]);
    // The question is asked when the reply is out: after the turn's reply events.
    const types = r.events.map((e) => e.type);
    expect(types.indexOf('confirmationPending')).toBeGreaterThan(types.lastIndexOf('reply'));

    r.clock.advance(3_000);
    const yes = await r.say('affirm', SURE);
    expect(yes.outcome.status).toBe('applied');
    expect(yes.reply).toBe('gear down');
    expect(r.sim.state().gearDown).toBe(true);
    expect(r.of('confirmationResolved')).toEqual([{ type: 'confirmationResolved', turnId: asked.turnId, notation: 'set gear down', outcome: 'affirmed' }]);
    expect(r.of('undoAvailable')).toMatchObject([{ turnId: yes.turnId, notation: 'set gear down', readback: 'gear down', until: r.clock.now() + UNDO_WINDOW_MS }]);
  });

  it('"negative" drops it: "Disregarded.", nothing moves', async () => {
    const r = await rig();
    await r.say('gear down', ASK);
    const no = await r.say('negative', SURE);
    expect(no.reply).toBe('Disregarded.');
    expect(r.of('confirmationResolved').map((e) => e.outcome)).toEqual(['negated']);
    expect(r.sim.state().gearDown).toBe(false);
    expect((await r.say('affirm', SURE)).reply).toBe('Nothing to confirm.');
  });

  it('5 s of silence drops it; a late "affirm" finds nothing to confirm', async () => {
    const r = await rig();
    await r.say('gear down', ASK);
    r.clock.advance(CONFIRM_WINDOW_MS);
    expect(r.of('confirmationResolved').map((e) => e.outcome)).toEqual(['expired']);
    const late = await r.say('affirm', SURE);
    expect(late.reply).toBe('Nothing to confirm.');
    expect(r.sim.state().gearDown).toBe(false);
  });

  it('any other command drops it and runs normally', async () => {
    const r = await rig();
    await r.say('gear down', ASK);
    const other = await r.say('heading one two zero', SURE);
    expect(other.outcome.status).toBe('applied');
    expect(r.of('confirmationResolved').map((e) => e.outcome)).toEqual(['superseded']);
    expect(r.sim.state().ap.headingDegMag).toBe(120);
    expect(r.sim.state().gearDown).toBe(false);
  });

  it('"say again" asks again with a fresh window; a mumble is rejected and keeps the question open', async () => {
    const r = await rig();
    await r.say('gear down', ASK);
    r.clock.advance(4_000);
    const mumble = await r.say('heading one two zero', 0.2);
    expect(mumble.reply).toBe('Say again.');
    expect(mumble.outcome).toEqual({ status: 'not-understood', reason: 'low confidence 0.20' });
    r.clock.advance(4_000); // 8 s after the question, 4 s after "say again."
    expect(r.of('confirmationResolved')).toEqual([]);
    expect(r.of('confirmationPending')).toHaveLength(2);
    await r.say('affirm', SURE);
    expect(r.sim.state().gearDown).toBe(true);
  });

  it('a compound command is asked as one question, flown together on "affirm" and undone together', async () => {
    const r = await rig();
    const asked = await r.say('gear down and flaps full', ASK);
    expect(asked.reply).toBe('Confirm gear down, flaps full?');
    expect(r.sim.state()).toMatchObject({ gearDown: false, flapsIndex: 0 });
    const yes = await r.say('affirm', SURE);
    expect(yes.reply).toBe('gear down, flaps full');
    expect(r.sim.state()).toMatchObject({ gearDown: true, flapsIndex: 3 });
    expect(r.of('undoAvailable')).toMatchObject([{ notation: 'set gear down; set flaps full' }]);
    await r.say('undo', SURE);
    expect(r.sim.state()).toMatchObject({ gearDown: false, flapsIndex: 0 });
  });

  it('while a checklist runs, its "check" answers the question', async () => {
    const handled: string[] = [];
    const checklist: ChecklistPort = { active: () => true, start: () => '', handle: (i) => (handled.push(i.kind), 'Checked.') };
    const r = await rig({ checklist: () => checklist });
    await r.say('gear down', ASK);
    await r.say('affirm', SURE);
    expect(r.sim.state().gearDown).toBe(true);
    expect(handled).toEqual([]);
  });

  it('typed commands fly at once, whatever their risk; spoken ones with no confidence are asked', async () => {
    const r = await rig();
    expect((await r.type('gear down')).outcome.status).toBe('applied');
    expect((await r.say('gear up', undefined)).outcome.status).toBe('confirming');
    expect((await r.say('heading one two zero', undefined)).outcome.status).toBe('applied');
  });

  it('a strict pilot is asked about every spoken risky command; a relaxed one is not', async () => {
    let strictness = 1;
    const r = await rig({ strictness: () => strictness });
    expect((await r.say('gear down', 0.97)).outcome.status).toBe('confirming');
    strictness = 0;
    expect((await r.say('gear down', ASK)).outcome.status).toBe('applied');
  });

  it('n-best: the reading that makes sense against the sim wins, and too close a rival is asked', async () => {
    const r = await rig();
    // The autopilot is on: "on" changes nothing, "off" is what the pilot most likely said, but it is close.
    const v = await r.say('autopilot on', SURE, [['autopilot off', ASK]]);
    expect(v.transcript).toBe('autopilot off');
    expect(v.reply).toBe('Confirm autopilot disconnected?');
  });
});

describe('undo', () => {
  it('"undo" puts the prior heading bug back; after 10 s there is nothing to undo', async () => {
    const r = await rig();
    await r.type('heading two seven zero');
    const turn = await r.type('heading zero four zero');
    expect(r.sim.state().ap.headingDegMag).toBe(40);
    const undo = await r.say('undo', SURE);
    expect(undo.reply).toBe('heading two seven zero');
    expect(r.sim.state().ap.headingDegMag).toBe(270);
    expect(r.of('undone')).toEqual([{ type: 'undone', turnId: turn.turnId, notation: 'set ap.heading 40' }]);
    expect((await r.say('undo', SURE)).reply).toBe('Nothing to undo.'); // once

    await r.type('heading one eight zero');
    r.clock.advance(UNDO_WINDOW_MS + 1);
    expect((await r.say('undo', SURE)).reply).toBe('Nothing to undo.');
    expect(r.sim.state().ap.headingDegMag).toBe(180);
  });

  it('a compound command undoes together; "negative" with no question undoes too', async () => {
    const r = await rig();
    await r.type('gear down and flaps full');
    expect(r.sim.state()).toMatchObject({ gearDown: true, flapsIndex: 3 });
    await r.say('negative', SURE);
    expect(r.sim.state()).toMatchObject({ gearDown: false, flapsIndex: 0 });
  });

  it('swap back, squawk back', async () => {
    const r = await rig();
    const before = r.sim.state().radios;
    await r.type('swap com one');
    await r.type('undo');
    expect(r.sim.state().radios).toEqual(before);
    await r.type('squawk seven seven zero zero');
    await r.type('undo');
    expect(r.sim.state().xpdrCode).toBe(1200);
  });
});
