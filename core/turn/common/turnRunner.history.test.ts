import { afterEach, describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { DemoSim } from '../../sim/common/demoSim.js';
import { toSimAction } from '../../intent/common/toSimAction.js';
import type { Intent } from '../../intent/common/intents.js';
import { FakeScheduler } from '../testing/fakeScheduler.js';
import type { HistoryEntry } from './historyEntry.js';
import { HISTORY_MAX_ENTRIES } from './turnHistory.js';
import { TurnRunner } from './turnRunner.js';
import { UNDO_WINDOW_MS } from './undo.js';

/** The transcript history through the turn runner: typed commands on the demo sim, a fake clock for the undo window. */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function rig(): Promise<{ runner: TurnRunner; sim: DemoSim; clock: FakeScheduler; updates: HistoryEntry[]; type(text: string): ReturnType<TurnRunner['run']> }> {
  const sim = new DemoSim({ rateHz: 50, profile: genericProfile });
  await sim.start();
  const clock = new FakeScheduler();
  const updates: HistoryEntry[] = [];
  const runner = new TurnRunner({
    sim: () => ({ adapter: sim, profile: genericProfile }),
    emit: () => undefined,
    stage: () => undefined,
    llmUnavailable: () => 'no model in this test',
    setCallouts: async () => undefined,
    strictness: () => 0.5,
    now: () => performance.now(),
    scheduler: clock,
    historyChanged: (e) => updates.push(e),
  });
  cleanups.push(() => {
    runner.dispose();
    void sim.dispose();
  });
  return { runner, sim, clock, updates, type: (text) => runner.run({ kind: 'text', text }) };
}

/** A change made in the sim itself (the pilot's hand on the knob), not through Stratus. */
async function outside(sim: DemoSim, intent: Intent): Promise<void> {
  const m = toSimAction(intent, genericProfile);
  if (!m || 'refusal' in m) throw new Error('not a write');
  await sim.write(m.action);
}

describe('transcript history', () => {
  it('records what was heard, done, read back and the sim values, newest first, and tells live listeners', async () => {
    const r = await rig();
    const before = r.sim.state().ap.headingDegMag;
    await r.type('heading two seven zero');
    await r.type('flaps fifty five');
    const [second, first] = r.runner.history.list();
    expect(first).toMatchObject({ source: 'text', heard: 'heading two seven zero', result: 'applied', undo: { state: 'available' } });
    expect(first!.intent).toContain('270');
    expect(first!.actions).toEqual([expect.objectContaining({ status: 'applied' })]);
    expect(first!.changes).toEqual([{ control: 'ap.headingDegMag', label: 'heading bug', before, after: 270 }]);
    expect(first!.readback.length).toBeGreaterThan(0);
    expect(second!.heard).toBe('flaps fifty five');
    expect(['refused', 'said again']).toContain(second!.result);
    expect(second!.changes).toEqual([]);
    expect(r.updates.map((u) => u.turnId)).toEqual([first!.turnId, second!.turnId]);
  });

  it('undo from the list puts the value back after the voice undo window, once, and marks the entry', async () => {
    const r = await rig();
    const before = r.sim.state().ap.headingDegMag;
    const t = await r.type('heading two seven zero');
    r.clock.advance(UNDO_WINDOW_MS * 3);
    expect((await r.type('undo')).reply).toBe('Nothing to undo.');
    const res = await r.runner.undoFromHistory(t.turnId);
    expect(res).toMatchObject({ status: 'undone' });
    expect(r.sim.state().ap.headingDegMag).toBe(before);
    const entry = r.runner.history.get(t.turnId)!;
    expect(entry.undo).toMatchObject({ state: 'undone', undoneBy: res.turnId });
    expect(r.runner.history.get(res.turnId!)!.undoOf).toBe(t.turnId);
    expect(await r.runner.undoFromHistory(t.turnId)).toEqual({ status: 'refused', reason: 'it was already undone' });
  });

  it('refuses to undo an old entry after a later command changed the same control; allows it once that one is undone', async () => {
    const r = await rig();
    const start = r.sim.state().ap.headingDegMag;
    const old = await r.type('heading two seven zero');
    const alt = await r.type('altitude five thousand');
    const later = await r.type('heading one eight zero');
    const refused = await r.runner.undoFromHistory(old.turnId);
    expect(refused.status).toBe('refused');
    expect(refused.reason).toMatch(/heading bug was changed again afterwards \("heading one eight zero"\)/);
    expect(r.sim.state().ap.headingDegMag).toBe(180);
    // Another control in between does not block: undo of the altitude is fine.
    expect((await r.runner.undoFromHistory(alt.turnId)).status).toBe('undone');
    expect((await r.runner.undoFromHistory(later.turnId)).status).toBe('undone');
    expect(r.sim.state().ap.headingDegMag).toBe(270);
    expect((await r.runner.undoFromHistory(old.turnId)).status).toBe('undone');
    expect(r.sim.state().ap.headingDegMag).toBe(start);
  });

  it('refuses when the control was changed outside Stratus since, and writes nothing', async () => {
    const r = await rig();
    const t = await r.type('heading two seven zero');
    await outside(r.sim, { kind: 'apHeading', headingDegMag: 200 });
    const res = await r.runner.undoFromHistory(t.turnId);
    expect(res).toEqual({ status: 'refused', reason: 'the heading bug is 200 now, not 270 as this command left it (changed outside Stratus)' });
    expect(r.sim.state().ap.headingDegMag).toBe(200);
  });

  it('a voice undo of the last command marks its entry; the list cannot undo it again', async () => {
    const r = await rig();
    const t = await r.type('gear up');
    await r.type('undo');
    expect(r.runner.history.get(t.turnId)!.undo.state).toBe('undone');
    expect((await r.runner.undoFromHistory(t.turnId)).status).toBe('refused');
  });

  it('an undo from the list clears the voice undo of the same command', async () => {
    const r = await rig();
    const start = r.sim.state().gearDown;
    const t = await r.type(start ? 'gear up' : 'gear down');
    expect(r.sim.state().gearDown).toBe(!start);
    expect((await r.runner.undoFromHistory(t.turnId)).status).toBe('undone');
    expect(r.sim.state().gearDown).toBe(start);
    expect((await r.type('undo')).reply).toBe('Nothing to undo.');
  });

  it(`keeps the last ${HISTORY_MAX_ENTRIES} turns`, async () => {
    const r = await rig();
    for (let i = 0; i < HISTORY_MAX_ENTRIES + 5; i++) await r.type('what is our heading');
    const list = r.runner.history.list();
    expect(list).toHaveLength(HISTORY_MAX_ENTRIES);
    const missing = await r.runner.undoFromHistory('t1-nothere');
    expect(missing.status).toBe('refused');
    expect(missing.reason).toMatch(/^no turn t1-nothere in the history/);
  });
});

