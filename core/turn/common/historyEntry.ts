import { z } from 'zod';
import { outcomeSchema } from './turnResults.js';

/** What became of a turn, in the words of the history list. */
export const historyResults = ['running', 'applied', 'refused', 'asked', 'said again', 'answered', 'done', 'cancelled', 'timed out'] as const;
export type HistoryResult = (typeof historyResults)[number];

const controlValue = z.union([z.number(), z.boolean(), z.string()]);

/** One turn as the transcript history shows it: what was heard, what was done, and whether it can be undone. */
export const historyEntrySchema = z.object({
  turnId: z.string(),
  source: z.enum(['text', 'voice', 'copilot']),
  /** Epoch ms when the turn started. */
  at: z.number(),
  /** The final transcript (what was acted on). */
  heard: z.string(),
  /** The intent in corpus notation ("set heading 090"), when one was understood. */
  intent: z.string().nullable(),
  confidence: z.number().nullable(),
  /** What Stratus said back. */
  reply: z.string(),
  result: z.enum(historyResults),
  /** Absent while the turn runs. */
  outcome: outcomeSchema.optional(),
  /** Each sim write tried, applied or refused with the reason. */
  actions: z.array(z.object({ notation: z.string(), status: z.enum(['applied', 'refused']), reason: z.string().optional(), latencyMs: z.number().optional() })),
  /** The sim values the applied writes changed, read before and after. */
  changes: z.array(z.object({ control: z.string(), label: z.string(), before: controlValue, after: controlValue })),
  /** The applied writes read back ("heading zero niner zero"). */
  readback: z.string(),
  /** The question asked when the command was held for "affirm", and how it was answered. */
  question: z.string().optional(),
  confirmation: z.enum(['affirmed', 'negated', 'expired', 'superseded']).optional(),
  undo: z.object({
    /** `available`: it has an inverse and was not undone (whether it is safe now is decided when asked). */
    state: z.enum(['none', 'available', 'not-undoable', 'undone']),
    /** What an undo would set, in notation. */
    inverse: z.string().optional(),
    /** Why it cannot be undone now (not-undoable, or a later change to the same control). */
    reason: z.string().optional(),
    undoneBy: z.string().optional(),
    undoneAt: z.number().optional(),
  }),
  /** This turn was an undo of that turn. */
  undoOf: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The history, newest first, and how many turns it keeps. */
export const historyListSchema = z.object({ entries: z.array(historyEntrySchema), limit: z.number() });
export type HistoryList = z.infer<typeof historyListSchema>;

/** The answer to an undo from the history: done, or refused with the reason (nothing was changed). */
export const historyUndoResultSchema = z.object({
  status: z.enum(['undone', 'refused']),
  reason: z.string().optional(),
  /** The undo turn's result when it ran. */
  turnId: z.string().optional(),
  reply: z.string().optional(),
});
export type HistoryUndoResult = z.infer<typeof historyUndoResultSchema>;

/** An entry was added or changed (a turn ended, was undone, its question answered). */
export const historyEventSchema = z.object({ type: z.literal('historyUpdated'), entry: historyEntrySchema });
