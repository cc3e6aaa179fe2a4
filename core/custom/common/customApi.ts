import { z } from 'zod';
import { aircraftProfileSchema } from '../../sim/common/aircraftProfile.js';
import { customCommandSchema } from './customFormat.js';

/** A listed command: where it comes from (a shipped example or the pilot's file). */
export const listedCommandSchema = z.object({ command: customCommandSchema, source: z.enum(['shipped', 'user']) });

/** The pilot's commands as in use, with every command left out and why. */
export const customListingSchema = z.object({
  commands: z.array(listedCommandSchema),
  problems: z.array(z.object({ id: z.string(), reason: z.string(), source: z.enum(['shipped', 'user', 'file']) })),
  /** Commands in use that pocketsphinx cannot hear in full (words missing from its dictionary). */
  warnings: z.array(z.object({ id: z.string(), reason: z.string() })),
  /** The user's file (shown so the pilot can find it and share it). */
  file: z.string(),
});
export type CustomListingResult = z.infer<typeof customListingSchema>;

/** The answer to a change: `ok` false with the reasons and nothing written, or the listing after it. */
export const customChangeResultSchema = z.object({
  ok: z.boolean(),
  problems: z.array(z.object({ id: z.string(), reason: z.string() })),
  listing: customListingSchema,
});
export type CustomChangeResult = z.infer<typeof customChangeResultSchema>;

export const customExportSchema = z.object({ text: z.string(), fileName: z.string() });

/** A shared file's text is at most this long (the store checks the same limit). */
export const MAX_CUSTOM_IMPORT_CHARS = 512 * 1024;

/** The contract commands (core/api/common/contract.ts), here so the custom area keeps its own shapes. */
export const customCommandSchemas = [
  z.object({ type: z.literal('customList') }).strict(),
  /** Adds a command, or replaces the pilot's command with the same id; validated in full (400-style reasons in `problems`). */
  z.object({ type: z.literal('customSave'), command: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('customDelete'), id: z.string().min(1).max(64) }).strict(),
  /** A shared file's text (YAML or JSON): its commands are added, all or nothing. */
  z.object({ type: z.literal('customImport'), text: z.string().max(MAX_CUSTOM_IMPORT_CHARS) }).strict(),
  /** The pilot's commands (`all`: every command in use) as a file to share. */
  z.object({ type: z.literal('customExport'), all: z.boolean().default(false) }).strict(),
] as const;

export const customResultSchemas = {
  customList: customListingSchema,
  customSave: customChangeResultSchema,
  customDelete: customChangeResultSchema,
  customImport: customChangeResultSchema,
  customExport: customExportSchema,
};

/* ---------------- aircraft profiles the pilot picks and edits ---------------- */

/** Every profile (shipped, or the pilot's copy over it), for the picker and the editor. */
export const profileListSchema = z.object({
  profiles: z.array(z.object({ profile: aircraftProfileSchema, source: z.enum(['shipped', 'user']) })),
  /** Where the pilot's copies are kept. */
  dir: z.string(),
});
export const profileSaveResultSchema = z.object({ ok: z.boolean(), problems: z.array(z.string()), list: profileListSchema, note: z.string() });

export const profileCommandSchemas = [
  z.object({ type: z.literal('profileList') }).strict(),
  /** Saves the pilot's copy of a profile (flap detents, speeds...), validated in full; nothing is written otherwise. */
  z.object({ type: z.literal('profileSave'), profile: z.record(z.string(), z.unknown()) }).strict(),
] as const;
export const profileResultSchemas = { profileList: profileListSchema, profileSave: profileSaveResultSchema };
