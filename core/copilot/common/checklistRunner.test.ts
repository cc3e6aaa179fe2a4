import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState } from '../../sim/common/simState.js';
import { ChecklistRunner } from './checklistRunner.js';
import { checklistSetFor, parseChecklistYaml, type ChecklistSet } from './checklistSchema.js';

const yaml = `
id: test-single
title: Test single
categories: [piston-single]
checklists:
  before-takeoff:
    title: Before takeoff
    items:
      - { challenge: Flight controls, response: Free and correct }
      - { challenge: Flaps, response: Up to ten, verify: { check: flaps, setting: takeoff } }
      - { challenge: Landing light, response: "On", verify: { check: light, light: landing, on: true } }
`;

function testSet(): ChecklistSet {
  const r = parseChecklistYaml(yaml, 'test.yaml');
  if (!('set' in r)) throw new Error(r.error);
  return r.set;
}

describe('ChecklistRunner', () => {
  it('reads, confirms, skips and completes with progress matching the contract', () => {
    const runner = new ChecklistRunner([testSet()], genericProfile);
    const start = runner.start('before-takeoff');
    expect(start.text).toBe('Before takeoff checklist. Flight controls.');
    expect(start.progress).toMatchObject({ type: 'checklist', name: 'before-takeoff', index: 0, done: false });
    expect(runner.handle('repeat').text).toBe('Flight controls.');
    expect(runner.handle({ kind: 'checklist', action: 'confirm' }).text).toBe('Flaps.');
    expect(runner.handle('skip').text).toBe('Landing light.');
    const end = runner.handle('next');
    expect(end.text).toBe('Before takeoff checklist complete, 1 item skipped.');
    expect(end.progress!.items.map((i) => i.status)).toEqual(['checked', 'skipped', 'checked']);
    expect(end.progress!.done).toBe(true);
    expect(runner.active).toBeUndefined();
    expect(runner.handle('confirm').text).toBe('No checklist running.');
  });

  it('challenges an item the telemetry contradicts and checks it once corrected', () => {
    const runner = new ChecklistRunner([testSet()], genericProfile);
    runner.start('before-takeoff');
    runner.handle('confirm');
    const s = { ...emptySimState(), flapsIndex: 3, flapsRatio: 1 };
    expect(runner.verify(s)).toEqual({ ok: false, message: 'Flaps show full, takeoff flaps are up to 1.' });
    const challenged = runner.handle('confirm');
    expect(challenged.text).toBe('Flaps show full, takeoff flaps are up to 1. Flaps.');
    expect(challenged.progress!.items[1]!.status).toBe('challenged');
    expect(challenged.progress!.index).toBe(1);
    runner.verify({ ...s, flapsIndex: 1, flapsRatio: 1 / 3 });
    expect(runner.handle('confirm').text).toBe('Landing light.');
    expect(runner.active!.items[1]!.status).toBe('checked');
  });

  it('stops on request and says when it has no such checklist', () => {
    const runner = new ChecklistRunner([testSet()], genericProfile);
    runner.start('before-takeoff');
    const stop = runner.handle('stop');
    expect(stop.text).toBe('Before takeoff checklist stopped.');
    expect(stop.progress!.done).toBe(true);
    expect(runner.start('landing')).toEqual({ text: 'I have no landing checklist for this aircraft.', progress: undefined });
  });

  it('rejects a malformed checklist file with a clear message', () => {
    const bad = parseChecklistYaml('id: x\ntitle: t\nchecklists:\n  landing:\n    title: L\n    items: []\n', 'bad.yaml');
    expect('error' in bad && bad.error).toMatch(/^bad\.yaml: checklists\.landing\.items/);
    const notYaml = parseChecklistYaml('id: [unclosed', 'broken.yaml');
    expect('error' in notYaml && notYaml.error).toMatch(/^broken\.yaml: not valid YAML/);
    const unknownName = parseChecklistYaml('id: x\ntitle: t\nchecklists:\n  taxi:\n    title: T\n    items: [{ challenge: a, response: b }]\n', 'n.yaml');
    expect('error' in unknownName).toBe(true);
  });

  it('picks the set by profile id before category', () => {
    const byCategory = testSet();
    const byId: ChecklistSet = { ...byCategory, id: 'for-c172', profiles: ['c172'], categories: [] };
    expect(checklistSetFor([byCategory, byId], { ...genericProfile, id: 'c172' })!.id).toBe('for-c172');
    expect(checklistSetFor([byCategory, byId], genericProfile)!.id).toBe('test-single');
  });
});
