import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeZodError } from '../../base/common/zodError.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { lightNames } from '../../sim/common/simState.js';
import { checklistNames, type ChecklistName } from '../../intent/common/intents.js';

/**
 * Per-aircraft checklists as YAML (assets/checklists/*.yaml). A set lists the aircraft it is for
 * (profile ids, then categories) and its checklists by name; an item may name a telemetry check,
 * which is run when the pilot answers the item and challenged when the sim disagrees.
 */
export { checklistNames, type ChecklistName };

export const itemCheckSchema = z.discriminatedUnion('check', [
  z.object({ check: z.literal('gear'), down: z.boolean() }),
  /** Flaps for a configuration, resolved through the aircraft profile's detents. */
  z.object({ check: z.literal('flaps'), setting: z.enum(['up', 'takeoff', 'landing']) }),
  z.object({ check: z.literal('light'), light: z.enum(lightNames), on: z.boolean() }),
  /** A code is set (not 0000); optionally a specific one. */
  z.object({ check: z.literal('transponder'), code: z.number().int().min(0).max(7777).optional() }),
  /** A plausible local setting, or standard (29.92 inHg). */
  z.object({ check: z.literal('altimeter'), standard: z.boolean().default(false) }),
  z.object({ check: z.literal('engine'), running: z.boolean() }),
]);
export type ItemCheck = z.infer<typeof itemCheckSchema>;

export const checklistItemSchema = z.object({
  challenge: z.string().min(1).max(80),
  response: z.string().min(1).max(80),
  verify: itemCheckSchema.optional(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSchema = z.object({
  title: z.string().min(1),
  items: z.array(checklistItemSchema).min(1),
});
export type Checklist = z.infer<typeof checklistSchema>;

export const checklistSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    /** Aircraft profile ids this set is written for. */
    profiles: z.array(z.string()).default([]),
    /** Profile categories it fits when no set names the profile. */
    categories: z.array(z.enum(['piston-single', 'piston-twin', 'turboprop', 'jet'])).default([]),
    checklists: z.partialRecord(z.enum(checklistNames), checklistSchema),
  })
  .strict();
export type ChecklistSet = z.infer<typeof checklistSetSchema>;

/** Parses one YAML file; a bad file is a clear error, never a throw. */
export function parseChecklistYaml(text: string, source: string): { set: ChecklistSet } | { error: string } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { error: `${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = checklistSetSchema.safeParse(raw);
  if (!parsed.success) return { error: `${source}: ${describeZodError(parsed.error)}` };
  return { set: parsed.data };
}

/** The set written for this profile, else one for its category, else the first. */
export function checklistSetFor(sets: readonly ChecklistSet[], profile: AircraftProfile): ChecklistSet | undefined {
  return sets.find((s) => s.profiles.includes(profile.id)) ?? sets.find((s) => s.categories.includes(profile.category)) ?? sets[0];
}

/** Handle index range that counts as a flap configuration for this aircraft. */
export function flapsRange(profile: AircraftProfile, setting: 'up' | 'takeoff' | 'landing'): { min: number; max: number } {
  const last = profile.flaps.length - 1;
  if (setting === 'up' || last === 0) return { min: 0, max: 0 };
  const light = profile.category === 'piston-single' || profile.category === 'piston-twin';
  if (setting === 'takeoff') return light ? { min: 0, max: 1 } : { min: 1, max: Math.max(1, last - 1) };
  return light ? { min: 1, max: last } : { min: Math.max(1, last - 1), max: last };
}
