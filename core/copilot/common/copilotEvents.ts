import { z } from 'zod';

/** What the copilot tells the UIs: callouts as they are made, the running checklist. */
export const calloutEventSchema = z.object({ type: z.literal('callout'), id: z.string(), text: z.string(), priority: z.enum(['info', 'caution', 'warning']), simTimeS: z.number() });
export const checklistEventSchema = z.object({
  type: z.literal('checklist'),
  name: z.string(),
  title: z.string(),
  index: z.number(),
  items: z.array(z.object({ challenge: z.string(), response: z.string(), status: z.enum(['pending', 'checked', 'skipped', 'challenged']) })),
  done: z.boolean(),
});
export const copilotEventSchemas = [calloutEventSchema, checklistEventSchema] as const;
export type CopilotEvent = z.infer<typeof calloutEventSchema> | z.infer<typeof checklistEventSchema>;
