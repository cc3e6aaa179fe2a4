import { z } from 'zod';

/** How an engine part (microphone, VAD, STT, voice, language model) is doing, as the pilot reads it. */
export const engineStatusSchema = z.object({
  state: z.enum(['ready', 'loading', 'missing', 'error', 'disabled']),
  /** What the user sees: "pocketsphinx en-us", "no model: download base.en (142 MB)?" */
  detail: z.string(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const warningSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});
export type Warning = z.infer<typeof warningSchema>;

/** A warning for the overlay and the log (a corrupt config kept aside, a stuck push-to-talk key). */
export const warningEventSchema = z.object({ type: z.literal('warning'), warning: warningSchema });
