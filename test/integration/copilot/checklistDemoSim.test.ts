import { afterEach, describe, expect, it } from 'vitest';
import { ChecklistRunner } from '../../../core/copilot/common/checklistRunner.js';
import { checklistNames } from '../../../core/copilot/common/checklistSchema.js';
import { loadChecklists } from '../../../core/copilot/node/loadChecklists.js';
import { loadProfiles } from '../../../core/sim/node/loadProfiles.js';
import { DemoSim } from '../../../core/sim/common/demoSim.js';
import { genericProfile } from '../../../core/sim/common/aircraftProfile.js';

describe('checklists from assets/checklists against the demo sim', () => {
  let sim: DemoSim | undefined;
  afterEach(async () => {
    await sim?.dispose();
    sim = undefined;
  });

  it('loads both shipped sets with all five checklists and no errors', async () => {
    const { sets, errors } = await loadChecklists();
    expect(errors).toEqual([]);
    expect(sets.map((s) => s.id).sort()).toEqual(['generic-airliner', 'generic-single']);
    for (const set of sets) expect(Object.keys(set.checklists).sort()).toEqual([...checklistNames].sort());
  });

  it('challenges the landing light until the demo sim turns it on, then completes', async () => {
    const { sets } = await loadChecklists();
    sim = new DemoSim({ rateHz: 20, profile: genericProfile });
    await sim.start();
    const runner = new ChecklistRunner(sets, genericProfile);
    runner.start('before-takeoff');
    const answer = (): string => {
      runner.verify(sim!.state());
      return runner.handle('confirm').text;
    };
    // Flight controls, fuel, trim, run-up, altimeter (29.92 in the demo), transponder (1200), flaps (up).
    const replies = Array.from({ length: 7 }, answer);
    expect(replies[6]).toBe('Landing light.');
    expect(answer()).toBe('Landing light is off. Landing light.');
    const outcome = await sim.write({ type: 'light', light: 'landing', on: true });
    expect(outcome.status).toBe('applied');
    expect(answer()).toBe('Strobes.'); // the demo flies with strobes on
    const done = answer();
    expect(done).toBe('Before takeoff checklist complete.');
    expect(runner.active).toBeUndefined();
  });

  it('challenges the airliner after-takeoff gear item while the demo A320 has its gear down', async () => {
    const { sets } = await loadChecklists();
    const profiles = await loadProfiles();
    const a320 = profiles.find((p) => p.id === 'a320')!;
    sim = new DemoSim({ rateHz: 20, profile: a320 });
    await sim.start();
    await sim.write({ type: 'gear', down: true });
    const runner = new ChecklistRunner(sets, a320);
    expect(runner.start('after-takeoff').text).toBe('After takeoff checklist. Landing gear.');
    runner.verify(sim.state());
    expect(runner.handle('confirm').text).toBe('Gear shows down. Landing gear.');
    await sim.write({ type: 'gear', down: false });
    runner.verify(sim.state());
    expect(runner.handle('confirm').text).toBe('Flaps.');
  });
});
