import { z } from 'zod';

/** Per-stage latency of a turn, and the headline figures every turn ends with. */
export const metricStages = ['capture', 'vad', 'stt', 'intent', 'llm', 'sim', 'tts'] as const;
export const stageMetricSchema = z.object({
  stage: z.enum(metricStages),
  turnId: z.string(),
  /** ms since the turn started. */
  startedAt: z.number(),
  durationMs: z.number(),
  /** Time to first byte/token/audio where it applies, measured from when the request was sent. */
  ttfbMs: z.number().optional(),
  cancelled: z.boolean(),
});
export type StageMetric = z.infer<typeof stageMetricSchema>;

export const headlineMetricsSchema = z.object({
  /** Push-to-talk release (or text submit) to final transcript. */
  releaseToTranscriptMs: z.number().optional(),
  /** Release to the sim confirming the action by readback. */
  releaseToActionMs: z.number().optional(),
  /** Release to the first audio of the spoken reply. */
  releaseToFirstAudioMs: z.number().optional(),
  totalMs: z.number(),
});
export type HeadlineMetrics = z.infer<typeof headlineMetricsSchema>;
