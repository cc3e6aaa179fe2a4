import type { EngineStatus } from '../../base/common/status.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { WorkerClient, type WorkerPhase } from '../../base/node/workerClient.js';
import { AUDIO_WORKER_MARK } from '../../../native/portAudio.js';
import type { AudioSink } from './audioOutput.js';
import type { AudioDeviceInfo, AudioEvent, AudioRequest, CaptureSettings, MicMeasurement } from './audioProtocol.js';

/** V8 young generation of the audio worker, MB. */
const AUDIO_WORKER_YOUNG_GEN_MB = 4;
/** Worker start + Silero load is ~0.2 s; 20 s covers a loaded 2-core CI machine. */
const READY_TIMEOUT_MS = 20_000;

export interface AudioFrontEndEvents {
  onStatus(audio: EngineStatus, vad: EngineStatus): void;
  onLevel(levelDb: number, capturedSamples: number): void;
  onVad(speech: boolean, sampleIndex: number): void;
  /** The worker stopped and will be restarted: whatever was being listened to is gone. */
  onRestart?(reason: string): void;
}

type Reply<T extends AudioEvent['type']> = Extract<AudioEvent, { type: T }>;

/**
 * Main-thread handle of the audio worker (capture, ring buffer, VAD, reply output). The worker
 * is restarted with backoff when it dies; its settings are sent again on every start.
 */
export class AudioFrontEnd {
  private readonly client: WorkerClient<AudioRequest, AudioEvent>;
  private settings: CaptureSettings | undefined;
  private configured: (() => void) | undefined;
  audio: EngineStatus = { state: 'loading', detail: 'audio: starting' };
  vad: EngineStatus = { state: 'loading', detail: 'VAD loading' };
  output: EngineStatus = { state: 'loading', detail: 'output: starting' };
  /** Samples captured so far (16 kHz), as of the last level event (sent while listening). */
  capturedSamples = 0;
  /** The reply output, played by the worker. */
  readonly sink: AudioSink;

  constructor(
    private readonly events: AudioFrontEndEvents,
    crashLog?: CrashLog,
  ) {
    this.client = new WorkerClient<AudioRequest, AudioEvent>({
      name: 'audio worker',
      url: siblingUrl(import.meta.url, 'audioWorker'),
      // A small young generation: the worker moves 64 ms chunks and holds a ring buffer outside
      // the JS heap, so V8's default nursery would only add resident memory beside the sim.
      workerOptions: { resourceLimits: { maxYoungGenerationSizeMb: AUDIO_WORKER_YOUNG_GEN_MB }, workerData: { [AUDIO_WORKER_MARK]: true } },
      readyTimeoutMs: READY_TIMEOUT_MS,
      onEvent: (m) => this.onMessage(m),
      onStarted: () => this.sendSettings(),
      onPhase: (phase, reason) => this.onPhase(phase, reason),
      ...(crashLog ? { crashLog } : {}),
    });
    this.sink = new WorkerAudioSink(this.client);
  }

  /** Starts the worker and waits until it has applied the settings (the first status). */
  async start(settings: CaptureSettings): Promise<void> {
    this.settings = settings;
    await this.client.start();
  }

  private sendSettings(): Promise<void> {
    const settings = this.settings;
    if (!settings) return Promise.resolve();
    const applied = new Promise<void>((resolve) => (this.configured = resolve));
    this.client.post({ type: 'configure', settings });
    return applied;
  }

  private onPhase(phase: WorkerPhase, reason?: string): void {
    if (phase !== 'restarting' || !reason) return;
    this.configured?.();
    this.audio = { state: 'error', detail: reason };
    this.output = { state: 'error', detail: reason };
    this.events.onStatus(this.audio, this.vad);
    this.events.onRestart?.(reason);
  }

  configure(settings: CaptureSettings): void {
    this.settings = settings;
    this.client.post({ type: 'configure', settings });
  }

  /** Marks the start of an utterance (pre-roll included). */
  begin(): void {
    this.client.post({ type: 'begin' });
  }

  /** Stops listening; the audio stays until take(). */
  end(): void {
    this.client.post({ type: 'end' });
  }

  /** Everything since begin(), 16 kHz mono, with the live VAD's per-frame probabilities. */
  take(): Promise<{ pcm: Int16Array; probs: Float32Array }> {
    return this.client.request<Reply<'utterance'>>((id) => ({ type: 'take', id }), 'utterance');
  }

  /** Everything since begin() so far, while listening continues. */
  peek(): Promise<{ pcm: Int16Array; probs: Float32Array }> {
    return this.client.request<Reply<'utterance'>>((id) => ({ type: 'peek', id }), 'utterance');
  }

  /** VAD probabilities (per 512-sample frame) of arbitrary 16 kHz audio. */
  async analyse(pcm: Int16Array): Promise<Float32Array> {
    const r = await this.client.request<Reply<'analysed'>>((id) => ({ type: 'analyse', id, pcm }), 'analysed');
    return r.probs;
  }

  async devices(): Promise<{ devices: AudioDeviceInfo[]; problem?: string }> {
    try {
      const r = await this.client.request<Reply<'devices'>>((id) => ({ type: 'listDevices', id }), 'devices');
      return r.problem ? { devices: r.devices, problem: r.problem } : { devices: r.devices };
    } catch (e) {
      return { devices: [], problem: (e as Error).message };
    }
  }

  /** Records `ms` from the microphone and measures it; with `playback` plays it through the output. */
  async micTest(ms: number, playback: boolean): Promise<{ result: MicMeasurement; playedBack: boolean }> {
    return this.client.request<Reply<'micMeasured'>>((id) => ({ type: 'micTest', id, ms, playback }), 'micMeasured');
  }

  /** Level events for the next `ms` even when not listening (the settings window's live meter). */
  monitor(ms: number): void {
    this.client.post({ type: 'monitor', ms });
  }

  /** Worker restarts after a crash (tests and diagnostics). */
  get restarts(): number {
    return this.client.restarts;
  }

  private onMessage(m: AudioEvent): void {
    switch (m.type) {
      case 'status':
        this.audio = m.audio;
        this.vad = m.vad;
        this.output = m.output;
        this.configured?.();
        this.configured = undefined;
        this.events.onStatus(m.audio, m.vad);
        return;
      case 'level':
        this.capturedSamples = m.capturedSamples;
        this.events.onLevel(m.levelDb, m.capturedSamples);
        return;
      case 'vad':
        this.events.onVad(m.speech, m.sampleIndex);
        return;
      default:
        return;
    }
  }

  dispose(): Promise<void> {
    return this.client.dispose();
  }
}

/**
 * The reply output as the speaker sees it: blocks go to the audio worker, which owns the device.
 * A block resolves when the worker's output took it, as a local device would.
 */
class WorkerAudioSink implements AudioSink {
  readonly name = 'audio worker output';

  constructor(private readonly client: WorkerClient<AudioRequest, AudioEvent>) {}

  async play(samples: Float32Array, sampleRateHz: number): Promise<void> {
    const copy = samples.slice();
    await this.client.request<Reply<'played'>>((id) => ({ type: 'play', id, samples: copy, sampleRateHz }), 'played', [copy.buffer]);
  }

  async drain(): Promise<void> {
    await this.client.request<Reply<'drained'>>((id) => ({ type: 'drain', id }), 'drained');
  }

  stop(): void {
    this.client.post({ type: 'stopOutput' });
  }

  async dispose(): Promise<void> {
    this.stop();
  }
}
