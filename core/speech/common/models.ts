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

/** What recognition uses after the selected model is deleted: another installed model, else PocketSphinx. */
export type ModelFallback = { engine: 'whisper'; whisperModel: string } | { engine: 'pocketsphinx' };

/** The fallback when `id` (the selected model) goes: the first other installed model in list order. */
export function deleteFallback(entries: readonly Pick<ModelEntry, 'id' | 'installed'>[], id: string): ModelFallback {
  const other = entries.find((e) => e.installed && e.id !== id);
  return other ? { engine: 'whisper', whisperModel: other.id } : { engine: 'pocketsphinx' };
}

/** The fallback in words: "tiny.en" or "PocketSphinx". */
export function fallbackName(f: ModelFallback): string {
  return f.engine === 'whisper' ? f.whisperModel : 'PocketSphinx';
}

/** The answer to `modelDelete`. */
export const modelDeleteResultSchema = z.object({
  id: z.string(),
  freedBytes: z.number(),
  /** Set when the deleted model was in use: what recognition uses now. */
  fallback: z.string().optional(),
  models: z.array(modelEntrySchema),
});
export type ModelDeleteResult = z.infer<typeof modelDeleteResultSchema>;
