import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetsDir } from '../../config/node/paths.js';
import { parseChecklistYaml, type ChecklistSet } from '../common/checklistSchema.js';

/** The shipped checklists folder (assets/checklists), from source and built layouts alike. */
export function defaultChecklistDir(): string {
  return join(assetsDir(), 'checklists');
}

/**
 * Reads every *.yaml / *.yml in `dir` as a checklist set. A bad file is reported in `errors` and
 * skipped; the others still load. A missing directory gives no sets and one error.
 */
export async function loadChecklists(dir: string = defaultChecklistDir()): Promise<{ sets: ChecklistSet[]; errors: string[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    return { sets: [], errors: [`${dir}: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const sets: ChecklistSet[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const result = parseChecklistYaml(await readFile(join(dir, name), 'utf8'), name);
    if ('set' in result) sets.push(result.set);
    else errors.push(result.error);
  }
  return { sets, errors };
}
