import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles, selectProfile } from './loadProfiles.js';

describe('loadProfiles', () => {
  it('loads and validates the shipped profiles', async () => {
    const warnings: string[] = [];
    const profiles = await loadProfiles(undefined, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(profiles.map((p) => p.id)).toEqual(['a320', 'b737', 'c172', 'generic', 'king-air-c90']);
    const c172 = profiles.find((p) => p.id === 'c172')!;
    expect(c172.retractableGear).toBe(false);
    expect(c172.flaps.map((f) => f.name)).toEqual(['up', '10', '20', '30']);
    for (const p of profiles) {
      const ratios = p.flaps.map((f) => f.ratio);
      expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
      expect(ratios[0]).toBe(0);
      expect(ratios[ratios.length - 1]).toBe(1);
    }
  });

  it('chooses the shipped profile from typical sim titles', async () => {
    const profiles = await loadProfiles();
    expect(selectProfile('Cessna Skyhawk (C172)', profiles).id).toBe('c172');
    expect(selectProfile('c172p', profiles).id).toBe('c172');
    expect(selectProfile('Boeing 737-800 (B738)', profiles).id).toBe('b737');
    expect(selectProfile('Airbus A320neo (A20N)', profiles).id).toBe('a320');
    expect(selectProfile('Beechcraft King Air C90B', profiles).id).toBe('king-air-c90');
    expect(selectProfile('Extra 330', profiles).id).toBe('generic');
  });

  it('skips invalid files with a warning and survives a missing folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'stratus-profiles-'));
    try {
      await writeFile(path.join(dir, 'bad.json'), '{ not json');
      await writeFile(path.join(dir, 'wrong.json'), JSON.stringify({ id: 'Bad Id', name: '' }));
      const warnings: string[] = [];
      expect(await loadProfiles(dir, (w) => warnings.push(w))).toEqual([]);
      expect(warnings).toHaveLength(2);
      expect(await loadProfiles(path.join(dir, 'nope'), (w) => warnings.push(w))).toEqual([]);
      expect(warnings[2]).toMatch(/cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
