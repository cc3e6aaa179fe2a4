import { CalloutEngine } from '../../core/copilot/common/calloutEngine.js';
import { buildSimContext } from '../../core/copilot/common/simContext.js';
import { Copilot } from '../../core/copilot/node/copilot.js';
import { defaultConfig } from '../../core/config/common/configSchema.js';
import { genericProfile } from '../../core/sim/common/aircraftProfile.js';
import { demoInitialState } from '../../core/sim/common/demoFlightModel.js';
import { loadRecording } from '../integration/copilot/recordings.js';
import { OllamaServer, wordSteps } from '../peers/ollamaServer.js';
import { OpenAiServer } from '../peers/openaiServer.js';
import { below, percentile, type BenchResult } from './harness.js';

/** The model's simulated time to first token. */
const FIRST_TOKEN_MS = 200;
const ASKS = 12;

function contextBuild(): BenchResult {
  const state = demoInitialState(genericProfile);
  const checklist = { type: 'checklist' as const, name: 'approach', title: 'Approach', index: 0, items: [{ challenge: 'Altimeter', response: 'Set', status: 'pending' as const }], done: false };
  const times: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    state.altitudeFt = 5500 + (i % 100);
    const t0 = performance.now();
    buildSimContext({ state, profile: genericProfile, phase: 'cruise', checklist });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return below('context build p99', percentile(times, 99), 'ms', 2, `p50 ${percentile(times, 50).toFixed(4)} ms over ${times.length} builds`);
}

function calloutEvaluation(): BenchResult[] {
  const c172 = { ...genericProfile, retractableGear: false };
  const frames = [...loadRecording('takeoff'), ...loadRecording('cruise_turns'), ...loadRecording('descent_approach')];
  const perFrame: number[] = [];
  let total = 0;
  for (let rep = 0; rep < 5; rep++) {
    const engine = new CalloutEngine({ enabled: true, muted: false, rules: {} });
    const t0 = performance.now();
    for (const s of frames) {
      const f0 = performance.now();
      engine.evaluate(s, c172);
      perFrame.push(performance.now() - f0);
    }
    total += performance.now() - t0;
  }
  perFrame.sort((a, b) => a - b);
  const mean = total / perFrame.length;
  return [
    below('callout evaluation per frame (mean)', mean, 'ms', 0.1, `${perFrame.length} FlightGear frames incl. phase detection`),
    below('callout evaluation per frame p99', percentile(perFrame, 99), 'ms', 0.1),
  ];
}

async function firstSentence(kind: 'ollama' | 'openai'): Promise<BenchResult> {
  const server = kind === 'ollama' ? await new OllamaServer(['llama3.2:3b']).start() : await new OpenAiServer(['m']).start();
  const llm =
    server instanceof OllamaServer
      ? { ...defaultConfig().llm, provider: 'ollama' as const, host: server.host, model: 'llama3.2:3b' }
      : { ...defaultConfig().llm, provider: 'openai' as const, baseUrl: server.baseUrl, model: 'm' };
  const copilot = new Copilot(llm);
  const state = demoInitialState(genericProfile);
  const times: number[] = [];
  try {
    // The first ask also pays for loading modules and opening the connection: reported, not judged.
    for (let i = 0; i <= ASKS; i++) {
      server.script({ steps: [{ delayMs: FIRST_TOKEN_MS }, ...wordSteps('Roger, heading two seven zero. We have about four hours of fuel.', 5)] });
      const controller = new AbortController();
      const t0 = performance.now();
      const it = copilot.ask(`Question ${i}: how much fuel do we have?`, { state, profile: genericProfile, phase: 'cruise', signal: controller.signal, executeIntent: async () => ({ ok: true, reply: '' }) });
      for await (const _ of it) {
        times.push(performance.now() - t0);
        break;
      }
    }
  } finally {
    await copilot.dispose();
    await server.dispose();
  }
  const cold = times.shift()!;
  times.sort((a, b) => a - b);
  const worst = times[times.length - 1]!;
  return below(
    `${kind}: request to first sentence (first token at ${FIRST_TOKEN_MS} ms), worst`,
    worst,
    'ms',
    FIRST_TOKEN_MS + 300,
    `p50 ${percentile(times, 50).toFixed(1)} ms over ${times.length} warm asks; first (cold) ask ${cold.toFixed(1)} ms`,
  );
}

export default async function run(): Promise<BenchResult[]> {
  return [contextBuild(), ...calloutEvaluation(), await firstSentence('ollama'), await firstSentence('openai')];
}
