import { z } from 'zod';
import { headlineMetricsSchema, stageMetricSchema } from '../../base/common/metrics.js';

export const pipelineStages = ['idle', 'listening', 'transcribing', 'thinking', 'acting', 'speaking'] as const;
export type PipelineStage = (typeof pipelineStages)[number];

export const outcomeSchema = z.object({
  /** `confirming`: a risky command was asked back as a question and waits for "affirm". */
  status: z.enum(['applied', 'refused', 'timeout', 'answered', 'not-understood', 'llm', 'cancelled', 'control', 'confirming']),
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
  /**
   * false when a voice was to speak the reply and could not (the command was still carried out
   * as `outcome` says; the reply is text only); absent otherwise.
   */
  spoken: z.literal(false).optional(),
  /** Why, in a sentence for the pilot ("Speech output failed; replies are shown as text."): never a synthesiser's own output. */
  warning: z.string().optional(),
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
  /** A risky command heard without enough confidence is held and asked back; `expiresAt` (epoch ms) is when it is dropped unanswered. */
  z.object({ type: z.literal('confirmationPending'), turnId, notation: z.string(), question: z.string(), expiresAt: z.number(), windowMs: z.number() }),
  /** The held command was applied ("affirm"), dropped ("negative"), timed out, or replaced by another command. */
  z.object({ type: z.literal('confirmationResolved'), turnId, notation: z.string(), outcome: z.enum(['affirmed', 'negated', 'expired', 'superseded']) }),
  /** The writes of this turn can be taken back with "undo" until `until` (epoch ms). */
  z.object({ type: z.literal('undoAvailable'), turnId, notation: z.string(), readback: z.string(), until: z.number(), windowMs: z.number() }),
  /** The writes of this turn were taken back. */
  z.object({ type: z.literal('undone'), turnId, notation: z.string() }),
  z.object({
    type: z.literal('turnEnded'),
    turnId,
    outcome: outcomeSchema,
    metrics: z.array(stageMetricSchema),
    headline: headlineMetricsSchema,
  }),
] as const;
export type TurnEvent = z.infer<(typeof turnEventSchemas)[number]>;

/**
 * What the overlay needs after a (re)connect to show a question still waiting for "affirm" and
 * the last command that can still be undone. Times are epoch ms.
 */
export const trustStateSchema = z.object({
  confirmation: z.object({ turnId, notation: z.string(), question: z.string(), expiresAt: z.number() }).nullable(),
  undo: z.object({ turnId, notation: z.string(), readback: z.string(), until: z.number() }).nullable(),
});
export type TrustState = z.infer<typeof trustStateSchema>;
