import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { EngineStatus } from '../../base/common/status.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { WorkerClient } from '../../base/node/workerClient.js';
import { joinClauses, phonemesToIds, piperConfigSchema, type PiperConfig } from '../common/piperVoice.js';
import type { SynthesizedAudio, TtsEngine } from '../common/ttsEngine.js';
import { TurnAbortedError } from '../../base/common/turnContext.js';
import { SynthesisError } from '../common/ttsErrors.js';
import { voiceShapeProblem, type InstalledVoices } from '../common/ttsVoices.js';
import { PIPER_LOAD_STEPS, type PiperRequest, type PiperResponse, type PiperWorkerData } from './piperProtocol.js';
import { runToBuffer } from './systemTts.js';

/** Loading onnxruntime (~20 MB of native code) and a voice model (up to ~100 MB) from a slow disk. */
const PIPER_READY_TIMEOUT_MS = 60_000;
/** A high-quality voice needs ~400 MB while it synthesises a long sentence. */
const PIPER_WORKER_HEAP_MB = 512;

/**
 * The Piper voices in `dir` (`<name>.onnx` with its `<name>.onnx.json`), by name. Only names that
 * can be voice names are listed, so a listed voice is always a file directly in `dir`.
 */
export async function listPiperVoices(dir: string): Promise<InstalledVoices> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return { engine: 'piper', voices: [], variants: [], problem: `no Piper voices folder (put <voice>.onnx and <voice>.onnx.json in ${dir})` };
  }
  const names = new Set(files);
  const voices = files
    .filter((f) => f.endsWith('.onnx') && names.has(`${f}.json`))
    .map((f) => f.slice(0, -'.onnx'.length))
    .filter((v) => !voiceShapeProblem(v))
    .sort();
  return { engine: 'piper', voices, variants: [] };
}

/**
 * A Piper neural voice (VITS ONNX, e.g. en_US-lessac-medium.onnx + .onnx.json) on onnxruntime-node,
 * phonemised by espeak-ng (`--ipa`), as Piper itself does. The model runs in a worker thread
 * (piperWorker.ts): onnxruntime's run() computes on the calling thread and would block the main
 * one. The worker, and with it onnxruntime-node, starts only when a Piper voice is loaded: most
 * pilots use the system voice, and a runtime that fails to load is then a status, not a crash.
 */
export class PiperTts implements TtsEngine {
  readonly name = 'piper';
  private state: EngineStatus = { state: 'loading', detail: 'Piper voice: loading' };
  private client: WorkerClient<PiperRequest, PiperResponse> | undefined;
  private config: PiperConfig | undefined;

  constructor(private readonly opts: { voicePath: string; crashLog?: CrashLog }) {}

  status(): EngineStatus {
    return this.state;
  }

  async start(): Promise<void> {
    const configPath = `${this.opts.voicePath}.json`;
    if (!existsSync(this.opts.voicePath) || !existsSync(configPath)) {
      this.state = { state: 'missing', detail: `no Piper voice at ${this.opts.voicePath} (+ .json)` };
      return;
    }
    // Each step says plainly what failed: a parser's or runtime's message can quote the file.
    let step = 'its .onnx.json is not a Piper voice config';
    try {
      const config = piperConfigSchema.parse(JSON.parse(await readFile(configPath, 'utf8')));
      // The phonemiser's voice comes from the file and reaches espeak-ng as an argument.
      if (voiceShapeProblem(config.espeak.voice)) throw new Error('bad espeak voice');
      this.config = config;
      step = PIPER_LOAD_STEPS.runtime;
      await this.client?.dispose();
      const client = new WorkerClient<PiperRequest, PiperResponse>({
        name: 'Piper voice worker',
        url: siblingUrl(import.meta.url, 'piperWorker'),
        workerOptions: { workerData: { voicePath: this.opts.voicePath } satisfies PiperWorkerData, resourceLimits: { maxOldGenerationSizeMb: PIPER_WORKER_HEAP_MB } },
        readyTimeoutMs: PIPER_READY_TIMEOUT_MS,
        restartAfterFailedStart: false, // the same model would fail again
        onEvent: () => undefined,
        ...(this.opts.crashLog ? { crashLog: this.opts.crashLog } : {}),
      });
      this.client = client;
      try {
        await client.start();
      } catch (e) {
        // The worker names the step (never the runtime's text); anything else is the runtime's failure.
        const told = Object.values(PIPER_LOAD_STEPS).find((s) => s === (e as Error).message);
        if (told) step = told;
        this.client = undefined;
        await client.dispose();
        throw e;
      }
      this.state = { state: 'ready', detail: `Piper ${this.opts.voicePath.split(/[\\/]/).pop() ?? ''}` };
    } catch {
      this.state = { state: 'error', detail: `Piper voice failed to load: ${step}` };
    }
  }

  async synthesize(text: string, signal: AbortSignal): Promise<SynthesizedAudio> {
    const client = this.client;
    const config = this.config;
    if (!client || !config || this.state.state !== 'ready') throw new SynthesisError(this.state.detail);
    const ipa = new TextDecoder().decode(await runToBuffer('espeak-ng', ['-q', '--ipa', '-v', config.espeak.voice, '--', text], signal));
    const { ids } = phonemesToIds(joinClauses(ipa.split('\n'), text), config.phoneme_id_map);
    if (signal.aborted) throw new TurnAbortedError(signal.reason);
    const scales: [number, number, number] = [config.inference.noise_scale, config.inference.length_scale, config.inference.noise_w];
    const speaker = config.num_speakers > 1 ? { speakerId: 0 } : {};
    let res: Extract<PiperResponse, { type: 'audio' }>;
    try {
      res = await client.request<Extract<PiperResponse, { type: 'audio' }>>((id) => ({ type: 'synthesize', id, phonemeIds: ids, scales, ...speaker }), 'audio');
    } catch (e) {
      throw new SynthesisError('Piper voice failed to synthesise', (e as Error).message);
    }
    if (signal.aborted) throw new TurnAbortedError(signal.reason);
    return { samples: res.samples, sampleRateHz: config.audio.sample_rate };
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.dispose();
  }
}
