import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTurnContext } from '../../core/base/common/turnContext.js';
import type { ChecklistPort } from '../../core/copilot/common/copilotPort.js';
import { genericProfile } from '../../core/sim/common/aircraftProfile.js';
import { DemoSim } from '../../core/sim/common/demoSim.js';
import type { Recognition } from '../../core/speech/common/sttEngine.js';
import { SpeechService } from '../../core/speech/node/speechService.js';
import { recognise } from '../../core/turn/common/stages.js';
import type { TurnEvent } from '../../core/turn/common/turnResults.js';
import { TurnRunner, type SpeechPort, type TurnDeps } from '../../core/turn/common/turnRunner.js';
import { RecordingEvents, commandGrammar, speechTestConfig } from '../integration/speech/testConfig.js';
import { classify, wroteWrong, type TurnObservation, type Verdict } from './spokenScore.js';
import { cacheRoot, type Clip, type SpokenSet } from './spokenSet.js';

/** One clip as the real recogniser heard it, and how long the VAD + STT stages took. */
export interface Heard {
  recognition: Recognition;
  /** Utterance handed over to recognition done (VAD + STT), ms. */
  recogniseMs: number;
  sttMs: number;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Source files whose change changes what pocketsphinx hears: any of them invalidates the cache. */
function engineSources(): string[] {
  const speech = ['core/speech/common', 'core/speech/node'].flatMap((d) =>
    readdirSync(join(root, d))
      .filter((f) => f.toLowerCase().includes('pocketsphinx') && f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(d, f)),
  );
  return [...speech, 'core/speech/node/speechService.ts', 'core/speech/node/engineSetup.ts', 'core/audio/common/vadTrim.ts'].sort();
}

/** The recognition cache key: the grammar pocketsphinx gets and the engine's code. */
export function engineHash(): string {
  const h = createHash('sha256').update(commandGrammar.jsgf());
  for (const f of engineSources()) if (existsSync(join(root, f))) h.update(f).update(readFileSync(join(root, f)));
  return h.digest('hex').slice(0, 16);
}

/** Recognitions are saved this often, so an interrupted or budget-limited run resumes. */
const SAVE_EVERY = 20;

/** A stable shuffle (by a hash of the id): any prefix of it is a balanced sample of the set. */
export function sampleOrder(clips: Clip[]): Clip[] {
  const key = (c: Clip): string => createHash('sha256').update(c.id).digest('hex');
  return [...clips].sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * Clips through the product's speech path (SpeechService: Silero VAD trim, then pocketsphinx with
 * the intent grammar), each once: cached per engine + grammar hash and clip audio, so reruns only
 * replay. Within `budgetMs` (0: none) it recognises what it can, in sampleOrder, and the next run
 * goes on from there. Throws when pocketsphinx is not ready: a bench without its engine measures
 * nothing.
 */
export async function recogniseAll(
  set: SpokenSet,
  opts: { fresh?: boolean; budgetMs?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ heard: Map<string, Heard>; engine: string; fresh: number }> {
  // Keyed by the audio's bytes, not the clip id: editing the manifest keeps every unchanged clip's recognition.
  const file = join(cacheRoot(), `recognitions-${engineHash()}.json`);
  const saved = !opts.fresh && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { engine: string; heard: Record<string, Heard> }) : { engine: '', heard: {} };
  const byAudio = new Map(Object.entries(saved.heard));
  const audio = new Map(set.clips.map((c) => [c.id, set.audioHash(c)]));
  const heard = new Map<string, Heard>();
  for (const c of set.clips) {
    const h = byAudio.get(audio.get(c.id)!);
    if (h) heard.set(c.id, h);
  }
  const todo = sampleOrder(set.clips).filter((c) => !heard.has(c.id));
  if (todo.length === 0) return { heard, engine: saved.engine, fresh: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'stratus-spoken-stt-'));
  const service = new SpeechService(speechTestConfig(), new RecordingEvents(), { modelsDir: join(dir, 'models'), grammar: commandGrammar });
  let engine = saved.engine;
  const save = (): void => {
    for (const [id, h] of heard) byAudio.set(audio.get(id)!, h);
    writeFileSync(file, JSON.stringify({ engine, heard: Object.fromEntries(byAudio) }));
  };
  const t0 = performance.now();
  let fresh = 0;
  try {
    await service.start();
    const stt = service.statuses().stt;
    if (stt.state !== 'ready' || !/pocketsphinx/.test(stt.detail)) throw new Error(`pocketsphinx is not running: ${stt.state}: ${stt.detail}`);
    engine = stt.detail;
    for (const clip of todo) {
      if (opts.budgetMs && performance.now() - t0 > opts.budgetMs) break;
      const turn = createTurnContext();
      const started = performance.now();
      const recognition = await recognise({ pcm: set.load(clip), releasedAtMs: started, source: 'api' }, service, turn);
      const recogniseMs = performance.now() - started;
      const sttMs = turn.metrics.all().find((m) => m.stage === 'stt')?.durationMs ?? 0;
      heard.set(clip.id, { recognition, recogniseMs, sttMs });
      fresh += 1;
      if (fresh % SAVE_EVERY === 0) save();
      opts.onProgress?.(heard.size, set.clips.length);
    }
    save();
    return { heard, engine, fresh };
  } finally {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Hands the turn a recorded recognition; replies go nowhere. */
class ReplaySpeech implements SpeechPort {
  constructor(private readonly heard: Recognition) {}
  async analyse(): Promise<undefined> {
    return undefined; // the recording is already trimmed and recognised
  }
  async transcribe(): Promise<Recognition> {
    return this.heard;
  }
  vadThreshold(): number {
    return 0.5;
  }
  async speak(sentences: AsyncIterable<string>): Promise<{ firstAudioAtMs?: number }> {
    for await (const _ of sentences) {
      /* no voice in the bench */
    }
    return {};
  }
  stopSpeaking(): void {}
}

/** A checklist that is running (for the checklist-item prompts) or not. */
function checklist(active: boolean): ChecklistPort {
  return { active: () => active, start: (name) => `${name} checklist.`, handle: () => 'Checked.' };
}

/**
 * A pilot says a command to change something: when the demo sim's starting state already is what
 * the prompt asks for, a typed command first moves it away (else the decide stage rightly finds
 * the command suspect and asks). Keyed by the prompt's expected notation.
 */
const SETUP: Record<string, string> = {
  'set ap.master on': 'autopilot off',
  'set ap.heading 90': 'heading one eight zero',
  'set gear up': 'gear down',
  'set flaps up': 'flaps fifteen',
  'set lights.landing off': 'landing lights on',
  'set lights.strobe on': 'strobe lights off',
  'set lights.nav on': 'nav lights off',
  'set xpdr 1200': 'squawk seven thousand',
};

export interface Replayed {
  verdict: Verdict;
  /** The turn wrote something to the sim that was not said. */
  wroteWrong: boolean;
  observation: TurnObservation;
  /** Turn start (recognition handed in) to the decision: acting, a question, or the reply. */
  decideMs: number;
}

/**
 * One clip's recorded recognition through the real TurnRunner at one strictness, against a fresh
 * demo sim (and a fresh runner: no confirmation or undo carries over from another clip).
 */
export async function replay(clip: Clip, heard: Recognition, strictness: number): Promise<Replayed> {
  const sim = new DemoSim({ rateHz: 240, profile: genericProfile });
  await sim.start();
  const events: Array<{ at: number; e: TurnEvent }> = [];
  let actingAt: number | undefined;
  const checklistItem = /^checklist (confirm|next|repeat|stop|skip)/.test(clip.prompt.expected);
  const speech = new ReplaySpeech(heard);
  const deps: TurnDeps = {
    sim: () => ({ adapter: sim, profile: genericProfile }),
    emit: (e) => events.push({ at: performance.now(), e }),
    stage: (s) => {
      if (s === 'acting') actingAt ??= performance.now();
    },
    speech: () => speech,
    llmUnavailable: () => 'no language model in the bench',
    checklist: () => checklist(checklistItem),
    setCallouts: async () => undefined,
    now: () => performance.now(),
    strictness: () => strictness,
  };
  const runner = new TurnRunner(deps);
  try {
    const setup = SETUP[clip.prompt.expected];
    if (setup) await runner.run({ kind: 'text', text: setup });
    events.length = 0;
    actingAt = undefined;
    const t0 = performance.now();
    const result = await runner.run({ kind: 'voice', utterance: { pcm: new Int16Array(1), releasedAtMs: t0, source: 'api' } });
    const types = events.map(({ e }) => e.type as string);
    const observation: TurnObservation = {
      applied: events.flatMap(({ e }) => (e.type === 'actionApplied' ? [e.notation] : [])),
      asked: types.includes('confirmationPending'),
      intent: result.intent,
      status: result.outcome.status,
    };
    const decidedAt = Math.min(actingAt ?? Infinity, ...events.filter(({ e }) => (e.type as string) === 'confirmationPending' || e.type === 'reply').map(({ at }) => at));
    return { verdict: classify(clip.prompt.expected, observation), wroteWrong: wroteWrong(clip.prompt.expected, observation), observation, decideMs: Number.isFinite(decidedAt) ? decidedAt - t0 : performance.now() - t0 };
  } finally {
    runner.dispose();
    await sim.dispose();
  }
}
