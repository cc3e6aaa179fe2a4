import { expect } from 'vitest';
import type { AskContext, LlmTurnMetric } from '../../../core/copilot/common/copilotTurn.js';
import type { Copilot } from '../../../core/copilot/node/copilot.js';
import { wordSteps, type ChatScript } from '../../peers/ollamaServer.js';
import { defaultConfig, type Config } from '../../../core/config/common/configSchema.js';
import type { Intent } from '../../../core/intent/common/intents.js';
import { genericProfile } from '../../../core/sim/common/aircraftProfile.js';
import { demoInitialState } from '../../../core/sim/common/demoFlightModel.js';

export interface AskHarness {
  ctx: AskContext;
  controller: AbortController;
  executed: Intent[];
  metrics: LlmTurnMetric[];
}

/** A context on the demo aircraft; executeIntent records intents and answers like the engine would. */
export function askHarness(answer: (i: Intent) => { ok: boolean; reply: string } = () => ({ ok: true, reply: 'Heading two seven zero.' })): AskHarness {
  const controller = new AbortController();
  const executed: Intent[] = [];
  const metrics: LlmTurnMetric[] = [];
  const ctx: AskContext = {
    state: demoInitialState(genericProfile),
    profile: genericProfile,
    phase: 'cruise',
    signal: controller.signal,
    executeIntent: async (intent) => {
      executed.push(intent);
      return answer(intent);
    },
    onMetric: (m) => metrics.push(m),
  };
  return { ctx, controller, executed, metrics };
}

export function llmConfig(patch: Partial<Config['llm']>): Config['llm'] {
  return { ...defaultConfig().llm, ...patch };
}

export async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of it) out.push(s);
  return out;
}

/** Messages of a recorded chat request body (either wire format). */
export function messagesOf(body: unknown): { role: string; content?: unknown; tool_name?: unknown; tool_call_id?: unknown }[] {
  return ((body as { messages?: unknown[] }).messages ?? []) as { role: string; content?: unknown }[];
}

/**
 * The caller breaks out after the first sentence of a reply whose stream never ends: the copilot
 * must close the HTTP stream (the peer sees the request aborted). Same check for every provider.
 */
export async function expectStreamClosedWhenCallerStops(
  server: { script(...s: ChatScript[]): void; nextAbort(): Promise<void>; abortedRequests: number; dispose(): Promise<void> },
  copilot: Copilot,
): Promise<void> {
  try {
    server.script({ steps: [...wordSteps('One. Two.'), { hold: true }] });
    const aborted = server.nextAbort();
    for await (const s of copilot.ask('Count', askHarness().ctx)) {
      expect(s).toBe('One.');
      break;
    }
    await aborted;
    expect(server.abortedRequests).toBe(1);
  } finally {
    await copilot.dispose();
    await server.dispose();
  }
}
