import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeZodError } from '../../base/common/zodError.js';
import { writeFileAtomic } from '../../config/node/atomicWrite.js';
import { aircraftProfileSchema, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { loadProfiles } from '../../sim/node/loadProfiles.js';

/** The pilot's copies of aircraft profiles, beside the config file: `<config folder>/aircraft/<id>.json`. */
export function userProfilesDir(configPath: string): string {
  return path.join(path.dirname(configPath), 'aircraft');
}

export type ProfileSource = 'shipped' | 'user';

/** What aircraftProfileSchema cannot say: detents in handle order, speeds in their order. */
export function profileProblems(p: AircraftProfile): string[] {
  const out: string[] = [];
  const names = p.flaps.map((d) => d.name);
  if (new Set(names).size !== names.length) out.push('flaps: each detent needs its own name');
  for (let i = 1; i < p.flaps.length; i++) if (p.flaps[i]!.ratio <= p.flaps[i - 1]!.ratio) out.push(`flaps.${i}.ratio: detents go from up (0) to full (1), each further than the one before`);
  if (p.flaps[0]!.ratio !== 0) out.push('flaps.0.ratio: the first detent is flaps up (0)');
  const s = p.speeds;
  if (s.vsoKt > s.vs1Kt) out.push('speeds: vso (stall, landing flaps) is not above vs1 (stall, clean)');
  if (s.vrKt < s.vs1Kt) out.push('speeds: vr (rotate) is not below vs1');
  if (s.vneKt <= s.vrKt) out.push('speeds: vne is above vr');
  return out;
}

/** The shipped profiles with the pilot's copies over them (same id: the copy wins), and where each came from. */
export async function loadAllProfiles(userDir: string, onWarning?: (msg: string) => void): Promise<{ profiles: AircraftProfile[]; sources: Map<string, ProfileSource> }> {
  const shipped = await loadProfiles(undefined, onWarning);
  const hasUserDir = await readdir(userDir).then(() => true, () => false);
  const user = hasUserDir ? await loadProfiles(userDir, onWarning) : [];
  const sources = new Map<string, ProfileSource>(shipped.map((p) => [p.id, 'shipped']));
  const usable = user.filter((p) => {
    const problems = profileProblems(p);
    if (problems.length > 0) onWarning?.(`your aircraft profile ${p.id} is not used: ${problems.join('; ')}`);
    return problems.length === 0;
  });
  for (const p of usable) sources.set(p.id, 'user');
  const ids = new Set(usable.map((p) => p.id));
  return { profiles: [...shipped.filter((p) => !ids.has(p.id)), ...usable].sort((a, b) => a.id.localeCompare(b.id)), sources };
}

/** Validates and writes the pilot's copy of a profile; the reasons when it is not valid (nothing written). */
export async function saveUserProfile(userDir: string, raw: unknown): Promise<{ ok: true; profile: AircraftProfile } | { ok: false; problems: string[] }> {
  const r = aircraftProfileSchema.safeParse(raw);
  if (!r.success) return { ok: false, problems: [describeZodError(r.error)] };
  const problems = profileProblems(r.data);
  if (problems.length > 0) return { ok: false, problems };
  await writeFileAtomic(path.join(userDir, `${r.data.id}.json`), `${JSON.stringify(r.data, null, 2)}\n`);
  return { ok: true, profile: r.data };
}

/** Whether a file in the user's folder is the pilot's copy (for tests and the listing). */
export async function readUserProfile(userDir: string, id: string): Promise<string | undefined> {
  return readFile(path.join(userDir, `${id}.json`), 'utf8').catch(() => undefined);
}
