import { DEFAULT_STRICTNESS, thresholdsFor } from '../../../core/turn/common/trust.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../../core/audio/common/wav.js';
import type { EngineEvent, EngineState } from '../../../core/api/common/contract.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { ScriptedSpeech } from '../../../core/turn/testing/scriptedSpeech.js';
import { CONFIRM_WINDOW_MS } from '../../../core/turn/common/confirmation.js';

/** Confidences in the default strictness's bands: asked if risky (normal commands fly), and sure enough to fly anything. */
const defaults = thresholdsFor(DEFAULT_STRICTNESS);
const ASK = (defaults.askBelow + defaults.confirmBelow) / 2;
const SURE = (defaults.confirmBelow + 1) / 2;

/**
 * "Never fly a wrong command" through the engine as composed for the hosts: its settings, turn
 * runner, the demo sim and the contract's events and state. What the recogniser heard (text,
 * confidence, n-best) is scripted through the engine's speech port; the audio is a real WAV
 * carried through runUtterance. Windows run on the real clock (the 5 s timeout is waited once).
 */
describe('confirmation and undo through the engine', () => {
  const home = mkdtempSync(join(tmpdir(), 'stratus-engine-trust-'));
  const speech = new ScriptedSpeech();
  let engine: Engine;
  const events: EngineEvent[] = [];
  const wav = encodeWav16(Int16Array.from({ length: 16000 }, (_, i) => (i > 4000 && i < 12000 ? (i % 2 ? 8000 : -8000) : 0)), 16000);

  function say(text: string, confidence: number | undefined): ReturnType<Engine['runUtterance']> {
    speech.text = text;
    speech.confidence = confidence;
    return engine.runUtterance(wav);
  }
  function of<T extends EngineEvent['type']>(type: T): Array<Extract<EngineEvent, { type: T }>> {
    return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  }
  const trust = (): EngineState['trust'] => engine.state().trust;

  beforeAll(async () => {
    const config = join(home, 'config.json');
    writeFileSync(config, JSON.stringify({ audio: { inputDevice: 'none', outputDevice: 'none' } }));
    engine = await createEngine({ configPath: config, sim: 'demo', speechPort: speech, env: { STRATUS_HOME: home, STRATUS_SIM_DEMORATEHZ: '50' } });
    engine.onEvent((e) => events.push(e));
    await engine.ready();
  });
  beforeEach(async () => {
    await engine.updateSettings({ speech: { strictness: 0.5 } });
    await engine.runText('gear down'); // typed: applied at once, whatever its risk
    events.splice(0);
  });
  afterAll(async () => {
    await engine?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('"gear up" heard at low confidence is asked and shown in state; "affirm" flies it; undo is offered', async () => {
    expect(engine.state().telemetry.gearDown).toBe(true);
    const asked = await say('gear up', ASK);
    expect(asked.reply).toBe('Confirm gear up?');
    expect(asked.outcome.status).toBe('confirming');
    expect(engine.state().telemetry.gearDown).toBe(true);
    expect(trust()?.confirmation).toMatchObject({ turnId: asked.turnId, question: 'Confirm gear up?', notation: 'set gear up' });
    expect(trust()!.confirmation!.expiresAt).toBeGreaterThan(Date.now());

    const yes = await say('affirm', SURE);
    expect(yes.outcome.status).toBe('applied');
    expect(engine.state().telemetry.gearDown).toBe(false);
    expect(of('confirmationResolved')).toMatchObject([{ turnId: asked.turnId, outcome: 'affirmed' }]);
    expect(trust()?.confirmation).toBeNull();
    expect(trust()?.undo).toMatchObject({ turnId: yes.turnId, notation: 'set gear up', readback: 'gear up' });
  });

  it('"negative" drops it: nothing moves', async () => {
    await say('gear up', ASK);
    expect((await say('negative', SURE)).reply).toBe('Disregarded.');
    expect(engine.state().telemetry.gearDown).toBe(true);
    expect(of('confirmationResolved').map((e) => e.outcome)).toEqual(['negated']);
    expect(trust()?.confirmation).toBeNull();
  });

  it('an unanswered question is dropped after 5 s', async () => {
    await say('gear up', ASK);
    await new Promise((r) => setTimeout(r, CONFIRM_WINDOW_MS + 300));
    expect(of('confirmationResolved').map((e) => e.outcome)).toEqual(['expired']);
    expect(trust()?.confirmation).toBeNull();
    expect((await say('affirm', SURE)).reply).toBe('Nothing to confirm.');
    expect(engine.state().telemetry.gearDown).toBe(true);
  }, 15_000);

  it('below the rejection threshold: "Say again.", nothing applied', async () => {
    const r = await say('gear up', 0.2);
    expect(r.reply).toBe('Say again.');
    expect(r.outcome).toEqual({ status: 'not-understood', reason: 'low confidence 0.20' });
    expect(engine.state().telemetry.gearDown).toBe(true);
  });

  it('strictness is applied live: strict asks at 0.97, relaxed flies where the default asks', async () => {
    await engine.updateSettings({ speech: { strictness: 1 } });
    expect((await say('gear up', 0.97)).outcome.status).toBe('confirming');
    await engine.updateSettings({ speech: { strictness: 0 } });
    expect((await say('gear up', ASK)).outcome.status).toBe('applied');
    expect(engine.state().telemetry.gearDown).toBe(false);
  });

  it('an applied heading change is undone by "undo": the prior bug comes back', async () => {
    await engine.runText('heading two seven zero');
    const turn = await say('heading zero four zero', SURE);
    expect(turn.outcome.status).toBe('applied');
    expect(engine.state().telemetry.apHeadingDegMag).toBe(40);
    expect(trust()?.undo).toMatchObject({ turnId: turn.turnId, notation: 'set ap.heading 40' });
    const undo = await say('undo', SURE);
    expect(undo.reply).toBe('heading two seven zero');
    expect(engine.state().telemetry.apHeadingDegMag).toBe(270);
    expect(of('undone')).toMatchObject([{ turnId: turn.turnId }]);
    expect(trust()?.undo).toBeNull();
    expect((await engine.runText('undo')).reply).toBe('Nothing to undo.');
  });
});
