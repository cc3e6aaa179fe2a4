import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { assetsDir } from '../../config/node/paths.js';
import { aircraftProfileSchema, type AircraftProfile } from '../common/aircraftProfile.js';

export { selectProfile } from '../common/profileSelect.js';

/** The shipped profiles folder (assets/aircraft), from source and built layouts alike. */
export function defaultProfilesDir(): string {
  return path.join(assetsDir(), 'aircraft');
}

/**
 * Reads every `*.json` in `dir` and validates it with aircraftProfileSchema. A file that does not
 * parse or validate is skipped with a warning naming the file and the problem; a missing folder
 * gives an empty list and a warning. Sorted by id so the result does not depend on the file system.
 */
export async function loadProfiles(dir: string = defaultProfilesDir(), onWarning?: (msg: string) => void): Promise<AircraftProfile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch (err) {
    onWarning?.(`aircraft profiles: cannot read ${dir}: ${(err as Error).message}`);
    return [];
  }
  const out: AircraftProfile[] = [];
  for (const name of names) {
    try {
      const parsed = aircraftProfileSchema.safeParse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
      if (parsed.success) out.push(parsed.data);
      else onWarning?.(`aircraft profile ${name} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    } catch (err) {
      onWarning?.(`aircraft profile ${name} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
