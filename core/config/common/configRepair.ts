import type { z } from 'zod';
import { describeZodError } from '../../base/common/zodError.js';

/** More rounds than any real file needs (each drops every offending setting zod reported). */
const MAX_REPAIR_ROUNDS = 32;

export interface RepairResult<T> {
  /** The parsed settings: every valid setting kept, every offending one back at its default. */
  value: T;
  /** The input with the offending settings removed (what a settings file should keep). */
  kept: unknown;
  /** The dotted paths dropped ("llm.host", "colour" for an unknown key), with zod's reason. */
  dropped: Array<{ path: string; reason: string }>;
}

/**
 * Parses a settings file's contents, keeping what is valid: an unknown key is removed, an invalid
 * value is removed (so its default applies), and the rest is kept. A root that is not an object
 * gives all defaults. Pure: the caller decides what to tell the pilot and where the original goes.
 */
export function repairConfig<S extends z.ZodType>(schema: S, input: unknown): RepairResult<z.output<S>> {
  const dropped: RepairResult<z.output<S>>['dropped'] = [];
  let value: unknown = structuredClone(input);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    dropped.push({ path: '(root)', reason: 'not an object of settings' });
    value = {};
  }
  for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
    const result = schema.safeParse(value);
    if (result.success) return { value: result.data, kept: value, dropped };
    let removedAny = false;
    for (const issue of result.error.issues) {
      const base = issue.path.map(String);
      const targets = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...base, k]) : [base];
      for (const path of targets) {
        const reason = issue.code === 'unrecognized_keys' ? 'no such setting' : describeZodError({ issues: [{ ...issue, path: [] }] } as unknown as z.ZodError).replace(/^\(root\): /, '');
        const removed = removeAt(value as Record<string, unknown>, path);
        if (removed) {
          removedAny = true;
          dropped.push({ path: removed.join('.'), reason });
        }
      }
    }
    if (!removedAny) break;
  }
  // Nothing more could be removed key by key (a rule across settings): all defaults.
  const all = schema.safeParse({});
  if (!all.success) throw new Error(`the settings schema rejects its own defaults: ${describeZodError(all.error)}`);
  dropped.push({ path: '(all)', reason: 'the settings did not validate even after removing the invalid ones' });
  return { value: all.data, kept: {}, dropped };
}

/** Deletes the value at `path` (or, when that is absent, the nearest existing parent below the root). */
function removeAt(root: Record<string, unknown>, path: string[]): string[] | undefined {
  for (let n = path.length; n >= 1; n--) {
    let node: unknown = root;
    for (const key of path.slice(0, n - 1)) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    const last = path[n - 1]!;
    if (typeof node === 'object' && node !== null && Object.hasOwn(node, last)) {
      delete (node as Record<string, unknown>)[last];
      return path.slice(0, n);
    }
  }
  return undefined;
}
