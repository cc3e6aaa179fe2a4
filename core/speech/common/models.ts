import { z } from 'zod';

export const modelEntrySchema = z.object({
  id: z.string(),
  sizeMb: z.number().optional(),
  installed: z.boolean(),
  /** Bytes on disk (0 when not installed). */
  bytes: z.number(),
  path: z.string(),
  selected: z.boolean(),
  downloading: z.boolean(),
  /** Not in the catalogue: downloaded from the pilot's own URL, selected only by the pilot. */
  custom: z.boolean().optional(),
  /** SHA-256 of the file as downloaded (for a custom model, what the pilot compares with the publisher's). */
  sha256: z.string().optional(),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

/** Download progress of a whisper model, as the settings window shows it. */
export const modelProgressEventSchema = z.object({
  type: z.literal('modelProgress'),
  id: z.string(),
  state: z.enum(['downloading', 'installed', 'failed', 'cancelled']),
  receivedBytes: z.number(),
  totalBytes: z.number().optional(),
  error: z.string().optional(),
  /** Once installed: the file's SHA-256. */
  sha256: z.string().optional(),
});
export type ModelProgressEvent = z.infer<typeof modelProgressEventSchema>;
