import { z } from 'zod';
import { headlineMetricsSchema, stageMetricSchema } from '../../base/common/metrics.js';

export const pipelineStages = ['idle', 'listening', 'transcribing', 'thinking', 'acting', 'speaking'] as const;
export type PipelineStage = (typeof pipelineStages)[number];

export const outcomeSchema = z.object({
  status: z.enum(['applied', 'refused', 'timeout', 'answered', 'not-understood', 'llm', 'cancelled', 'control']),
  reason: z.string().optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;

/** The answer to a text or audio command: what the HTTP API and `stratus cmd` print. */
export const commandResultSchema = z.object({
  turnId: z.string(),
  transcript: z.string(),
  intent: z.string().nullable(),
  confidence: z.number(),
  reply: z.string(),
  outcome: outcomeSchema,
  metrics: z.array(stageMetricSchema),
  headline: headlineMetricsSchema,
});
export type CommandResult = z.infer<typeof commandResultSchema>;

const turnId = z.string();
/** What a turn tells the UIs as it runs, in order. */
export const turnEventSchemas = [
  z.object({ type: z.literal('turnStarted'), turnId, source: z.enum(['text', 'voice', 'copilot']), at: z.number() }),
  z.object({ type: z.literal('transcript'), turnId, kind: z.enum(['interim', 'final']), text: z.string() }),
  z.object({ type: z.literal('intent'), turnId, notation: z.string(), confidence: z.number(), matched: z.array(z.string()) }),
  z.object({ type: z.literal('actionApplied'), turnId, notation: z.string(), latencyMs: z.number() }),
  z.object({ type: z.literal('actionRefused'), turnId, notation: z.string(), reason: z.string() }),
  z.object({ type: z.literal('reply'), turnId, text: z.string(), final: z.boolean() }),
  z.object({
    type: z.literal('turnEnded'),
    turnId,
    outcome: outcomeSchema,
    metrics: z.array(stageMetricSchema),
    headline: headlineMetricsSchema,
  }),
] as const;
export type TurnEvent = z.infer<(typeof turnEventSchemas)[number]>;
