import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { loadAllProfiles, readUserProfile, saveUserProfile, userProfilesDir } from './profileStore.js';

const root = mkdtempSync(join(tmpdir(), 'stratus-profiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the pilot's copies of aircraft profiles", () => {
  it('live beside the config file', () => {
    expect(userProfilesDir(join(root, 'config.json'))).toBe(join(root, 'aircraft'));
  });

  it('refuses a copy whose detents or speeds are out of order, writing nothing', async () => {
    const dir = join(root, 'a');
    const flaps = [{ name: 'up', ratio: 0 }, { name: '20', ratio: 0.8 }, { name: '10', ratio: 0.4 }];
    const r = await saveUserProfile(dir, { ...genericProfile, id: 'mine', flaps });
    expect(r).toEqual({ ok: false, problems: ['flaps.2.ratio: detents go from up (0) to full (1), each further than the one before'] });
    expect(await readUserProfile(dir, 'mine')).toBeUndefined();
    const bad = await saveUserProfile(dir, { ...genericProfile, id: 'Mine!' });
    expect(bad.ok ? '' : bad.problems.join()).toMatch(/id/);
    const slow = await saveUserProfile(dir, { ...genericProfile, id: 'mine', speeds: { ...genericProfile.speeds, vsoKt: 90, vs1Kt: 50 } });
    expect(slow.ok ? '' : slow.problems.join()).toMatch(/vso/);
  });

  it('saves a valid copy, which then replaces the shipped profile with its id', async () => {
    const dir = join(root, 'b');
    const { profiles: shipped } = await loadAllProfiles(dir);
    const base = shipped[0]!;
    const edited = { ...base, speeds: { ...base.speeds, vrKt: base.speeds.vrKt + 3 } };
    expect((await saveUserProfile(dir, edited)).ok).toBe(true);
    const { profiles, sources } = await loadAllProfiles(dir);
    expect(profiles.find((p) => p.id === base.id)?.speeds.vrKt).toBe(base.speeds.vrKt + 3);
    expect(sources.get(base.id)).toBe('user');
    expect(profiles).toHaveLength(shipped.length);
  });

  it('skips a hand-edited copy that is out of order, with a warning, and keeps the shipped one', async () => {
    const dir = join(root, 'c');
    mkdirSync(dir, { recursive: true });
    const { profiles: shipped } = await loadAllProfiles(dir);
    const base = shipped[0]!;
    writeFileSync(join(dir, `${base.id}.json`), JSON.stringify({ ...base, flaps: [...base.flaps].reverse() }));
    const warnings: string[] = [];
    const { profiles, sources } = await loadAllProfiles(dir, (w) => warnings.push(w));
    expect(warnings.join()).toMatch(new RegExp(`your aircraft profile ${base.id} is not used`));
    expect(profiles.find((p) => p.id === base.id)).toEqual(base);
    expect(sources.get(base.id)).toBe('shipped');
  });
});
