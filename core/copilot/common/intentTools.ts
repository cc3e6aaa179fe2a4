import { z } from 'zod';
import { describeZodError } from '../../base/common/zodError.js';
import { intentSchema, simWriteKinds, type Intent, type IntentKind } from '../../intent/common/intents.js';
import type { ToolCall, ToolDefinition } from './llmTypes.js';

/**
 * The model's only way to act: one tool per intent kind the pilot could also say, each with the
 * JSON Schema derived from the intent engine's zod schema. A tool call becomes an Intent only
 * after the same zod validation; anything else is refused with a reason the model (and the log)
 * can read.
 */
const descriptions: Partial<Record<IntentKind, string>> = {
  apHeading: 'Set the autopilot heading bug, degrees magnetic 1-360.',
  apAltitude: 'Set the autopilot selected altitude, feet.',
  apSpeed: 'Set the autopilot/autothrottle selected airspeed, knots.',
  apVerticalSpeed: 'Set the autopilot vertical speed, feet per minute (negative to descend).',
  apMaster: 'Engage (on=true) or disconnect (on=false) the autopilot.',
  apMode: 'Engage an autopilot mode.',
  flaps: 'Set the flap handle: "up", "full", or the detent number/degrees the aircraft uses.',
  gear: 'Landing gear down (down=true) or up (down=false).',
  light: 'Switch an exterior light on or off.',
  radio: 'Tune a radio; khz is the channel in kHz (121.5 MHz = 121500).',
  radioSwap: 'Swap a radio\'s active and standby frequencies.',
  transponder: 'Set the transponder code: four octal digits read as a number (squawk 0200 = 200).',
  altimeter: 'Set the altimeter pressure.',
  checklistStart: 'Start reading a checklist with the pilot.',
  callouts: 'Turn automatic callouts on or off.',
};

/** Intent kinds the model may request: sim writes, starting a checklist, and the callout switch. */
export const toolKinds: readonly IntentKind[] = [...[...simWriteKinds].filter((k) => k !== 'custom'), 'checklistStart', 'callouts'];

type IntentOption = (typeof intentSchema.options)[number];

function optionFor(kind: IntentKind): IntentOption | undefined {
  return intentSchema.options.find((o) => (o.shape.kind as z.ZodLiteral<string>).value === kind);
}

let cached: ToolDefinition[] | undefined;

/** The tool list sent with every request (built once). */
export function intentTools(): ToolDefinition[] {
  if (cached) return cached;
  cached = toolKinds.flatMap((kind) => {
    const option = optionFor(kind);
    if (!option) return [];
    const params = (option as unknown as z.ZodObject).omit({ kind: true });
    const schema = z.toJSONSchema(params) as Record<string, unknown>;
    delete schema.$schema;
    return [{ name: kind, description: descriptions[kind] ?? kind, parameters: schema }];
  });
  return cached;
}

export type ToolDecision = { ok: true; intent: Intent } | { ok: false; reason: string };

/** Validates a tool call into an intent, or says why it is refused. */
export function intentFromToolCall(call: ToolCall): ToolDecision {
  if (!(toolKinds as readonly string[]).includes(call.name)) return { ok: false, reason: `unknown tool "${call.name}"` };
  if ('unparsed' in call.arguments) return { ok: false, reason: `arguments for ${call.name} are not valid JSON` };
  const parsed = intentSchema.safeParse({ ...call.arguments, kind: call.name });
  if (!parsed.success) return { ok: false, reason: `invalid ${call.name}: ${describeZodError(parsed.error)}` };
  return { ok: true, intent: parsed.data };
}
