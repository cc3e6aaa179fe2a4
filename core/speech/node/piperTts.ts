import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-node';
import type { EngineStatus } from '../../base/common/status.js';
import { joinClauses, phonemesToIds, piperConfigSchema, type PiperConfig } from '../common/piperVoice.js';
import type { SynthesizedAudio, TtsEngine } from '../common/ttsEngine.js';
import { TurnAbortedError } from '../../base/common/turnContext.js';
import { SynthesisError } from '../common/ttsErrors.js';
import { voiceShapeProblem, type InstalledVoices } from '../common/ttsVoices.js';
import { runToBuffer } from './systemTts.js';

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
 * phonemised by espeak-ng (`--ipa`), as Piper itself does. Inference runs on onnxruntime's own
 * threads (async), so the main thread is not blocked.
 */
export class PiperTts implements TtsEngine {
  readonly name = 'piper';
  private state: EngineStatus = { state: 'loading', detail: 'Piper voice: loading' };
  private session: Ort.InferenceSession | undefined;
  private config: PiperConfig | undefined;
  /** Loaded with the voice, not at start-up: most pilots use the system voice, and the runtime is ~20 MB of native code. */
  private ort: typeof Ort | undefined;

  constructor(private readonly opts: { voicePath: string }) {}

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
      step = 'onnxruntime did not load the model';
      this.ort ??= await import('onnxruntime-node');
      this.session = await this.ort.InferenceSession.create(this.opts.voicePath, { intraOpNumThreads: 2 });
      const missing = ['input', 'input_lengths', 'scales'].filter((n) => !this.session!.inputNames.includes(n));
      if (missing.length) {
        step = `not a Piper model (missing inputs ${missing.join(', ')})`;
        throw new Error(step);
      }
      this.state = { state: 'ready', detail: `Piper ${this.opts.voicePath.split(/[\\/]/).pop() ?? ''}` };
    } catch {
      this.state = { state: 'error', detail: `Piper voice failed to load: ${step}` };
    }
  }

  async synthesize(text: string, signal: AbortSignal): Promise<SynthesizedAudio> {
    const session = this.session;
    const config = this.config;
    const ort = this.ort;
    if (!session || !config || !ort) throw new SynthesisError(this.state.detail);
    const ipa = new TextDecoder().decode(await runToBuffer('espeak-ng', ['-q', '--ipa', '-v', config.espeak.voice, '--', text], signal));
    const { ids } = phonemesToIds(joinClauses(ipa.split('\n'), text), config.phoneme_id_map);
    if (signal.aborted) throw new TurnAbortedError(signal.reason);
    const feeds: Record<string, Ort.Tensor> = {
      input: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
      input_lengths: new ort.Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
      scales: new ort.Tensor('float32', Float32Array.from([config.inference.noise_scale, config.inference.length_scale, config.inference.noise_w]), [3]),
    };
    if (config.num_speakers > 1 && session.inputNames.includes('sid')) feeds.sid = new ort.Tensor('int64', BigInt64Array.from([0n]), [1]);
    const out = await session.run(feeds);
    if (signal.aborted) throw new TurnAbortedError(signal.reason);
    const audio = out[session.outputNames[0]!]!.data as Float32Array;
    return { samples: Float32Array.from(audio), sampleRateHz: config.audio.sample_rate };
  }

  async dispose(): Promise<void> {
    await this.session?.release();
    this.session = undefined;
  }
}
